package web_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
	"anchorpathways/internal/web/webtest"
	"anchorpathways/static"
)

// The page-weight budgets of the issue: a resident page on a cheap phone with
// pay-as-you-go data. Sizes are not timings, so a test may assert them.
const (
	budgetHTML       = 14 * 1024 // compressed HTML of one page
	budgetFirstVisit = 25 * 1024 // compressed HTML plus compressed CSS
)

// budgetDo sends req as a browser does (accepting gzip) and returns the
// bytes on the wire and the decoded HTML. It keeps the client's cookies and
// CSRF token up to date, as client.do does for uncompressed pages.
func budgetDo(t *testing.T, c *webtest.Client, req *http.Request) (rec *httptest.ResponseRecorder, wire int, html string) {
	t.Helper()
	req.Header.Set("Accept-Encoding", "gzip, deflate, br")
	rec = c.Do(req)
	raw := rec.Body.Bytes()
	wire = len(raw)
	html = string(raw)
	if rec.Header().Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			t.Fatalf("%s %s: gunzip: %v", req.Method, req.URL.Path, err)
		}
		b, err := io.ReadAll(zr)
		if err != nil {
			t.Fatalf("%s %s: gunzip: %v", req.Method, req.URL.Path, err)
		}
		html = string(b)
		if m := webtest.CSRFPattern.FindStringSubmatch(html); m != nil {
			c.SetCSRF(m[1])
		}
	}
	return rec, wire, html
}

func budgetGet(t *testing.T, c *webtest.Client, path string) (*httptest.ResponseRecorder, int, string) {
	return budgetDo(t, c, httptest.NewRequest(http.MethodGet, path, nil))
}

func budgetPost(t *testing.T, c *webtest.Client, path string, form url.Values) (*httptest.ResponseRecorder, int, string) {
	f := url.Values{}
	for k, v := range form {
		f[k] = v
	}
	f.Set("csrf_token", c.CSRF())
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(f.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return budgetDo(t, c, req)
}

var (
	stylesheetRE = regexp.MustCompile(`<link rel="stylesheet" href="([^"]+)"`)
	// attrURLRE finds the URL-valued attributes a page could fetch or link with.
	attrURLRE  = regexp.MustCompile(`(?i)\s(?:href|src|srcset|action|poster|data|formaction)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))`)
	cssFetchRE = regexp.MustCompile(`(?i)url\(\s*["']?\s*(?:https?:)?//[^)]*\)|@import[^;]*(?:https?:)?//[^;]*`)
	fontRE     = regexp.MustCompile(`(?i)@font-face|\.woff2?\b|\.ttf\b|\.otf\b|\.eot\b|fonts\.googleapis|fonts\.gstatic|use\.typekit`)
)

// budgetPathways builds what the resident pages weigh with on a real
// network: two open pathways with full-length copy, sharing two partner
// housing providers (the eligibility page lists them) and a neighbourhood,
// so that "choose" offers both. It returns the one the journey applies to.
func budgetPathways(t *testing.T, st *store.Store) storetest.Built {
	t.Helper()
	providers := []store.Organisation{
		storetest.Organisation(t, st, store.KindHousingProvider, storetest.Named("Riverside Homes Housing Association")),
		storetest.Organisation(t, st, store.KindHousingProvider, storetest.Named("Northfield Community Housing Trust")),
	}
	hood := storetest.NeighbourhoodNamed(t, st, "Brookfield Estate", providers, storetest.UniqueSector(), storetest.UniqueSector())
	copyAs := func(name string) storetest.PathwayOption {
		return storetest.WithInput(func(in *store.PathwayInput) {
			in.Name = name
			in.Summary = "Move from " + name + " into a steady job with a local employer. A free two-week course, then a guaranteed interview."
			in.Description = strings.Repeat("If you have worked with the public, in a team, on shifts or to a deadline, you already have skills employers here need. ", 3)
			in.EligibilityText = "You can apply if you live in Brookfield Estate or rent your home from Riverside Homes Housing Association or Northfield Community Housing Trust, you are 18 or over, and you have the right to work in the UK. You do not need any qualifications."
		})
	}
	b := storetest.Pathway(t, st, storetest.PartneredWith(providers...), storetest.InNeighbourhood(hood), copyAs("Hospitality to Health"))
	storetest.Pathway(t, st, storetest.PartneredWith(providers...), storetest.InNeighbourhood(hood), copyAs("Retail to Council Services"))
	return b
}

// TestPageBudgets renders every resident page state as a browser fetches it
// and checks the budgets: compressed HTML ≤ 14 KB; compressed HTML and CSS ≤
// 25 KB on a first visit; no script; no web font; nothing from another host.
func TestPageBudgets(t *testing.T) {
	assets, err := static.New(static.FS)
	if err != nil {
		t.Fatal(err)
	}
	if !assets.Has("app.css") {
		msg := "static/dist/app.css is not built (run `make assets`): the first-visit budget needs it"
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	app := webtest.NewBareApp(t, dbtest.SQLite(t))
	b := budgetPathways(t, app.Store)
	a := webtest.ApplyPath(b)

	type state struct {
		name   string
		status int
		wire   int
		html   string
	}
	var states []state
	keep := func(name string, want int) func(rec *httptest.ResponseRecorder, wire int, html string) {
		return func(rec *httptest.ResponseRecorder, wire int, html string) {
			t.Helper()
			if rec.Code != want {
				t.Fatalf("%s: got status %d, want %d:\n%s", name, rec.Code, want, webtest.Snippet(html))
			}
			states = append(states, state{name: name, status: rec.Code, wire: wire, html: html})
		}
	}
	redirect := func(want string) func(rec *httptest.ResponseRecorder, wire int, html string) {
		return func(rec *httptest.ResponseRecorder, _ int, html string) {
			t.Helper()
			if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != want {
				t.Fatalf("got %d to %q, want 303 to %q:\n%s", rec.Code, rec.Header().Get("Location"), want, webtest.Snippet(html))
			}
		}
	}

	// The public pages.
	visitor := app.Client(t)
	keep("home", 200)(budgetGet(t, visitor, "/"))
	keep("pathway", 200)(budgetGet(t, visitor, "/pathways/"+b.Slug))

	// Someone who cannot apply.
	refused := app.Client(t)
	refused.IP = "192.0.2.20:1234"
	budgetGet(t, refused, a)
	redirect(a + "/not-eligible")(budgetPost(t, refused, a, url.Values{"postcode": {"SW1A 1AA"}, "tenant": {"none"}, "over18": {"yes"}, "right_to_work": {"yes"}}))
	keep("not eligible", 200)(budgetGet(t, refused, a+"/not-eligible"))

	// Every step of an application, with the error state of each form.
	r := app.Client(t)
	r.IP = "192.0.2.21:1234"
	keep("eligibility", 200)(budgetGet(t, r, a))
	keep("eligibility, errors", 422)(budgetPost(t, r, a, url.Values{}))
	redirect(a + "/about-you")(budgetPost(t, r, a, url.Values{"postcode": {b.Postcode()}, "tenant": {"none"}, "over18": {"yes"}, "right_to_work": {"yes"}}))
	keep("about you", 200)(budgetGet(t, r, a+"/about-you"))
	keep("about you, errors", 422)(budgetPost(t, r, a+"/about-you", url.Values{"channel": {"sms"}}))
	redirect(a + "/check-your-phone")(budgetPost(t, r, a+"/about-you", url.Values{"full_name": {"Siobhán O'Neill"}, "mobile": {"07700 900555"}, "channel": {"sms"}}))
	keep("check your phone", 200)(budgetGet(t, r, a+"/check-your-phone"))
	keep("check your phone, errors", 422)(budgetPost(t, r, a+"/check-your-phone", url.Values{"code": {"12"}}))
	redirect(a + "/your-work")(budgetPost(t, r, a+"/check-your-phone", url.Values{"code": {app.LatestCode(t, "+447700900555")}}))
	keep("your work", 200)(budgetGet(t, r, a+"/your-work"))
	keep("your work, errors", 422)(budgetPost(t, r, a+"/your-work", url.Values{}))
	redirect(a + "/work-experience")(budgetPost(t, r, a+"/your-work", url.Values{"situation": {"at_risk"}}))
	keep("work experience", 200)(budgetGet(t, r, a+"/work-experience"))
	keep("work experience, errors", 422)(budgetPost(t, r, a+"/work-experience", url.Values{"sectors": {"hospitality"}}))
	redirect(a + "/skills")(budgetPost(t, r, a+"/work-experience", url.Values{"sectors": {"hospitality"}, "years": {"1_to_5"}}))
	keep("skills", 200)(budgetGet(t, r, a+"/skills"))
	keep("skills, errors", 422)(budgetPost(t, r, a+"/skills", url.Values{"skills": {"juggling"}}))
	redirect(a + "/job-preferences")(budgetPost(t, r, a+"/skills", url.Values{"skills": {"food_hygiene", "customer_service"}}))
	keep("job preferences", 200)(budgetGet(t, r, a+"/job-preferences"))
	keep("job preferences, errors", 422)(budgetPost(t, r, a+"/job-preferences", url.Values{}))
	redirect(a + "/support")(budgetPost(t, r, a+"/job-preferences", url.Values{"interests": {"catering"}, "hours": {"full_time"}, "travel": {"30"}}))
	keep("support", 200)(budgetGet(t, r, a+"/support"))
	keep("support, errors", 422)(budgetPost(t, r, a+"/support", url.Values{"details": {strings.Repeat("x", 501)}}))
	redirect(a + "/choose")(budgetPost(t, r, a+"/support", url.Values{"needs": {"childcare"}, "details": {"Not on Fridays"}}))
	keep("choose", 200)(budgetGet(t, r, a+"/choose"))
	keep("choose, errors", 422)(budgetPost(t, r, a+"/choose", url.Values{}))
	redirect(a + "/course-date")(budgetPost(t, r, a+"/choose", url.Values{"pathway": {b.ID}}))
	keep("course date", 200)(budgetGet(t, r, a+"/course-date"))
	keep("course date, errors", 422)(budgetPost(t, r, a+"/course-date", url.Values{}))
	redirect(a + "/check")(budgetPost(t, r, a+"/course-date", url.Values{"cohort": {b.Cohort.ID}}))
	keep("check your answers", 200)(budgetGet(t, r, a+"/check"))
	redirect(a + "/confirmation")(budgetPost(t, r, a+"/check", url.Values{}))
	keep("confirmation", 200)(budgetGet(t, r, a+"/confirmation"))

	// Signing in with a code (in another browser), and the resident's applications.
	r = app.Client(t)
	r.IP = "192.0.2.22:1234"
	keep("status start", 200)(budgetGet(t, r, "/status"))
	keep("status start, errors", 422)(budgetPost(t, r, "/status", url.Values{"contact": {"not a phone"}}))
	redirect("/status/code")(budgetPost(t, r, "/status", url.Values{"contact": {"07700 900555"}}))
	keep("code", 200)(budgetGet(t, r, "/status/code"))
	keep("code, errors", 422)(budgetPost(t, r, "/status/code", url.Values{"code": {"12"}}))
	redirect("/status/applications")(budgetPost(t, r, "/status/code", url.Values{"code": {app.LatestCode(t, "+447700900555")}}))
	keep("your applications", 200)(budgetGet(t, r, "/status/applications"))

	// The stylesheet, as a first visit fetches it.
	m := stylesheetRE.FindStringSubmatch(states[0].html)
	if m == nil {
		t.Fatal("the home page links no stylesheet")
	}
	cssRec, cssWire, css := budgetGet(t, app.Client(t), m[1])
	if cssRec.Code != http.StatusOK {
		t.Fatalf("GET %s: status %d", m[1], cssRec.Code)
	}
	if cssRec.Header().Get("Content-Encoding") != "gzip" {
		t.Errorf("GET %s: not gzipped", m[1])
	}
	if fontRE.MatchString(css) {
		t.Errorf("app.css names a web font: %q", fontRE.FindString(css))
	}
	// The CSS fetches only through url() and @import ("http://" also appears
	// in print selectors such as [href^="http://"], which fetch nothing).
	if m := cssFetchRE.FindString(css); m != "" {
		t.Errorf("app.css fetches from another host: %q", m)
	}

	t.Logf("%-24s %6s %9s %9s %11s", "page", "status", "HTML", "gzipped", "+CSS (gz)")
	for _, s := range states {
		t.Logf("%-24s %6d %9d %9d %11d", s.name, s.status, len(s.html), s.wire, s.wire+cssWire)
		if s.wire > budgetHTML {
			t.Errorf("%s: %d bytes of compressed HTML, budget %d", s.name, s.wire, budgetHTML)
		}
		if s.wire+cssWire > budgetFirstVisit {
			t.Errorf("%s: %d bytes of compressed HTML and CSS on a first visit, budget %d", s.name, s.wire+cssWire, budgetFirstVisit)
		}
		if s.wire >= len(s.html) {
			t.Errorf("%s: served uncompressed (%d bytes) to a browser that accepts gzip", s.name, s.wire)
		}
		if !strings.HasPrefix(s.html, "<!DOCTYPE html>") || !strings.Contains(s.html, `href="`+m[1]+`"`) {
			t.Errorf("%s: not a full page with the stylesheet", s.name)
		}
		lower := strings.ToLower(s.html)
		if strings.Contains(lower, "<script") {
			t.Errorf("%s: has a <script>: pages must work without JavaScript", s.name)
		}
		if strings.Contains(lower, "javascript:") || regexp.MustCompile(`\son[a-z]+\s*=`).MatchString(lower) {
			t.Errorf("%s: has inline JavaScript", s.name)
		}
		if fontRE.MatchString(s.html) {
			t.Errorf("%s: names a web font: %q", s.name, fontRE.FindString(s.html))
		}
		for _, a := range attrURLRE.FindAllStringSubmatch(s.html, -1) {
			u := a[1] + a[2] + a[3]
			if other, ok := otherHost(u); ok {
				t.Errorf("%s: %s refers to another host (%s)", s.name, strings.TrimSpace(a[0]), other)
			}
		}
	}
	t.Logf("%-24s %6d %9d %9d", "app.css", cssRec.Code, len(css), cssWire)
}

// otherHost reports the host of an absolute or protocol-relative URL. The
// pages link only to their own paths (and data: URLs), so any host at all is
// another host.
func otherHost(raw string) (string, bool) {
	raw = strings.TrimSpace(raw)
	if strings.HasPrefix(raw, "//") {
		raw = "https:" + raw
	}
	u, err := url.Parse(raw)
	if err != nil {
		return raw, true // a URL the browser might read differently is suspect
	}
	if u.Scheme == "" || u.Scheme == "data" || u.Scheme == "mailto" || u.Scheme == "tel" {
		return "", false
	}
	return u.Host, true
}
