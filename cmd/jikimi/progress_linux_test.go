package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// Progress goes to a terminal (a real pseudo-terminal here), and nowhere
// when stderr is a pipe, a file or a buffer.
func TestProgressOnlyOnATerminal(t *testing.T) {
	t.Parallel()
	_, tty := openPTY(t)
	if w := progress(env{stderr: tty}); w != tty {
		t.Fatalf("progress on a terminal: %v", w)
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	file, err := os.Create(t.TempDir() + "/log")
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	for name, out := range map[string]*os.File{"pipe": w, "file": file} {
		if p := progress(env{stderr: out}); p != nil {
			t.Fatalf("progress on a %s: %v", name, p)
		}
	}
}

// openPTY opens a new pseudo-terminal: the side that reads what is shown
// (ptm) and the terminal a program writes to (pts).
func openPTY(t *testing.T) (ptm, pts *os.File) {
	t.Helper()
	ptm, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	t.Cleanup(func() { ptm.Close() })
	if err := unix.IoctlSetPointerInt(int(ptm.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Fatal(err)
	}
	n, err := unix.IoctlGetInt(int(ptm.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Fatal(err)
	}
	pts, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pts.Close() })
	return ptm, pts
}

// Besides simulate, the long commands, migrate and retention (planning
// and carrying out), report how far they got on a terminal, and write
// nothing of it when stderr is not one.
func TestLongCommandsShowProgressOnlyOnATerminal(t *testing.T) {
	t.Parallel()
	shown := onTerminal(t, "migrate", "--create", "--data", t.TempDir())
	if !regexp.MustCompile(`migrate: 0001_\S+ applied \(1 of \d+\)`).MatchString(shown) {
		t.Fatalf("migrate on a terminal showed:\n%s", shown)
	}
	if _, stderr, err := runCmd(t, "migrate", "--create", "--data", t.TempDir()); err != nil || stderr != "" {
		t.Fatalf("migrate, not on a terminal: %v, stderr %q", err, stderr)
	}

	dir, officer, _ := retentionFixture(t)
	shown = onTerminal(t, "retention", "run", "--data", dir)
	plan := regexp.MustCompile(`retention: planning (pln_[a-z0-9]+) for bokjiro: 3 records due so far`).FindStringSubmatch(shown)
	if plan == nil {
		t.Fatalf("retention run on a terminal showed:\n%s", shown)
	}
	shown = onTerminal(t, "retention", "approve", plan[1], "--by", officer, "--data", dir)
	if !strings.Contains(shown, "retention: carrying out "+plan[1]+": 3 of 3 records destroyed or set apart") {
		t.Fatalf("retention approve on a terminal showed:\n%s", shown)
	}

	dir, officer, _ = retentionFixture(t)
	out, stderr, err := runCmd(t, "retention", "run", "--data", dir)
	quiet := regexp.MustCompile(`pln_[a-z0-9]+`).FindString(out)
	if err != nil || quiet == "" || strings.Contains(stderr, "retention: planning") {
		t.Fatalf("retention run, not on a terminal: %v\n%s\nstderr:\n%s", err, out, stderr)
	}
	_, stderr, err = runCmd(t, "retention", "approve", quiet, "--by", officer, "--data", dir)
	if err != nil || strings.Contains(stderr, "retention: carrying out") {
		t.Fatalf("retention approve, not on a terminal: %v\nstderr:\n%s", err, stderr)
	}
}

// onTerminal runs the program with a pseudo-terminal as its stderr and
// returns what the terminal showed.
func onTerminal(t *testing.T, args ...string) string {
	t.Helper()
	ptm, pts := openPTY(t)
	shown := make(chan string)
	const end = "--end of the command--"
	go func() {
		var b []byte
		buf := make([]byte, 4096)
		for !strings.Contains(string(b), end) {
			n, err := ptm.Read(buf)
			b = append(b, buf[:n]...)
			if err != nil {
				break
			}
		}
		shown <- string(b)
	}()
	var out bytes.Buffer
	if err := run(context.Background(), args, noEnv, &out, pts); err != nil {
		t.Fatalf("%v: %v\n%s", args, err, out.String())
	}
	fmt.Fprintln(pts, end)
	return <-shown
}
