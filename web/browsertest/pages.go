package browsertest

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// What page tests do with a signed-in browser: fill and send the real forms
// (the cookies the server sets are kept by the browser, as a person's
// would be), take screenshots at a desktop and a phone width, check the
// layout for overflow and unreadable text, and run axe-core.

// Submit fills the fields of the form matched by form (by field name; a
// checkbox or radio is ticked when the value given is "on" or its own
// value, or lists its value among others separated by "|"),
// sends it by its submit button, and returns the status of the page the
// browser lands on after any redirect.
func (b *Browser) Submit(t *testing.T, form string, fields map[string]string) int {
	t.Helper()
	names := make([]string, 0, len(fields))
	for n := range fields {
		names = append(names, n)
	}
	slices.Sort(names)
	var steps []chromedp.Action[chromedp.Void]
	for _, n := range names {
		set := fmt.Sprintf(`(() => { const f = document.querySelector(%q); if (!f) throw new Error("no form");
			const els = f.querySelectorAll('[name=%q]'); if (!els.length) throw new Error("no field %s");
			for (const el of els) {
				if (el.type === "checkbox" || el.type === "radio") { const want = %q.split("|"); el.checked = want.includes("on") || want.includes(el.value); }
				else { el.value = %q; }
			} })()`, form, n, n, fields[n], fields[n])
		steps = append(steps, chromedp.Evaluate[chromedp.Void](set))
	}
	if err := chromedp.Do(b.act(t), steps...); err != nil {
		t.Fatalf("browsertest: filling %s: %v", form, err)
	}
	check := fmt.Sprintf(`(() => { const f = document.querySelector(%q);
		return [...f.elements].filter(e => e.willValidate && !e.checkValidity()).map(e => e.name + ": " + e.validationMessage); })()`, form)
	invalid, err := chromedp.Run(b.act(t), chromedp.Evaluate[[]string](check))
	if err != nil || len(invalid) > 0 {
		t.Fatalf("browsertest: the form %s would not be sent: %q %v", form, invalid, err)
	}
	send := fmt.Sprintf(`document.querySelector(%q).requestSubmit(document.querySelector(%q))`, form, form+` [type="submit"]`)
	res, err := chromedp.RunResponse(b.act(t), chromedp.Evaluate[chromedp.Void](send))
	if err != nil {
		t.Fatalf("browsertest: submitting %s: %v", form, err)
	}
	return int(res.Status)
}

// SignIn opens a sign-in page and sends its form with these fields (the
// login name, password, and for staff the code), failing t unless the
// browser lands on a page that is not the sign-in page again.
func (b *Browser) SignIn(t *testing.T, signInURL string, fields map[string]string) {
	t.Helper()
	b.Open(t, signInURL)
	if st := b.Submit(t, "main form", fields); st != 200 {
		t.Fatalf("browsertest: signing in at %s: status %d", signInURL, st)
	}
	if strings.HasPrefix(b.URL(t), strings.Split(signInURL, "?")[0]) {
		t.Fatalf("browsertest: still on the sign-in page: %s", b.Text(t, "main"))
	}
}

// Evaluate runs a script on the page shown now (to take away a browser-side
// check, so a test reaches the server's).
func (b *Browser) Evaluate(t *testing.T, script string) {
	t.Helper()
	if _, err := chromedp.Run(b.act(t), chromedp.Evaluate[chromedp.Void](script)); err != nil {
		t.Fatalf("browsertest: %v", err)
	}
}

// URL is the address of the page shown now.
func (b *Browser) URL(t *testing.T) string {
	t.Helper()
	u, err := chromedp.Run(b.act(t), chromedp.Location())
	if err != nil {
		t.Fatalf("browsertest: location: %v", err)
	}
	return u
}

// Path is the path of the page shown now.
func (b *Browser) Path(t *testing.T) string {
	t.Helper()
	u, err := url.Parse(b.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	return u.Path
}

// Cookie is the value of the browser's cookie name for the page shown now
// (HttpOnly included), or "".
func (b *Browser) Cookie(t *testing.T, name string) string {
	t.Helper()
	res, err := chromedp.Call(b.act(t), network.GetCookies, network.GetCookiesParams{})
	if err != nil {
		t.Fatalf("browsertest: cookies: %v", err)
	}
	for _, c := range res.Cookies {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}

// CookieNames are the names of the cookies the browser holds for the page
// shown now.
func (b *Browser) CookieNames(t *testing.T) []string {
	t.Helper()
	res, err := chromedp.Call(b.act(t), network.GetCookies, network.GetCookiesParams{})
	if err != nil {
		t.Fatalf("browsertest: cookies: %v", err)
	}
	var names []string
	for _, c := range res.Cookies {
		names = append(names, c.Name)
	}
	slices.Sort(names)
	return names
}

// Widths are the widths every main page is looked at: a desktop and a phone.
var Widths = []struct {
	Name          string
	Width, Height int64
	Mobile        bool
}{{"desktop", 1280, 900, false}, {"390px", 390, 844, true}}

// ArtifactDir is where screenshots go: $JIKIMI_ARTIFACTS, else artifacts/
// at the top of the module (ignored by git).
func ArtifactDir(t *testing.T) string {
	t.Helper()
	if d := os.Getenv("JIKIMI_ARTIFACTS"); d != "" {
		return d
	}
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return filepath.Join(d, "artifacts")
		}
		if filepath.Dir(d) == d {
			return filepath.Join(dir, "artifacts")
		}
	}
}

var unsafeName = regexp.MustCompile(`[^a-z0-9_-]+`)

// LookAt checks the page shown now at every width in Widths: no
// horizontal overflow, no text smaller than 12px (drawn text: 10px high),
// and (when axe-core is present) no serious or critical accessibility
// violation; it saves a full-page screenshot per width as NAME-WIDTH.png
// under ArtifactDir. At 360px, the narrowest phone, it checks the layout
// again without a screenshot.
func (b *Browser) LookAt(t *testing.T, name string) {
	t.Helper()
	dir := filepath.Join(ArtifactDir(t), "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, w := range Widths {
		opt := chromedp.EmulateLandscape
		if w.Mobile {
			opt = chromedp.EmulateMobile
		}
		if err := chromedp.Do(b.act(t), chromedp.EmulateViewport(w.Width, w.Height, opt)); err != nil {
			t.Fatalf("browsertest: viewport %s: %v", w.Name, err)
		}
		b.checkLayout(t, name+" at "+w.Name)
		b.Axe(t, name+" at "+w.Name)
		png, err := chromedp.Run(b.act(t), chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("browsertest: screenshot: %v", err)
		}
		file := filepath.Join(dir, unsafeName.ReplaceAllString(strings.ToLower(name), "-")+"-"+w.Name+".png")
		if err := os.WriteFile(file, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s", file)
	}
	// The narrowest phone the pages are made for: looked at, not kept.
	if err := chromedp.Do(b.act(t), chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile)); err != nil {
		t.Fatal(err)
	}
	b.checkLayout(t, name+" at 360px")
	if err := chromedp.Do(b.act(t), chromedp.ResetViewport()); err != nil {
		t.Fatal(err)
	}
}

// layoutCheck lists what overflows the viewport sideways and what text is
// too small to read.
const layoutCheck = `(() => {
	const out = [], vw = document.documentElement.clientWidth;
	if (document.documentElement.scrollWidth > vw + 1) out.push("the page is " + document.documentElement.scrollWidth + "px wide in a " + vw + "px viewport");
	const name = e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className && typeof e.className === "string" ? "." + e.className.trim().split(/\s+/).join(".") : "");
	for (const e of document.body.querySelectorAll("*")) {
		const r = e.getBoundingClientRect();
		if (r.width === 0 || getComputedStyle(e).visibility === "hidden") continue;
		let clipped = false;
		for (let p = e.parentElement; p; p = p.parentElement) { const o = getComputedStyle(p).overflowX; if (o === "auto" || o === "scroll" || o === "hidden") { clipped = true; break; } }
		if (!clipped && r.right > vw + 1 && !e.classList.contains("skip")) out.push(name(e) + " reaches " + Math.round(r.right) + "px");
		const own = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
		if (own && e instanceof SVGElement) { // drawn text scales with its picture: measure what is on screen
			if (r.height < 10) out.push(name(e) + " is drawn " + r.height.toFixed(1) + "px high");
		} else if (own && parseFloat(getComputedStyle(e).fontSize) < 12) out.push(name(e) + " has " + getComputedStyle(e).fontSize + " text");
	}
	return out.slice(0, 20);
})()`

func (b *Browser) checkLayout(t *testing.T, where string) {
	t.Helper()
	problems, err := chromedp.Run(b.act(t), chromedp.Evaluate[[]string](layoutCheck))
	if err != nil {
		t.Fatalf("browsertest: layout check: %v", err)
	}
	if len(problems) > 0 {
		t.Errorf("%s: layout problems: %q", where, problems)
	}
}

// AxePath is where axe.min.js is looked for: $JIKIMI_AXE, else the npm
// cache folder .ci/run installs it into.
func AxePath() string {
	if p := os.Getenv("JIKIMI_AXE"); p != "" {
		return p
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(cache, "jikimi-npm", "node_modules", "axe-core", "axe.min.js")
}

type axeResult struct {
	Violations []struct {
		ID, Impact, Help string
		Nodes            []struct {
			Target []any `json:"target"`
		} `json:"nodes"`
	} `json:"violations"`
}

// Axe runs axe-core's WCAG 2.x A and AA rules on the page shown now and
// fails t on any serious or critical violation. Without axe.min.js it logs
// that the check was skipped, except in CI, where it fails.
func (b *Browser) Axe(t *testing.T, where string) {
	t.Helper()
	src, err := os.ReadFile(AxePath())
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("browsertest: axe-core not found at %s (.ci/run installs it with npm)", AxePath())
		}
		t.Logf("browsertest: axe-core not found at %q: accessibility check of %s skipped (npm install --prefix ~/.cache/jikimi-npm axe-core)", AxePath(), where)
		return
	}
	loaded, err := chromedp.Run(b.act(t), chromedp.Evaluate[bool](`typeof axe !== "undefined"`))
	if err == nil && !loaded {
		_, err = chromedp.Run(b.act(t), chromedp.Evaluate[chromedp.Void](string(src)))
	}
	if err != nil {
		t.Fatalf("browsertest: loading axe-core: %v", err)
	}
	run := `(async () => {
		const r = await axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}, resultTypes: ["violations"]});
		return JSON.stringify({violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => ({target: n.target}))}))});
	})()`
	out, err := chromedp.Run(b.act(t), chromedp.Evaluate[string](run, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("browsertest: running axe-core on %s: %v", where, err)
	}
	var res axeResult
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	for _, v := range res.Violations {
		if v.Impact == "serious" || v.Impact == "critical" {
			var targets []string
			for _, n := range v.Nodes {
				targets = append(targets, fmt.Sprint(n.Target...))
			}
			t.Errorf("%s: accessibility (%s) %s: %s at %q", where, v.Impact, v.ID, v.Help, targets)
		}
	}
}

// MaxPhoneHeader is how tall the header may be on a 390px phone: one line
// of the bar (the service's name, the menu and signing out), whatever the
// number of navigation entries.
const MaxPhoneHeader = 80

// CompactHeader checks the header of the page shown now on a 390px phone:
// at most MaxPhoneHeader pixels high, its navigation a menu that a
// keyboard opens (Enter on its summary) and walks into (Tab reaches the
// first entry), and closes again. The viewport is reset afterwards.
func (b *Browser) CompactHeader(t *testing.T) {
	t.Helper()
	defer chromedp.Do(b.Ctx, chromedp.ResetViewport())
	if err := chromedp.Do(b.Ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile)); err != nil {
		t.Fatalf("browsertest: viewport: %v", err)
	}
	h, err := chromedp.Run(b.Ctx, chromedp.Evaluate[float64](`document.querySelector("header.top").getBoundingClientRect().height`))
	if err != nil {
		t.Fatalf("browsertest: header height: %v", err)
	}
	if h > MaxPhoneHeader {
		t.Errorf("the header is %.0fpx high at 390px (at most %dpx)", h, MaxPhoneHeader)
	}
	state := `(() => { const d = document.querySelector("header details.menu"); const a = d && d.querySelector("nav a");
		return !d ? "no menu" : (d.open ? "open" : "closed") + (a && a.checkVisibility() ? " shown" : "") +
			(document.activeElement === a ? " focused" : ""); })()`
	at := func(want string) {
		t.Helper()
		got, err := chromedp.Run(b.Ctx, chromedp.Evaluate[string](state))
		if err != nil || got != want {
			t.Fatalf("browsertest: the phone menu is %q (%v), want %q", got, err, want)
		}
	}
	at("closed")
	if err := chromedp.Do(b.Ctx, chromedp.Focus("header details.menu summary"), chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatalf("browsertest: opening the menu by keyboard: %v", err)
	}
	at("open shown")
	if err := chromedp.Do(b.Ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
		t.Fatal(err)
	}
	at("open shown focused")
	if err := chromedp.Do(b.Ctx, chromedp.Focus("header details.menu summary"), chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	at("closed")
}
