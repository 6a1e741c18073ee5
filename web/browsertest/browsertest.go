// Package browsertest runs page tests in a real headless Chromium through
// the DevTools protocol (chromedp). It owns finding the browser and
// collecting what a page reports to its console (including
// Content-Security-Policy violations), so each page test can assert that a
// page loaded cleanly. Outside CI a machine without Chromium skips these
// tests; in CI (CI set) a missing browser fails them.
//
// It must only ever load pages from 127.0.0.1.
package browsertest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// candidates are the browser binaries tried, in order.
var candidates = []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"}

func findBrowser() string {
	if p := os.Getenv("JIKIMI_CHROMIUM"); p != "" {
		return p
	}
	for _, c := range candidates {
		if p, err := exec.LookPath(c); err == nil {
			return p
		}
	}
	return ""
}

// Browser is one headless browser tab for a test.
type Browser struct {
	Ctx context.Context

	mu       sync.Mutex
	problems []string
}

// New starts a headless Chromium for t, closed when t ends.
func New(t *testing.T) *Browser {
	t.Helper()
	path := findBrowser()
	if path == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("browsertest: no Chromium found (install the Debian packages chromium and chromium-driver)")
		}
		t.Skip("browsertest: no Chromium on this machine")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.Headless,
		chromedp.Flag("disable-gpu", true), chromedp.Flag("disable-dev-shm-usage", true))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(alloc)
	ctx, cancelTime := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTime(); cancelCtx(); cancelAlloc() })
	b := &Browser{Ctx: ctx}
	if err := chromedp.Listen(ctx, b.listen); err != nil {
		t.Fatalf("browsertest: starting Chromium: %v", err)
	}
	if _, err := chromedp.Call(ctx, log.Enable, cdp.Empty{}); err != nil {
		t.Fatalf("browsertest: enabling the log: %v", err)
	}
	if _, err := chromedp.Call(ctx, runtime.Enable, cdp.Empty{}); err != nil {
		t.Fatalf("browsertest: enabling the console: %v", err)
	}
	return b
}

// listen records console errors, exceptions and browser log errors (a
// blocked resource, a CSP violation).
func (b *Browser) listen(ev any) {
	var p string
	switch e := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeWarning {
			p = fmt.Sprintf("console %s", e.Type)
		}
	case *runtime.EventExceptionThrown:
		p = "exception: " + e.ExceptionDetails.Text
	case *log.EventEntryAdded:
		if e.Entry.Level == log.EntryLevelError || e.Entry.Level == log.EntryLevelWarning {
			p = fmt.Sprintf("%s %s: %s", e.Entry.Source, e.Entry.Level, e.Entry.Text)
		}
	}
	if p != "" {
		b.mu.Lock()
		b.problems = append(b.problems, p)
		b.mu.Unlock()
	}
}

// Problems are what pages reported so far.
func (b *Browser) Problems() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.problems...)
}

// Open loads a page of a server on 127.0.0.1 and waits for its body.
func (b *Browser) Open(t *testing.T, pageURL string) {
	t.Helper()
	u, err := url.Parse(pageURL)
	if err != nil || u.Hostname() != "127.0.0.1" {
		t.Fatalf("browsertest: %q is not a page on 127.0.0.1", pageURL)
	}
	if err := chromedp.Do(b.Ctx, chromedp.Navigate(pageURL), chromedp.WaitReady("body")); err != nil {
		t.Fatalf("browsertest: loading %s: %v", u.Path, err)
	}
}

// Text returns the visible text of the first element matching sel.
func (b *Browser) Text(t *testing.T, sel string) string {
	t.Helper()
	s, err := chromedp.Run(b.Ctx, chromedp.Text(sel))
	if err != nil {
		t.Fatalf("browsertest: text of %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

// Count returns how many elements match sel.
func (b *Browser) Count(t *testing.T, sel string) int {
	t.Helper()
	n, err := chromedp.Run(b.Ctx, chromedp.Evaluate[int](fmt.Sprintf("document.querySelectorAll(%q).length", sel)))
	if err != nil {
		t.Fatalf("browsertest: counting %s: %v", sel, err)
	}
	return n
}

// Clean fails t if any page reported an error or warning.
func (b *Browser) Clean(t *testing.T) {
	t.Helper()
	if p := b.Problems(); len(p) > 0 {
		t.Fatalf("the page reported problems: %q", p)
	}
}

// Header sends an extra header with every later request of the tab (a
// bearer token for pages behind a staff session).
func (b *Browser) Header(t *testing.T, name, value string) {
	t.Helper()
	if _, err := chromedp.Call(b.Ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatalf("browsertest: enabling the network domain: %v", err)
	}
	if _, err := chromedp.Call(b.Ctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: network.Headers{name: value}}); err != nil {
		t.Fatalf("browsertest: setting header %s: %v", name, err)
	}
}
