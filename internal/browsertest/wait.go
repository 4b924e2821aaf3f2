package browsertest

import (
	"context"
	"errors"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// SetJavaScript lets the tab run the pages' scripts, or stops it, as a
// browser with JavaScript turned off would. The helpers of this package
// that only read the page still work with it off, because DevTools
// evaluates their expressions itself; CheckAccessibility does not (axe-core
// waits on timers), so turn scripts on around it, which runs none of the
// page's own.
func SetJavaScript(t testing.TB, ctx context.Context, enabled bool) {
	t.Helper()
	tctx, cancel := withTimeout(ctx)
	defer cancel()
	if _, err := chromedp.Call(tctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !enabled}); err != nil {
		t.Fatalf("SetJavaScript(%v): %v", enabled, err)
	}
}

// WaitFor polls the JavaScript expression expr until it is true, and fails
// the test, saying what was awaited, if the deadline comes first.
func WaitFor(t testing.TB, ctx context.Context, what, expr string) {
	t.Helper()
	tctx, cancel := withTimeout(ctx)
	defer cancel()
	var lastErr error
	err := poll(tctx, func() (bool, error) {
		ok, err := chromedp.Run(tctx, chromedp.Evaluate[bool](expr))
		lastErr = err
		return err == nil && ok, nil
	})
	if errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("waited in vain for %s (%s); last error: %v", what, expr, lastErr)
	}
}
