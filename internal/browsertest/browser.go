// Package browsertest drives headless Chromium for browser tests: it starts a
// phone-sized browser, acts on pages by their visible labels as a resident
// would, and checks every page state with axe-core.
//
// Every helper takes the test's testing.TB and fails the test itself, so a
// browser test reads as a list of steps:
//
//	ctx := browsertest.Start(t, 375, 667)
//	browsertest.Visit(t, ctx, srv.URL+"/pathways/hospitality-to-health/apply")
//	browsertest.FillByLabel(t, ctx, "Postcode", "B35 7PR")
//	browsertest.ClickButton(t, ctx, "Continue")
//	browsertest.WaitForHeading(t, ctx, "You can apply")
//	browsertest.CheckAccessibility(t, ctx, "eligible")
package browsertest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// actionTimeout bounds every helper that waits for the page; a context with an
// earlier deadline shortens it.
const actionTimeout = 15 * time.Second

// chromiumPath returns the browser to run: $CHROMIUM_PATH when set (and then
// only that), else Debian's chromium.
func chromiumPath() (string, error) {
	if p := os.Getenv("CHROMIUM_PATH"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("CHROMIUM_PATH=%s: %w", p, err)
		}
		return p, nil
	}
	for _, p := range []string{"/usr/bin/chromium", "chromium", "chromium-browser"} {
		if full, err := exec.LookPath(p); err == nil {
			return full, nil
		}
	}
	return "", errors.New("no Chromium found: install it (apt-get install chromium) or set CHROMIUM_PATH")
}

// Start launches headless Chromium (Debian's /usr/bin/chromium, or
// CHROMIUM_PATH) with a fresh profile under t.TempDir() and a mobile viewport
// of width x height CSS pixels (e.g. 375x667), and returns a chromedp context
// for one tab, closed at t.Cleanup.
//
// When no Chromium is found it skips the test with a clear message, except
// when the environment variable CI is set: then it fails the test, because a
// browser test never skips silently in CI.
func Start(t testing.TB, width, height int) context.Context {
	t.Helper()
	exe, err := chromiumPath()
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("browser test cannot run in CI: %v", err)
		} else {
			t.Skipf("skipping browser test: %v", err)
		}
		return nil
	}

	// The browser's own output is shown only when it fails to start or the test fails.
	var out syncBuffer
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(width, height),
		chromedp.CombinedOutput(&out),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(allocCtx)
	// Registered after t.TempDir, so it runs first: the browser exits before
	// its profile folder is removed.
	t.Cleanup(func() {
		if t.Failed() && out.Len() > 0 {
			t.Logf("Chromium output (last lines):\n%s", out.Tail(4096))
		}
		cancelTab()
		cancelAlloc()
	})

	// The first action starts the browser and ties it to ctx, which has no
	// deadline; later helpers derive short deadlines from it.
	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(int64(width), int64(height), chromedp.EmulateMobile, chromedp.EmulateTouch),
	); err != nil {
		t.Fatalf("start Chromium (%s): %v\n%s", exe, err, out.Tail(4096))
		return nil
	}
	return ctx
}

// syncBuffer is a bytes.Buffer that the browser's output goroutine and the
// test can share.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Len()
}

// Tail returns at most the last n bytes, from a line start where possible.
func (b *syncBuffer) Tail(n int) string {
	s := b.String()
	if len(s) <= n {
		return s
	}
	s = s[len(s)-n:]
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[i+1:]
	}
	return s
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// withTimeout bounds one helper's wait by actionTimeout, or less when ctx
// already has an earlier deadline.
func withTimeout(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, actionTimeout)
}
