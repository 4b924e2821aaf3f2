package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/labstack/echo/v4"
	"gorm.io/gorm"

	"anchorpathways/internal/store"
	"anchorpathways/internal/web"
	"anchorpathways/static"
)

// testApp is the portal on a real, migrated database with the demo network.
type testApp struct {
	e     *echo.Echo
	store *store.Store
	db    *gorm.DB
}

func newTestApp(t testing.TB, db *gorm.DB) *testApp {
	t.Helper()
	st := store.New(db)
	if err := st.SeedDemo(context.Background()); err != nil {
		t.Fatalf("seed demo: %v", err)
	}
	assets, err := static.New(static.FS)
	if err != nil {
		t.Fatalf("assets: %v", err)
	}
	e, err := web.New(web.Deps{Store: st, Assets: assets, Demo: true, BaseURL: "http://portal.test"})
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	return &testApp{e: e, store: st, db: db}
}

// client is one browser: it keeps cookies and the last CSRF token it saw.
type client struct {
	t    testing.TB
	app  *testApp
	mu   sync.Mutex
	jar  map[string]string
	csrf string
	ip   string
}

func (a *testApp) client(t testing.TB) *client {
	return &client{t: t, app: a, jar: map[string]string{}, ip: "192.0.2.10:1234"}
}

var csrfRE = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

func (c *client) do(req *http.Request) *httptest.ResponseRecorder {
	c.mu.Lock()
	for k, v := range c.jar {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	req.RemoteAddr = c.ip
	c.mu.Unlock()
	rec := httptest.NewRecorder()
	c.app.e.ServeHTTP(rec, req)
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, ck := range rec.Result().Cookies() {
		if ck.MaxAge < 0 {
			delete(c.jar, ck.Name)
		} else {
			c.jar[ck.Name] = ck.Value
		}
	}
	if m := csrfRE.FindStringSubmatch(rec.Body.String()); m != nil {
		c.csrf = m[1]
	}
	return rec
}

func (c *client) get(path string) *httptest.ResponseRecorder {
	return c.do(httptest.NewRequest(http.MethodGet, path, nil))
}

// post sends a form with the CSRF token the client last saw.
func (c *client) post(path string, form url.Values) *httptest.ResponseRecorder {
	f := url.Values{}
	for k, v := range form {
		f[k] = v
	}
	c.mu.Lock()
	if f.Get("csrf_token") == "" {
		f.Set("csrf_token", c.csrf)
	}
	c.mu.Unlock()
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(f.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

func wantStatus(t testing.TB, rec *httptest.ResponseRecorder, want int) {
	t.Helper()
	if rec.Code != want {
		t.Fatalf("got status %d, want %d; body:\n%s", rec.Code, want, snippet(rec.Body.String()))
	}
}

func wantRedirect(t testing.TB, rec *httptest.ResponseRecorder, want string) {
	t.Helper()
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != want {
		t.Fatalf("got %d to %q, want 303 to %q; body:\n%s", rec.Code, rec.Header().Get("Location"), want, snippet(rec.Body.String()))
	}
}

func wantBody(t testing.TB, rec *httptest.ResponseRecorder, parts ...string) {
	t.Helper()
	body := rec.Body.String()
	for _, p := range parts {
		if !strings.Contains(body, p) {
			t.Errorf("body lacks %q:\n%s", p, snippet(body))
		}
	}
}

func snippet(s string) string {
	if i := strings.Index(s, `<main`); i >= 0 {
		s = s[i:]
	}
	if len(s) > 3000 {
		s = s[:3000]
	}
	return s
}

const hth = "/pathways/hospitality-to-health/apply"

// journey answers every step up to "check your answers" for a resident.
func journey(t testing.TB, c *client, mobile string) {
	t.Helper()
	c.get(hth)
	wantRedirect(t, c.post(hth, url.Values{"postcode": {"B35 7PR"}, "tenant": {"none"}, "over18": {"yes"}, "right_to_work": {"yes"}}), hth+"/about-you")
	c.get(hth + "/about-you")
	wantRedirect(t, c.post(hth+"/about-you", url.Values{"full_name": {"Siobhán O'Neill"}, "mobile": {mobile}, "channel": {"sms"}}), hth+"/your-work")
	wantRedirect(t, c.post(hth+"/your-work", url.Values{"situation": {"at_risk"}, "sectors": {"hospitality"}, "years": {"1_to_5"},
		"skills": {"food_hygiene", "customer_service"}, "interests": {"catering"}, "hours": {"full_time"}, "travel": {"30"}}), hth+"/support")
	wantRedirect(t, c.post(hth+"/support", url.Values{"needs": {"childcare"}, "details": {"Not on Fridays"}}), hth+"/choose")
	wantRedirect(t, c.post(hth+"/choose", url.Values{"pathway": {store.DemoHTHID}}), hth+"/course-date")
	wantRedirect(t, c.post(hth+"/course-date", url.Values{"cohort": {store.DemoHTHCohortID}}), hth+"/check")
}
