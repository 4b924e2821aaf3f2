package web_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"anchorpathways/internal/browsertest"
	"anchorpathways/internal/store"
)

// staffBrowser is a staff member in the browser. It reuses the resident's
// helpers (choose, value, wantText…) and adds what staff pages need: the
// width in every state's name, date inputs, and checks of the page script.
type staffBrowser struct {
	*resident
	base  string
	width string
	phone bool
}

// staffPageWatch records, in every document, violations of the Content
// Security Policy and the long timers that page scripts set, so a test can
// prove the script ran and fire its time-out warning without waiting.
const staffPageWatch = `(() => {
  window.__csp = [];
  document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(e.violatedDirective + " " + e.blockedURI));
  window.__timers = [];
  const setTimeout = window.setTimeout;
  window.setTimeout = function (fn, ms, ...rest) {
    if (ms >= 60000) window.__timers.push({ fn, ms });
    return setTimeout.call(window, fn, ms, ...rest);
  };
})()`

func newStaffBrowser(t *testing.T, base, width string, w, h int) *staffBrowser {
	t.Helper()
	ctx := browsertest.Start(t, w, h)
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if _, err := chromedp.Call(cctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: staffPageWatch}); err != nil {
		t.Fatalf("watch pages: %v", err)
	}
	return &staffBrowser{resident: &resident{t: t, ctx: ctx}, base: base, width: width, phone: w < 640}
}

// at waits for the heading, then checks the page: axe-core, no CSP
// violation, no sideways scrolling on a phone, and a screenshot when
// BROWSER_SCREENSHOTS names a folder.
func (b *staffBrowser) at(heading, state string) {
	b.t.Helper()
	state = b.width + ": " + state
	browsertest.WaitForHeading(b.t, b.ctx, heading)
	browsertest.CheckAccessibility(b.t, b.ctx, state)
	if v := evaluate[[]string](b.resident, `window.__csp || ["the page watch did not run"]`); len(v) > 0 {
		b.t.Errorf("%s: Content Security Policy violations: %q", state, v)
	}
	if b.phone {
		b.checkReflow(state)
		b.checkNothingScrollsSideways(state)
	}
	b.shot(state)
}

// checkNothingScrollsSideways fails a phone page on which any box (a staff
// list in its scrolling region, say) is wider than itself: the page not
// scrolling is not enough when the list's status column is off-screen in a
// box of its own. Staff lists stack their rows on a phone instead.
func (b *staffBrowser) checkNothingScrollsSideways(state string) {
	b.t.Helper()
	wide := evaluate[[]string](b.resident, `[...document.body.querySelectorAll("*")]
  .filter((el) => ["auto", "scroll"].includes(getComputedStyle(el).overflowX) && el.scrollWidth > el.clientWidth + 1)
  .slice(0, 5).map((el) => el.tagName.toLowerCase() + (el.getAttribute("aria-label") ? " “" + el.getAttribute("aria-label") + "”" : "") +
    " " + el.scrollWidth + " px in " + el.clientWidth + " px")`)
	if len(wide) > 0 {
		b.t.Errorf("%s: scrolls sideways inside the page: %q", state, wide)
	}
}

func (b *staffBrowser) shot(state string) {
	b.t.Helper()
	dir := os.Getenv("BROWSER_SCREENSHOTS")
	if dir == "" {
		return
	}
	b.n++
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Errorf("screenshot %q: %v", state, err)
		return
	}
	clean := regexp.MustCompile(`[^A-Za-z0-9]+`)
	name := fmt.Sprintf("%s-%02d-%s.png", clean.ReplaceAllString(b.t.Name(), "-"), b.n, clean.ReplaceAllString(state, "-"))
	if err := os.WriteFile(filepath.Join(dir, name), buf, 0o644); err != nil {
		b.t.Errorf("screenshot %q: %v", state, err)
	}
}

func (b *staffBrowser) fill(label, value string) {
	b.t.Helper()
	browsertest.FillByLabel(b.t, b.ctx, label, value)
}

// back follows the page's "Back" link.
func (b *staffBrowser) back() {
	b.t.Helper()
	b.link("Back", http.StatusOK)
}

// signInDemo signs in with a demo account: a wrong password first.
func (b *staffBrowser) signInDemo(email string) {
	b.t.Helper()
	b.visit(b.base + "/staff/login")
	b.at("Sign in to Anchor Pathways staff", "sign in")
	b.wantText("Demo accounts", email)
	b.fill("Email address", email)
	b.fill("Password", "not the password")
	b.button("Sign in", http.StatusUnprocessableEntity)
	b.at("Sign in to Anchor Pathways staff", "sign in, wrong password")
	b.wantStaffErrors("Enter a correct email address and password")
	if got := b.value("Email address"); got != email {
		b.t.Errorf("email after the error: got %q, want %q", got, email)
	}
	b.fill("Password", store.DemoPassword)
	b.button("Sign in", http.StatusOK)
	b.at("Applications", "dashboard")
}

// date fills the day, month and year of the date input whose legend reads legend.
func (b *staffBrowser) date(legend string, d time.Time) {
	b.t.Helper()
	for _, part := range []struct{ label, value string }{
		{"Day", fmt.Sprint(d.Day())}, {"Month", fmt.Sprint(int(d.Month()))}, {"Year", fmt.Sprint(d.Year())},
	} {
		b.findGroup(legend)
		field := chromedp.JSPath(fmt.Sprintf(`[...window.__group.querySelectorAll("label")].find((l) => l.textContent.trim() === %s).control`, jsString(part.label)))
		ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
		err := chromedp.Do(ctx,
			chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`[...window.__group.querySelectorAll("label")].find((l) => l.textContent.trim() === %s).control.value = ""`, jsString(part.label))),
			chromedp.SendKeys(field, part.value))
		cancel()
		if err != nil {
			b.t.Fatalf("date %q, %s: %v", legend, part.label, err)
		}
	}
}

// staffErrors reads the error summary and fails for an entry whose link
// does not lead to a field on the page whose group shows the same message.
// Unlike the resident's errorSummary it looks past the inner form groups of
// a GOV.UK date input, to the group of the whole question.
func (b *staffBrowser) staffErrors() []string {
	b.t.Helper()
	type entry struct {
		Text, Href    string
		Target, Shown bool
	}
	entries := evaluate[[]entry](b.resident, `[...document.querySelectorAll(".govuk-error-summary__list a")].map((a) => {
  const norm = (s) => (s || "").replace(/\s+/g, " ").trim();
  const text = norm(a.textContent);
  const target = document.getElementById(decodeURIComponent(a.hash.slice(1)));
  let shown = false;
  for (let g = target && target.closest(".govuk-form-group"); g && !shown; g = g.parentElement && g.parentElement.closest(".govuk-form-group")) {
    shown = [...g.querySelectorAll(":scope .govuk-error-message")].some((m) => norm(m.textContent).replace(/^Error:\s*/, "") === text);
  }
  return { Text: text, Href: a.getAttribute("href"), Target: !!target, Shown: shown };
})`)
	if len(entries) > 0 {
		if title := evaluate[string](b.resident, `document.title`); !strings.HasPrefix(title, "Error: ") {
			b.t.Errorf("error summary shown, but the title %q does not start with %q", title, "Error: ")
		}
	}
	out := make([]string, len(entries))
	for i, e := range entries {
		out[i] = e.Text
		switch {
		case !e.Target:
			b.t.Errorf("error summary: %q links to %s, which is not on the page", e.Text, e.Href)
		case !e.Shown:
			b.t.Errorf("error summary: %q is not shown by the question it links to (%s)", e.Text, e.Href)
		}
	}
	return out
}

func (b *staffBrowser) wantStaffErrors(want ...string) {
	b.t.Helper()
	if got := b.staffErrors(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		b.t.Errorf("error summary:\n got %q\nwant %q", got, want)
	}
}

func (b *staffBrowser) wantStaffErrorCount(n int) {
	b.t.Helper()
	if got := b.staffErrors(); len(got) != n {
		b.t.Errorf("error summary: got %q, want %d problems", got, n)
	}
}

// card returns the text of the home page's card for a pathway.
func (b *staffBrowser) card(name string) string {
	b.t.Helper()
	text := evaluate[string](b.resident, fmt.Sprintf(`(function (name) {
  const h = [...document.querySelectorAll(".app-card h3")].find((h) => h.textContent.trim() === name);
  return h ? h.closest(".app-card").innerText : "";
})(%s)`, jsString(name)))
	if text == "" {
		b.t.Fatalf("the home page has no card for %q; it reads:\n%s", name, browsertest.Text(b.t, b.ctx))
	}
	return text
}

// wantQRCode checks that the QR code is shown, decoded, and described.
func (b *staffBrowser) wantQRCode() {
	b.t.Helper()
	type qr struct {
		Found, Loaded, Shown bool
		Alt                  string
		Width                int
	}
	q := evaluate[qr](b.resident, `(function () {
  const img = document.querySelector("main img");
  if (!img) return { Found: false };
  const r = img.getBoundingClientRect();
  return { Found: true, Loaded: img.complete && img.naturalWidth > 0, Shown: r.width > 0 && r.height > 0,
    Alt: img.getAttribute("alt") || "", Width: Math.round(r.width) };
})()`)
	switch {
	case !q.Found:
		b.t.Errorf("%s: no QR code image", b.width)
	case !q.Loaded || !q.Shown:
		b.t.Errorf("%s: the QR code is not displayed (loaded %v, shown %v)", b.width, q.Loaded, q.Shown)
	case !strings.Contains(q.Alt, "QR code"):
		b.t.Errorf("%s: the QR code's alt text is %q, want it to say what it is", b.width, q.Alt)
	case q.Width < 160:
		b.t.Errorf("%s: the QR code is %d px wide, too small to scan", b.width, q.Width)
	}
}

// timeoutWarning checks the idle time-out warning of a staff page: there,
// hidden, its script loaded under the Content Security Policy and waiting
// to warn 5 minutes before the 30-minute time-out. It then fires that timer,
// checks the open warning with axe-core and carries on signed in.
func (b *staffBrowser) timeoutWarning() {
	b.t.Helper()
	type state struct {
		Exists, Hidden, Displayed, ScriptLoaded bool
		Timers                                  []int
	}
	s := evaluate[state](b.resident, `(function () {
  const d = document.getElementById("timeout-warning");
  return {
    Exists: !!d, Hidden: !!d && d.hidden === true, Displayed: !!d && d.getClientRects().length > 0,
    ScriptLoaded: performance.getEntriesByType("resource").some((e) => /session-timeout[^/]*\.js/.test(e.name)),
    Timers: (window.__timers || []).map((t) => t.ms),
  };
})()`)
	const warnAfter = (30 - 5) * 60 * 1000
	switch {
	case !s.Exists:
		b.t.Fatalf("%s: the staff page has no time-out warning", b.width)
	case !s.Hidden || s.Displayed:
		b.t.Errorf("%s: the time-out warning shows at once (hidden %v, displayed %v)", b.width, s.Hidden, s.Displayed)
	case !s.ScriptLoaded:
		b.t.Errorf("%s: the time-out script did not load", b.width)
	}
	found := false
	for _, ms := range s.Timers {
		found = found || ms == warnAfter
	}
	if !found {
		b.t.Fatalf("%s: the time-out script set no %d ms timer (timers %v): it did not run", b.width, warnAfter, s.Timers)
	}
	where := browsertest.Location(b.t, b.ctx)

	// Fire the warning now, instead of in 25 minutes.
	evaluate[bool](b.resident, fmt.Sprintf(`(window.__timers.find((t) => t.ms === %d).fn(), true)`, warnAfter))
	shown := evaluate[struct{ Displayed, Focused bool }](b.resident, `(function () {
  const d = document.getElementById("timeout-warning");
  return { Displayed: d.getClientRects().length > 0, Focused: d.contains(document.activeElement) };
})()`)
	if !shown.Displayed || !shown.Focused {
		b.t.Errorf("%s: fired, the time-out warning is displayed %v, has the focus %v", b.width, shown.Displayed, shown.Focused)
	}
	browsertest.WaitForHeading(b.t, b.ctx, "You are about to be signed out")
	browsertest.CheckAccessibility(b.t, b.ctx, b.width+": time-out warning")
	b.shot("time-out warning")

	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.JSPath(`document.querySelector("#timeout-warning button")`))); err != nil {
		b.t.Fatalf("%s: click Stay signed in: %v", b.width, err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for !evaluate[bool](b.resident, `document.getElementById("timeout-warning") ? document.getElementById("timeout-warning").hidden : false`) {
		if time.Now().After(deadline) {
			b.t.Fatalf("%s: the time-out warning stays open after Stay signed in (at %s)", b.width, browsertest.Location(b.t, b.ctx))
		}
		<-time.After(50 * time.Millisecond)
	}
	if got := browsertest.Location(b.t, b.ctx); got != where {
		b.t.Errorf("%s: after Stay signed in the browser is at %s, want %s still", b.width, got, where)
	}
}
