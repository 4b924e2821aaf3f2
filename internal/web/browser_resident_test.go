package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"anchorpathways/internal/browsertest"
)

// resident is one person using the portal in the browser.
type resident struct {
	t         *testing.T
	ctx       context.Context
	n         int  // screenshots taken
	noScripts bool // the tab runs without JavaScript
}

// at waits for the page's heading, then checks the page with axe-core and,
// when BROWSER_SCREENSHOTS names a folder, saves a full-page screenshot there.
func (r *resident) at(heading, state string) {
	r.t.Helper()
	browsertest.WaitForHeading(r.t, r.ctx, heading)
	if r.noScripts {
		// axe-core needs scripts; the page it checks was loaded without.
		browsertest.SetJavaScript(r.t, r.ctx, true)
	}
	browsertest.CheckAccessibility(r.t, r.ctx, state)
	if r.noScripts {
		browsertest.SetJavaScript(r.t, r.ctx, false)
	}
	r.checkReflow(state)
	r.screenshot(state)
}

// checkReflow fails when the page is wider than the phone's screen, so that
// reading it needs scrolling sideways (WCAG 1.4.10, which axe cannot see).
func (r *resident) checkReflow(state string) {
	r.t.Helper()
	type widths struct{ Page, Screen int }
	// innerWidth grows with a page that is too wide; the layout viewport,
	// set by <meta name="viewport">, keeps the phone's width.
	w := evaluate[widths](r, `({ Page: document.documentElement.scrollWidth, Screen: document.documentElement.clientWidth })`)
	if w.Page > w.Screen {
		wide := evaluate[[]string](r, `[...document.body.querySelectorAll("*")]
  .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .slice(0, 5).map((el) => el.tagName.toLowerCase() + (el.className ? "." + String(el.className).trim().split(/\s+/).join(".") : ""))`)
		r.t.Errorf("%s: the page is %d px wide on a %d px screen; too wide: %q", state, w.Page, w.Screen, wide)
	}
}

func (r *resident) visit(url string) {
	r.t.Helper()
	if got := browsertest.Visit(r.t, r.ctx, url); got != http.StatusOK {
		r.t.Fatalf("visit %s: got status %d, want 200", url, got)
	}
}

func (r *resident) button(text string, want int) {
	r.t.Helper()
	if got := browsertest.ClickButton(r.t, r.ctx, text); got != want {
		r.t.Fatalf("button %q: got status %d, want %d (at %s)", text, got, want, browsertest.Location(r.t, r.ctx))
	}
}

func (r *resident) link(text string, want int) {
	r.t.Helper()
	if got := browsertest.ClickLink(r.t, r.ctx, text); got != want {
		r.t.Fatalf("link %q: got status %d, want %d (at %s)", text, got, want, browsertest.Location(r.t, r.ctx))
	}
}

func (r *resident) wantText(parts ...string) {
	r.t.Helper()
	text := browsertest.Text(r.t, r.ctx)
	for _, p := range parts {
		if !strings.Contains(text, p) {
			r.t.Errorf("the page does not show %q; it reads:\n%s", p, text)
		}
	}
}

// evaluate runs a JavaScript expression with a short deadline.
func evaluate[T any](r *resident, expr string) T {
	r.t.Helper()
	ctx, cancel := context.WithTimeout(r.ctx, 10*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		r.t.Fatalf("evaluate: %v\n%s", err, expr)
	}
	return v
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

var confirmationRefRE = regexp.MustCompile(`^[A-Z]{2,4}-[A-Z0-9]{4}-[A-Z0-9]{4}$`)

// reference reads the reference from the confirmation panel, the line after
// "Your reference".
func (r *resident) reference() string {
	r.t.Helper()
	lines := strings.Split(browsertest.Text(r.t, r.ctx), "\n")
	for i, l := range lines {
		if strings.TrimSpace(l) == "Your reference" && i+1 < len(lines) {
			ref := strings.TrimSpace(lines[i+1])
			if !confirmationRefRE.MatchString(ref) {
				r.t.Fatalf("reference: got %q, want it to match %s", ref, confirmationRefRE)
			}
			return ref
		}
	}
	r.t.Fatalf("confirmation shows no reference; it reads:\n%s", strings.Join(lines, "\n"))
	return ""
}

var outboxCodeRE = regexp.MustCompile(`your code is (\d{6})`)

// codeFor reads the newest sign-in code sent to recipient from the demo
// outbox table (newest first).
func (r *resident) codeFor(recipient string) string {
	r.t.Helper()
	rows := evaluate[[][]string](r, `[...document.querySelectorAll("tbody tr")].map((tr) =>
  [...tr.cells].map((td) => td.innerText.replace(/\s+/g, " ").trim()))`)
	for _, row := range rows {
		if len(row) < 2 || !strings.HasPrefix(row[0], recipient+" ") {
			continue
		}
		if m := outboxCodeRE.FindStringSubmatch(row[1]); m != nil {
			return m[1]
		}
	}
	r.t.Fatalf("the outbox has no code for %s; rows: %q", recipient, rows)
	return ""
}

// listAfter returns the items of the list that follows the paragraph reading p.
func (r *resident) listAfter(p string) []string {
	r.t.Helper()
	return evaluate[[]string](r, fmt.Sprintf(`(function (want) {
  const p = [...document.querySelectorAll("p")].find((p) => p.textContent.replace(/\s+/g, " ").trim() === want);
  const ul = p && p.nextElementSibling;
  return ul && ul.matches("ul, ol") ? [...ul.children].map((li) => li.textContent.replace(/\s+/g, " ").trim()) : [];
})(%s)`, jsString(p)))
}

// screenshot saves a full-page PNG to $BROWSER_SCREENSHOTS, when set: a
// development aid for looking at pages at phone width.
func (r *resident) screenshot(state string) {
	r.t.Helper()
	dir := os.Getenv("BROWSER_SCREENSHOTS")
	if dir == "" {
		return
	}
	r.n++
	ctx, cancel := context.WithTimeout(r.ctx, 10*time.Second)
	defer cancel()
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		r.t.Errorf("screenshot %q: %v", state, err)
		return
	}
	name := fmt.Sprintf("%s-%02d-%s.png", r.t.Name(), r.n, strings.NewReplacer(" ", "-", ",", "").Replace(state))
	if err := os.WriteFile(filepath.Join(dir, name), buf, 0o644); err != nil {
		r.t.Errorf("screenshot %q: %v", state, err)
	}
}
