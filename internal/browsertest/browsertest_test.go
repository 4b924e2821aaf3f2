package browsertest

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

const pageStyle = `<style>
body { font: 16px/1.5 system-ui, sans-serif; margin: 0 16px; }
label, legend { display: block; margin: 8px 0; }
input, select, button { font: inherit; min-height: 44px; min-width: 44px; }
input[type=radio] { width: 24px; height: 24px; margin: 8px; }
a { display: inline-block; padding: 12px 0; }
</style>`

// goodPage is a small question page in the GOV.UK style: labelled fields,
// radios in a fieldset, a select and a submit button.
const goodPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Apply – Test</title>` + pageStyle + `</head>
<body><main>
<h1>Apply for a course</h1>
<form method="post" action="/apply" novalidate>
  <label for="name">Full name</label>
  <input id="name" name="name" type="text" autocomplete="name">
  <fieldset>
    <legend>When can you come?</legend>
    <input id="when-day" name="when" type="radio" value="days"><label for="when-day">Days</label>
    <input id="when-eve" name="when" type="radio" value="evenings"><label for="when-eve">Evenings</label>
  </fieldset>
  <label for="area">Neighbourhood</label>
  <select id="area" name="area"><option value="">Choose</option><option value="cv">Castle Vale</option><option value="ki">Kingstanding</option></select>
  <p><button type="submit">Continue</button></p>
</form>
</main></body></html>`

// badPage breaks WCAG: an input with no label, and two buttons too small and
// too close together for a finger (WCAG 2.2 target size).
const badPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bad</title>` + pageStyle + `</head>
<body><main><h1>Bad page</h1>
<input id="nameless" name="nameless" type="text">
<p><button id="tiny-1" style="min-height:0;min-width:0;width:12px;height:12px;padding:0;margin:0">+</button><button id="tiny-2" style="min-height:0;min-width:0;width:12px;height:12px;padding:0;margin:0">-</button></p>
</main></body></html>`

func testServer(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, goodPage)
	})
	mux.HandleFunc("GET /bad", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, badPage)
	})
	mux.HandleFunc("POST /apply", func(w http.ResponseWriter, r *http.Request) {
		areas := map[string]string{"cv": "Castle Vale", "ki": "Kingstanding"}
		w.WriteHeader(http.StatusCreated) // distinct, to prove the status is reported
		fmt.Fprintf(w, `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Sent</title>%s</head>
<body><main><h1><span class="govuk-caption-l">Hospitality to Health</span> Application sent</h1>
<p>Name: %s</p><p>Times: %s</p><p>Area: %s</p>
<p><a href="/">Start again</a></p></main></body></html>`,
			pageStyle, html.EscapeString(r.FormValue("name")), html.EscapeString(r.FormValue("when")),
			html.EscapeString(areas[r.FormValue("area")]))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestJourneyByLabels(t *testing.T) {
	srv := testServer(t)
	ctx := Start(t, 375, 667)

	if got, want := Visit(t, ctx, srv.URL+"/"), http.StatusOK; got != want {
		t.Errorf("Visit status = %d, want %d", got, want)
	}
	width, err := chromedp.Run(ctx, chromedp.Evaluate[int]("window.innerWidth"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := width, 375; got != want {
		t.Errorf("viewport width = %d, want %d", got, want)
	}
	WaitForHeading(t, ctx, "Apply for a course")
	CheckAccessibility(t, ctx, "apply, empty")

	FillByLabel(t, ctx, "Full name", "Ada O'Brien")
	FillByLabel(t, ctx, "Full name", "Ada O’Brien \"Lovelace\"") // replaces, and survives quotes
	CheckByLabel(t, ctx, "Evenings")
	FillByLabel(t, ctx, "Neighbourhood", "Castle Vale")
	if got, want := ClickButton(t, ctx, "Continue"), http.StatusCreated; got != want {
		t.Errorf("ClickButton status = %d, want %d", got, want)
	}

	WaitForHeading(t, ctx, "Application sent")
	text := Text(t, ctx)
	for _, want := range []string{"Name: Ada O’Brien \"Lovelace\"", "Times: evenings", "Area: Castle Vale"} {
		if !strings.Contains(text, want) {
			t.Errorf("page text = %q, want it to contain %q", text, want)
		}
	}
	CheckAccessibility(t, ctx, "sent")

	if got, want := ClickLink(t, ctx, "Start again"), http.StatusOK; got != want {
		t.Errorf("ClickLink status = %d, want %d", got, want)
	}
	WaitForHeading(t, ctx, "Apply for a course")
	if got, want := Location(t, ctx), srv.URL+"/"; got != want {
		t.Errorf("Location = %q, want %q", got, want)
	}
}

// recorder is a testing.TB that records failures instead of stopping, so the
// helpers' own failures can be checked.
type recorder struct {
	testing.TB
	failures []string
	fatal    bool
	skipped  bool
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.failures = append(r.failures, fmt.Sprintf(format, args...))
}
func (r *recorder) Fatalf(format string, args ...any) {
	r.fatal = true
	r.Errorf(format, args...)
}
func (r *recorder) Skipf(format string, args ...any) {
	r.skipped = true
	r.failures = append(r.failures, fmt.Sprintf(format, args...))
}

func TestCheckAccessibilityReportsViolations(t *testing.T) {
	srv := testServer(t)
	ctx := Start(t, 375, 667)
	Visit(t, ctx, srv.URL+"/bad")

	vs, err := Violations(ctx)
	if err != nil {
		t.Fatalf("Violations: %v", err)
	}
	var label *Violation
	for i := range vs {
		if vs[i].ID == "label" {
			label = &vs[i]
		}
	}
	if label == nil {
		t.Fatalf("Violations = %v, want the rule %q", vs, "label")
	}
	if got, want := strings.Join(label.Targets, " "), "#nameless"; got != want {
		t.Errorf("label targets = %q, want %q", got, want)
	}

	if !slices.ContainsFunc(vs, func(v Violation) bool { return v.ID == "target-size" }) {
		t.Errorf("Violations = %v, want the rule %q too", vs, "target-size")
	}

	rec := &recorder{TB: t}
	CheckAccessibility(rec, ctx, "bad page, empty")
	if got, want := len(rec.failures), 1; got != want {
		t.Fatalf("CheckAccessibility failures = %d (%q), want %d", got, rec.failures, want)
	}
	if rec.fatal {
		t.Errorf("CheckAccessibility used Fatalf, want Errorf so later states are checked")
	}
	for _, want := range []string{"bad page, empty:", "label (critical)", "#nameless", "https://"} {
		if !strings.Contains(rec.failures[0], want) {
			t.Errorf("failure = %q, want it to contain %q", rec.failures[0], want)
		}
	}
}

func TestHelpersFailClearly(t *testing.T) {
	srv := testServer(t)
	ctx := Start(t, 375, 667)
	Visit(t, ctx, srv.URL+"/")

	tests := []struct {
		name string
		do   func(tb testing.TB, ctx context.Context)
		want string
	}{
		{"missing field", func(tb testing.TB, ctx context.Context) { FillByLabel(tb, ctx, "Postcode", "B35 7PR") },
			`no visible field named "Postcode"; the page has: "Full name", "Neighbourhood"`},
		{"missing option", func(tb testing.TB, ctx context.Context) { FillByLabel(tb, ctx, "Neighbourhood", "Mars") },
			`no option "Mars"`},
		{"missing choice", func(tb testing.TB, ctx context.Context) { CheckByLabel(tb, ctx, "Weekends") },
			`no visible choice named "Weekends"; the page has: "Days", "Evenings"`},
		{"missing button", func(tb testing.TB, ctx context.Context) { ClickButton(tb, ctx, "Submit") },
			`no visible button named "Submit"; the page has: "Continue"`},
		{"missing heading", func(tb testing.TB, ctx context.Context) { WaitForHeading(tb, ctx, "Done") },
			`not found; the page has headings: "Apply for a course"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// A short deadline: the helpers wait for the page, and here it never comes right.
			short, cancel := context.WithTimeout(ctx, 700*time.Millisecond)
			defer cancel()
			rec := &recorder{TB: t}
			tt.do(rec, short)
			if !rec.fatal || len(rec.failures) != 1 {
				t.Fatalf("failures = %q (fatal %v), want one fatal failure", rec.failures, rec.fatal)
			}
			if !strings.Contains(rec.failures[0], tt.want) {
				t.Errorf("failure = %q, want it to contain %q", rec.failures[0], tt.want)
			}
		})
	}
}

func TestStartWithoutChromium(t *testing.T) {
	t.Setenv("CHROMIUM_PATH", "/nonexistent/chromium")
	tests := []struct {
		ci          string
		wantFatal   bool
		wantSkipped bool
	}{
		{ci: "true", wantFatal: true},
		{ci: "", wantSkipped: true},
	}
	for _, tt := range tests {
		t.Setenv("CI", tt.ci)
		rec := &recorder{TB: t}
		if ctx := Start(rec, 375, 667); ctx != nil {
			t.Errorf("CI=%q: Start returned a context without a browser", tt.ci)
		}
		if rec.fatal != tt.wantFatal || rec.skipped != tt.wantSkipped {
			t.Errorf("CI=%q: fatal, skipped = %v, %v; want %v, %v", tt.ci, rec.fatal, rec.skipped, tt.wantFatal, tt.wantSkipped)
		}
		if len(rec.failures) != 1 || !strings.Contains(rec.failures[0], "/nonexistent/chromium") {
			t.Errorf("CI=%q: message = %q, want it to name CHROMIUM_PATH's value", tt.ci, rec.failures)
		}
	}
}
