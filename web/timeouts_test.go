package web

import (
	"bufio"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// 150 connections sending a body a byte a second do not hold the server:
// each is closed once its deadline passes (on main, before the timeouts,
// they were held for as long as the client kept sending), and a normal
// request is answered meanwhile. The deadlines are short here so the test
// is quick; nothing about how quick is asserted.
func TestSlowClientsDoNotHoldTheServer(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := io.ReadAll(r.Body); err != nil {
			return
		}
		io.WriteString(w, "ok")
	})
	tm := Timeouts{ReadHeader: 300 * time.Millisecond, Body: 500 * time.Millisecond, Write: 5 * time.Second, Idle: time.Second}
	addr := serve(t, tm, h)

	const slow = 150
	var wg sync.WaitGroup
	closed := make(chan error, slow)
	for i := range slow {
		wg.Add(1)
		go func() {
			defer wg.Done()
			closed <- slowClient(addr, i%2 == 0)
		}()
	}
	time.Sleep(100 * time.Millisecond) // the slow clients are connected
	res, err := http.Post("http://"+addr+"/", "application/json", strings.NewReader(`{}`))
	if err != nil {
		t.Fatalf("a normal request failed while slow clients were connected: %v", err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if string(body) != "ok" {
		t.Fatalf("normal request: %d %q", res.StatusCode, body)
	}
	wg.Wait()
	close(closed)
	for err := range closed {
		if err != nil {
			t.Fatal(err)
		}
	}
}

// slowClient sends a request's headers (or, with headersToo, only part of
// them) and then its body a byte a second, for up to a minute, and answers
// nil once the server closed the connection: the server, not the client,
// gave up.
func slowClient(addr string, headersToo bool) error {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	defer c.Close()
	if headersToo {
		fmt.Fprintf(c, "POST / HTTP/1.1\r\nHost: x\r\n")
	} else {
		fmt.Fprintf(c, "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n")
	}
	gone := make(chan struct{})
	go func() {
		bufio.NewReader(c).ReadString(0) // returns when the server closes (or answers and closes)
		close(gone)
	}()
	for range 60 {
		select {
		case <-gone:
			return nil
		case <-time.After(time.Second):
		}
		if _, err := c.Write([]byte("x")); err != nil {
			return nil // closed by the server
		}
	}
	return fmt.Errorf("the server held a slow client for a minute")
}

// A route of LongBody gets its longer deadline: a body that takes longer
// than Body, and less than the route's, is read whole.
func TestLongBodyRoutes(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, "cut", http.StatusBadRequest)
			return
		}
		fmt.Fprintf(w, "%d", len(b))
	})
	tm := Timeouts{ReadHeader: time.Second, Body: 200 * time.Millisecond, Write: 5 * time.Second, Idle: time.Second,
		LongBody: map[string]time.Duration{"/sync": 20 * time.Second}}
	addr := serve(t, tm, h)
	pr, pw := io.Pipe()
	go func() {
		for range 4 {
			time.Sleep(150 * time.Millisecond)
			pw.Write([]byte("x"))
		}
		pw.Close()
	}()
	res, err := http.Post("http://"+addr+"/sync", "application/json", pr)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if string(b) != "4" {
		t.Fatalf("the long route's body was cut: %d %q", res.StatusCode, b)
	}
}

// serve serves h under tm on 127.0.0.1 until the test ends.
func serve(t *testing.T, tm Timeouts, h http.Handler) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := tm.Server(h, log.New(io.Discard, "", 0))
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}
