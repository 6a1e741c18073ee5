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

// Browser is one headless browser tab for a test, in a browser context of
// its own: its cookies and storage are its own, as another person's
// browser's would be.
type Browser struct {
	Ctx context.Context // the tab; no deadline (each action of the methods below has ActionTimeout)

	mu       sync.Mutex
	problems []string
}

// ActionTimeout bounds each step a Browser takes (a page load, a form sent,
// an accessibility run): on a loaded machine a test may take long as a
// whole, but no one step hangs.
const ActionTimeout = 2 * time.Minute

// act is the context of one step, ended when t ends at the latest.
func (b *Browser) act(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(b.Ctx, ActionTimeout)
	t.Cleanup(cancel)
	return ctx
}

// shared is the one Chromium of a test binary that called Shared.
var shared struct {
	on     bool
	once   sync.Once
	ctx    context.Context
	err    error
	cancel func()
}

// Shared runs a package's tests with one Chromium for all of them; call it
// from TestMain (os.Exit(browsertest.Shared(m))). Starting Chromium takes
// seconds on a loaded machine; with Shared, each New opens a new browser
// context in the running browser instead, which keeps each test's cookies
// apart just the same. The browser starts with the first New and ends
// after the last test.
func Shared(m *testing.M) int {
	shared.on = true
	code := m.Run()
	if shared.cancel != nil {
		shared.cancel()
	}
	return code
}

// sharedBrowser is the running shared Chromium, started on first use.
func sharedBrowser(path string) (context.Context, error) {
	shared.once.Do(func() {
		alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), allocatorOptions(path)...)
		ctx, cancelCtx := chromedp.NewContext(alloc)
		shared.ctx, shared.cancel = ctx, func() { cancelCtx(); cancelAlloc() }
		shared.err = chromedp.Do(ctx) // starts the browser
	})
	return shared.ctx, shared.err
}

func allocatorOptions(path string) []chromedp.ExecAllocatorOption {
	return append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.Headless,
		chromedp.Flag("disable-gpu", true), chromedp.Flag("disable-dev-shm-usage", true))
}

// New starts a headless Chromium for t, closed when t ends (under Shared:
// a new browser context in the package's one Chromium).
func New(t *testing.T) *Browser {
	t.Helper()
	path := findBrowser()
	if path == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("browsertest: no Chromium found (install the Debian packages chromium and chromium-driver)")
		}
		t.Skip("browsertest: no Chromium on this machine")
	}
	var ctx context.Context
	if shared.on {
		parent, err := sharedBrowser(path)
		if err != nil {
			t.Fatalf("browsertest: starting Chromium: %v", err)
		}
		var cancel context.CancelFunc
		ctx, cancel = chromedp.NewContext(parent, chromedp.WithNewBrowserContext())
		t.Cleanup(cancel)
	} else {
		alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), allocatorOptions(path)...)
		var cancelCtx context.CancelFunc
		ctx, cancelCtx = chromedp.NewContext(alloc)
		t.Cleanup(func() { cancelCtx(); cancelAlloc() })
	}
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
	if err := chromedp.Do(b.act(t), chromedp.Navigate(pageURL), chromedp.WaitReady("body")); err != nil {
		t.Fatalf("browsertest: loading %s: %v", u.Path, err)
	}
}

// Text returns the visible text of the first element matching sel.
func (b *Browser) Text(t *testing.T, sel string) string {
	t.Helper()
	s, err := chromedp.Run(b.act(t), chromedp.Text(sel))
	if err != nil {
		t.Fatalf("browsertest: text of %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

// Count returns how many elements match sel.
func (b *Browser) Count(t *testing.T, sel string) int {
	t.Helper()
	n, err := chromedp.Run(b.act(t), chromedp.Evaluate[int](fmt.Sprintf("document.querySelectorAll(%q).length", sel)))
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
	if _, err := chromedp.Call(b.act(t), network.Enable, network.EnableParams{}); err != nil {
		t.Fatalf("browsertest: enabling the network domain: %v", err)
	}
	if _, err := chromedp.Call(b.act(t), network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: network.Headers{name: value}}); err != nil {
		t.Fatalf("browsertest: setting header %s: %v", name, err)
	}
}
