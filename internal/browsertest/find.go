package browsertest

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

//go:embed find.js
var findJS string

// target and control are the element that find.js matched: the one to click
// or type into, and the form control behind it (the same element unless a
// choice's label was matched).
const (
	target  = chromedp.JSPath("window.__browsertest && window.__browsertest.target")
	control = chromedp.JSPath("window.__browsertest && window.__browsertest.control")
)

// pollInterval is how often a helper looks again at a page that is still
// loading or changing. Helpers poll with a deadline; none sleeps a fixed time.
const pollInterval = 50 * time.Millisecond

type found struct {
	Count int      `json:"count"`
	Seen  []string `json:"seen"`
	Tag   string   `json:"tag"`
	Type  string   `json:"type"`
}

// find waits until exactly one visible element of kind ("field", "choice",
// "button" or "link") is named text, and leaves it in window.__browsertest.
func find(ctx context.Context, kind, text string) (found, error) {
	arg, err := json.Marshal(text)
	if err != nil {
		return found{}, err
	}
	expr := fmt.Sprintf("(%s)(%q, %s)", findJS, kind, arg)
	var (
		last    found
		lastErr error
	)
	err = poll(ctx, func() (bool, error) {
		f, err := chromedp.Run(ctx, chromedp.Evaluate[found](expr))
		if err != nil {
			if ctx.Err() == nil {
				lastErr = err // the page may be between documents; look again
			}
			return false, nil
		}
		last, lastErr = f, nil
		if f.Count > 1 {
			return false, fmt.Errorf("%d visible %ss are named %q; make the page unambiguous", f.Count, kind, text)
		}
		return f.Count == 1, nil
	})
	if errors.Is(err, context.DeadlineExceeded) {
		if lastErr != nil {
			return last, fmt.Errorf("no visible %s named %q: %w", kind, text, lastErr)
		}
		return last, fmt.Errorf("no visible %s named %q; the page has: %s", kind, text, quoteList(last.Seen))
	}
	return last, err
}

// poll calls check until it reports done or an error, or ctx ends.
func poll(ctx context.Context, check func() (bool, error)) error {
	tick := time.NewTicker(pollInterval)
	defer tick.Stop()
	for {
		done, err := check()
		if err != nil || done {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
}

func quoteList(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}

// Visit loads url and waits for it, returning the HTTP status of the page.
func Visit(t testing.TB, ctx context.Context, url string) int {
	t.Helper()
	tctx, cancel := withTimeout(ctx)
	defer cancel()
	res, err := chromedp.Run(tctx, chromedp.NavigateResponse(url))
	if err != nil {
		t.Fatalf("Visit(%s): %v", url, err)
		return 0
	}
	return int(res.Status)
}

// FillByLabel types value into the text field, text area or select whose
// label reads labelText, replacing what was there. For a select, value is the
// visible text of the option to choose.
func FillByLabel(t testing.TB, ctx context.Context, labelText, value string) {
	t.Helper()
	tctx, cancel := withTimeout(ctx)
	defer cancel()
	f, err := find(tctx, "field", labelText)
	if err != nil {
		t.Fatalf("FillByLabel(%q): %v", labelText, err)
		return
	}
	if f.Tag == "select" {
		if err := selectOption(tctx, value); err != nil {
			t.Fatalf("FillByLabel(%q, %q): %v", labelText, value, err)
		}
		return
	}
	// chromedp.Clear resets the value attribute, not what was typed, so
	// empty the field as select-all-and-delete would, then type.
	clear := chromedp.Evaluate[chromedp.Void](`(function () {
  const c = window.__browsertest.control;
  c.value = "";
  c.dispatchEvent(new Event("input", { bubbles: true }));
})()`)
	if err := chromedp.Do(tctx, clear, chromedp.SendKeys(control, value)); err != nil {
		t.Fatalf("FillByLabel(%q): %v", labelText, err)
	}
}

// selectOption chooses the option of the matched select whose text is text,
// as a person picking from the list would, with the input and change events.
func selectOption(ctx context.Context, text string) error {
	arg, err := json.Marshal(text)
	if err != nil {
		return err
	}
	ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`(function (text) {
  const s = window.__browsertest.control;
  const o = [...s.options].find((o) => o.text.replace(/\s+/g, " ").trim() === text);
  if (!o) return false;
  s.value = o.value;
  s.dispatchEvent(new Event("input", { bubbles: true }));
  s.dispatchEvent(new Event("change", { bubbles: true }));
  return true;
})(%s)`, arg)))
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("the list has no option %q", text)
	}
	return nil
}

// CheckByLabel clicks the radio button or checkbox whose label reads
// labelText, and fails unless it is then checked.
func CheckByLabel(t testing.TB, ctx context.Context, labelText string) {
	t.Helper()
	tctx, cancel := withTimeout(ctx)
	defer cancel()
	if _, err := find(tctx, "choice", labelText); err != nil {
		t.Fatalf("CheckByLabel(%q): %v", labelText, err)
		return
	}
	if err := chromedp.Do(tctx, chromedp.Click(target)); err != nil {
		t.Fatalf("CheckByLabel(%q): %v", labelText, err)
		return
	}
	checked, err := chromedp.Run(tctx, chromedp.Evaluate[bool]("window.__browsertest.control.checked"))
	if err != nil {
		t.Fatalf("CheckByLabel(%q): %v", labelText, err)
		return
	}
	if !checked {
		t.Fatalf("CheckByLabel(%q): clicked the label, but the choice is not checked (is something covering it?)", labelText)
	}
}

// ClickButton clicks the button (or link styled as a button, role="button")
// whose text reads text, waits for the page it loads, and returns that page's
// HTTP status. Pages work without JavaScript, so every button submits a form
// or follows a link; a button that loads no page fails the test.
func ClickButton(t testing.TB, ctx context.Context, text string) int {
	t.Helper()
	return clickAndWait(t, ctx, "button", text)
}

// ClickLink clicks the link whose text (or aria-label) reads text, waits for
// the page it loads, and returns its HTTP status. Links within the page (such
// as the skip link) load no page: use chromedp directly for those.
func ClickLink(t testing.TB, ctx context.Context, text string) int {
	t.Helper()
	return clickAndWait(t, ctx, "link", text)
}

func clickAndWait(t testing.TB, ctx context.Context, kind, text string) int {
	t.Helper()
	tctx, cancel := withTimeout(ctx)
	defer cancel()
	if _, err := find(tctx, kind, text); err != nil {
		t.Fatalf("click %s %q: %v", kind, text, err)
		return 0
	}
	res, err := chromedp.RunResponse(tctx, chromedp.Click(target))
	if err != nil {
		t.Fatalf("click %s %q: no page loaded: %v", kind, text, err)
		return 0
	}
	return int(res.Status)
}

// Text returns the text of the page as a person sees it (the body's innerText).
func Text(t testing.TB, ctx context.Context) string {
	t.Helper()
	tctx, cancel := withTimeout(ctx)
	defer cancel()
	s, err := chromedp.Run(tctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
	if err != nil {
		t.Fatalf("Text: %v", err)
	}
	return s
}

// Location returns the address of the current page.
func Location(t testing.TB, ctx context.Context) string {
	t.Helper()
	tctx, cancel := withTimeout(ctx)
	defer cancel()
	s, err := chromedp.Run(tctx, chromedp.Location())
	if err != nil {
		t.Fatalf("Location: %v", err)
	}
	return s
}

// headingsJS lists the page's headings, without GOV.UK captions
// (<span class="govuk-caption-l">), so "Check your answers" matches
// <h1><span class="govuk-caption-l">Hospitality to Health</span>Check your answers</h1>.
const headingsJS = `[...document.querySelectorAll("h1, h2, h3, h4, h5, h6, [role=heading]")].map((h) => {
  const c = h.cloneNode(true);
  c.querySelectorAll("[class*=govuk-caption]").forEach((e) => e.remove());
  return c.textContent.replace(/\s+/g, " ").trim();
})`

// WaitForHeading waits, polling until a deadline, for a heading (h1 to h6)
// that reads text, and fails listing the headings it saw if none comes.
func WaitForHeading(t testing.TB, ctx context.Context, text string) {
	t.Helper()
	tctx, cancel := withTimeout(ctx)
	defer cancel()
	var seen []string
	err := poll(tctx, func() (bool, error) {
		h, err := chromedp.Run(tctx, chromedp.Evaluate[[]string](headingsJS))
		if err != nil {
			return false, nil // between documents; look again
		}
		seen = h
		for _, s := range h {
			if s == text {
				return true, nil
			}
		}
		return false, nil
	})
	if err != nil {
		t.Fatalf("WaitForHeading(%q): not found; the page has headings: %s", text, quoteList(seen))
	}
}
