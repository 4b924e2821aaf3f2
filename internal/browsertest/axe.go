package browsertest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// axeTags are the rule sets that WCAG 2.2 AA needs.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"}

// axeTimeout bounds one axe-core run, which is slower than a page action.
const axeTimeout = 60 * time.Second

// Violation is one axe-core rule that the page breaks.
type Violation struct {
	ID      string   `json:"id"`      // the rule, e.g. "label"
	Impact  string   `json:"impact"`  // "minor", "moderate", "serious" or "critical"
	Help    string   `json:"help"`    // what the rule asks, in a sentence
	HelpURL string   `json:"helpUrl"` // the rule's documentation
	Targets []string `json:"targets"` // CSS selectors of the failing elements
}

func (v Violation) String() string {
	return fmt.Sprintf("%s (%s): %s; at %s; see %s", v.ID, v.Impact, v.Help, strings.Join(v.Targets, " | "), v.HelpURL)
}

// axeSource reads node_modules/axe-core/axe.min.js from the module root (the
// folder holding go.mod, found by walking up from the working directory), once.
var axeSource = sync.OnceValues(func() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
	p := filepath.Join(dir, "node_modules", "axe-core", "axe.min.js")
	b, err := os.ReadFile(p)
	if err != nil {
		return "", fmt.Errorf("axe-core is not installed (run `make assets`): %w", err)
	}
	return string(b), nil
})

// runAxeJS runs axe-core on the whole document and reduces its answer to the
// fields of Violation.
var runAxeJS = fmt.Sprintf(`axe.run(document, {
  runOnly: { type: "tag", values: %s },
  rules: { "target-size": { enabled: true } },
  resultTypes: ["violations"],
}).then((r) => r.violations.map((v) => ({
  id: v.id,
  impact: v.impact || "",
  help: v.help,
  helpUrl: v.helpUrl,
  targets: v.nodes.map((n) => n.target.map((s) => Array.isArray(s) ? s.join(" >>> ") : s).join(" ")),
})))`, jsArray(axeTags))

func jsArray(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// Violations injects axe-core into the current page (once per document) and
// returns the WCAG 2.2 A and AA rules that the page breaks, target-size
// included. An error means axe could not run, never that the page failed.
func Violations(ctx context.Context) ([]Violation, error) {
	src, err := axeSource()
	if err != nil {
		return nil, err
	}
	tctx, cancel := context.WithTimeout(ctx, axeTimeout)
	defer cancel()
	loaded, err := chromedp.Run(tctx, chromedp.Evaluate[bool](`typeof window.axe === "object"`))
	if err != nil {
		return nil, fmt.Errorf("axe-core: %w", err)
	}
	if !loaded {
		if err := chromedp.Do(tctx, chromedp.Evaluate[chromedp.Void](src)); err != nil {
			return nil, fmt.Errorf("inject axe-core: %w", err)
		}
	}
	v, err := chromedp.Run(tctx, chromedp.Evaluate[[]Violation](runAxeJS, chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, fmt.Errorf("run axe-core: %w", err)
	}
	return v, nil
}

// CheckAccessibility runs axe-core on the current page with the WCAG 2.x A
// and AA rules and target-size, and fails the test (t.Errorf, so later states
// are still checked) with one line per violation, prefixed by state, e.g.
// "eligibility, with errors". It calls t.Fatalf when axe cannot run at all.
func CheckAccessibility(t testing.TB, ctx context.Context, state string) {
	t.Helper()
	vs, err := Violations(ctx)
	if err != nil {
		t.Fatalf("%s: accessibility check: %v", state, err)
		return
	}
	if len(vs) == 0 {
		return
	}
	lines := make([]string, len(vs))
	for i, v := range vs {
		lines[i] = "  " + v.String()
	}
	t.Errorf("%s: %d accessibility violation(s):\n%s", state, len(vs), strings.Join(lines, "\n"))
}
