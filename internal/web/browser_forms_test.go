package web_test

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/chromedp/chromedp"

	"anchorpathways/internal/browsertest"
)

// groupJS finds the one visible fieldset whose legend reads legend (without
// a GOV.UK caption) and returns its choices: [{label, checked}].
const groupJS = `(function (legend) {
  const norm = (s) => (s || "").replace(/\s+/g, " ").trim();
  const text = (el) => {
    const c = el.cloneNode(true);
    c.querySelectorAll("[class*=govuk-caption]").forEach((e) => e.remove());
    return norm(c.textContent);
  };
  const sets = [...document.querySelectorAll("fieldset")].filter((f) => {
    const l = f.querySelector(":scope > legend");
    return l && text(l) === legend && f.getClientRects().length > 0;
  });
  window.__group = sets.length === 1 ? sets[0] : null;
  const legends = [...document.querySelectorAll("fieldset > legend")].map(text);
  if (sets.length !== 1) return { count: sets.length, legends, choices: [] };
  const choices = [...sets[0].querySelectorAll("label")]
    .filter((l) => l.control && (l.control.type === "radio" || l.control.type === "checkbox") && l.getClientRects().length > 0)
    .map((l) => norm(l.textContent));
  return { count: 1, legends, choices };
})(%s)`

type group struct {
	Count   int      `json:"count"`
	Legends []string `json:"legends"`
	Choices []string `json:"choices"`
}

// findGroup waits, with a deadline, for exactly one question named legend.
func (r *resident) findGroup(legend string) group {
	r.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		ctx, cancel := context.WithTimeout(r.ctx, 5*time.Second)
		g, err := chromedp.Run(ctx, chromedp.Evaluate[group](fmt.Sprintf(groupJS, jsString(legend))))
		cancel()
		if err == nil && g.Count == 1 {
			return g
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("no one question %q (err %v); the page has questions %q", legend, err, g.Legends)
		}
		<-tick.C
	}
}

// choices lists the labels of the radios or checkboxes of one question.
func (r *resident) choices(legend string) []string {
	r.t.Helper()
	return r.findGroup(legend).Choices
}

// choose clicks the radio or checkbox labelled label in the question (the
// fieldset) whose legend reads legend, as a resident taps it, and fails
// unless it is then checked. Use it where a label such as "Yes" repeats.
func (r *resident) choose(legend, label string) {
	r.t.Helper()
	g := r.findGroup(legend)
	n := 0
	for _, c := range g.Choices {
		if c == label {
			n++
		}
	}
	if n != 1 {
		r.t.Fatalf("question %q: %d choices named %q; it has %q", legend, n, label, g.Choices)
	}
	sel := chromedp.JSPath(fmt.Sprintf(`[...window.__group.querySelectorAll("label")].find((l) => l.textContent.replace(/\s+/g, " ").trim() === %s)`, jsString(label)))
	ctx, cancel := context.WithTimeout(r.ctx, 10*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Click(sel)); err != nil {
		r.t.Fatalf("choose %q in %q: %v", label, legend, err)
	}
	checked := evaluate[bool](r, fmt.Sprintf(`[...window.__group.querySelectorAll("label")].find((l) => l.textContent.replace(/\s+/g, " ").trim() === %s).control.checked`, jsString(label)))
	if !checked {
		r.t.Fatalf("choose %q in %q: clicked, but it is not checked", label, legend)
	}
}

// value reads what the field labelled label holds.
func (r *resident) value(label string) string {
	r.t.Helper()
	return evaluate[string](r, fmt.Sprintf(`(function (want) {
  const l = [...document.querySelectorAll("label")].filter((l) => l.textContent.replace(/\s+/g, " ").trim() === want);
  return l.length === 1 && l[0].control ? l[0].control.value : "<no one field labelled " + want + ">";
})(%s)`, jsString(label)))
}

// errorSummary reads the error summary's list, and fails for any entry whose
// link does not lead to a field on the page that shows the same message.
func (r *resident) errorSummary() []string {
	r.t.Helper()
	type entry struct {
		Text, Href string
		Target     bool
		Shown      bool
	}
	entries := evaluate[[]entry](r, `[...document.querySelectorAll(".govuk-error-summary__list a")].map((a) => {
  const text = a.textContent.replace(/\s+/g, " ").trim();
  const id = decodeURIComponent(a.hash.slice(1));
  const target = document.getElementById(id);
  const group = target && target.closest(".govuk-form-group");
  const msg = group && group.querySelector(".govuk-error-message");
  return {
    Text: text,
    Href: a.getAttribute("href"),
    Target: !!target,
    Shown: !!msg && msg.textContent.replace(/\s+/g, " ").replace(/^\s*Error:\s*/, "").trim() === text,
  };
})`)
	if len(entries) > 0 {
		if title := evaluate[string](r, `document.title`); !strings.HasPrefix(title, "Error: ") {
			r.t.Errorf("error summary shown, but the title %q does not start with %q", title, "Error: ")
		}
		// GOV.UK's pattern: the summary takes focus, so a screen reader
		// announces it first; without JavaScript too.
		browsertest.WaitFor(r.t, r.ctx, "the error summary to have focus",
			`document.activeElement !== null && document.activeElement.classList.contains("govuk-error-summary")`)
	}
	out := make([]string, len(entries))
	for i, e := range entries {
		out[i] = e.Text
		if !e.Target {
			r.t.Errorf("error summary: %q links to %s, which is not on the page", e.Text, e.Href)
		} else if !e.Shown {
			r.t.Errorf("error summary: %q is not shown by the field it links to (%s)", e.Text, e.Href)
		}
	}
	return out
}

// wantErrors checks that the error summary lists exactly these problems.
func (r *resident) wantErrors(want ...string) {
	r.t.Helper()
	got := r.errorSummary()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		r.t.Errorf("error summary:\n got %q\nwant %q", got, want)
	}
}

func (r *resident) wantErrorCount(n int) []string {
	r.t.Helper()
	got := r.errorSummary()
	if len(got) != n {
		r.t.Fatalf("error summary: got %q, want %d problems", got, n)
	}
	return got
}
