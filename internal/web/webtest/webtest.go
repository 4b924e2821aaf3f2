// Package webtest drives the whole portal in tests as a browser would: the
// app on a real, migrated database (SQLite or PostgreSQL, from dbtest), a
// client that keeps cookies and sends the CSRF token it last saw, and the
// assertions handler tests share. Only tests import it.
package webtest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
	"gorm.io/gorm"

	"anchorpathways/internal/store"
	"anchorpathways/internal/web"
	"anchorpathways/static"
)

// App is the portal on a real, migrated database (with the demo network
// unless built bare).
type App struct {
	Echo  *echo.Echo
	Store *store.Store
	DB    *gorm.DB
}

// Options change how NewAppWith builds the app.
type Options struct {
	// Live turns demo mode off (real second factors for every account).
	Live bool
	// Clock, if set, is the store's clock.
	Clock func() time.Time
	// Bare leaves the database empty instead of seeding the demo network;
	// the test builds its data with the storetest factories.
	Bare bool
	// SecureCookie marks cookies Secure, as behind HTTPS.
	SecureCookie bool
}

// NewApp builds the portal on db, in demo mode, with the demo data seeded.
func NewApp(t testing.TB, db *gorm.DB) *App {
	t.Helper()
	return NewAppWith(t, db, Options{})
}

// NewAppWith builds the portal on db, with the demo data seeded unless
// BaseURL is the test portal's address, in its messages' links.
const BaseURL = "http://portal.test"

// o.Bare, as o says.
func NewAppWith(t testing.TB, db *gorm.DB, o Options) *App {
	t.Helper()
	st := store.New(db)
	if o.Clock != nil {
		st = st.WithClock(o.Clock)
	}
	if !o.Bare {
		if err := st.SeedDemo(context.Background(), store.Messages{BaseURL: BaseURL}); err != nil {
			t.Fatalf("seed demo: %v", err)
		}
	}
	assets, err := static.New(static.FS)
	if err != nil {
		t.Fatalf("assets: %v", err)
	}
	e, err := web.New(web.Deps{Store: st, Assets: assets, Demo: !o.Live, BaseURL: BaseURL, SecureCookie: o.SecureCookie})
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	return &App{Echo: e, Store: st, DB: db}
}

// Client is one browser: it keeps cookies and the last CSRF token it saw.
type Client struct {
	t   testing.TB
	app *App
	// IP is the client's address ("host:port"); set it before use.
	IP   string
	mu   sync.Mutex
	jar  map[string]string
	csrf string
}

// Client is a new browser with no cookies, at 192.0.2.10.
func (a *App) Client(t testing.TB) *Client {
	return &Client{t: t, app: a, jar: map[string]string{}, IP: "192.0.2.10:1234"}
}

// CSRFPattern finds the CSRF token in a page.
var CSRFPattern = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// CSRF is the token the client last saw.
func (c *Client) CSRF() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.csrf
}

// SetCSRF replaces the token the client sends next.
func (c *Client) SetCSRF(token string) {
	c.mu.Lock()
	c.csrf = token
	c.mu.Unlock()
}

// Do sends req with the client's cookies and address, and keeps the
// cookies and CSRF token of the answer.
func (c *Client) Do(req *http.Request) *httptest.ResponseRecorder {
	c.mu.Lock()
	for k, v := range c.jar {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	req.RemoteAddr = c.IP
	c.mu.Unlock()
	rec := httptest.NewRecorder()
	c.app.Echo.ServeHTTP(rec, req)
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, ck := range rec.Result().Cookies() {
		if ck.MaxAge < 0 {
			delete(c.jar, ck.Name)
		} else {
			c.jar[ck.Name] = ck.Value
		}
	}
	if m := CSRFPattern.FindStringSubmatch(rec.Body.String()); m != nil {
		c.csrf = m[1]
	}
	return rec
}

// Get fetches path.
func (c *Client) Get(path string) *httptest.ResponseRecorder {
	return c.Do(httptest.NewRequest(http.MethodGet, path, nil))
}

// Post sends a form with the CSRF token the client last saw (unless form
// has one).
func (c *Client) Post(path string, form url.Values) *httptest.ResponseRecorder {
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
	return c.Do(req)
}

// WantStatus fails the test unless rec has status want.
func WantStatus(t testing.TB, rec *httptest.ResponseRecorder, want int) {
	t.Helper()
	if rec.Code != want {
		t.Fatalf("got status %d, want %d; body:\n%s", rec.Code, want, Snippet(rec.Body.String()))
	}
}

// WantRedirect fails the test unless rec is a 303 to want.
func WantRedirect(t testing.TB, rec *httptest.ResponseRecorder, want string) {
	t.Helper()
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != want {
		t.Fatalf("got %d to %q, want 303 to %q; body:\n%s", rec.Code, rec.Header().Get("Location"), want, Snippet(rec.Body.String()))
	}
}

// WantBody reports each part the body of rec lacks.
func WantBody(t testing.TB, rec *httptest.ResponseRecorder, parts ...string) {
	t.Helper()
	body := rec.Body.String()
	for _, p := range parts {
		if !strings.Contains(body, p) {
			t.Errorf("body lacks %q:\n%s", p, Snippet(body))
		}
	}
}

// Snippet is the main part of a page, cut short, for failure messages.
func Snippet(s string) string {
	if i := strings.Index(s, `<main`); i >= 0 {
		s = s[i:]
	}
	if len(s) > 3000 {
		s = s[:3000]
	}
	return s
}

// Count counts the rows of table matching where.
func Count(t testing.TB, db *gorm.DB, table, where string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := db.Table(table).Where(where, args...).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

// Cookie is the value of the client's cookie name ("" if it has none).
func (c *Client) Cookie(name string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.jar[name]
}

// SetCookie gives the client a cookie, as an attacker planting one would.
func (c *Client) SetCookie(name, value string) {
	c.mu.Lock()
	c.jar[name] = value
	c.mu.Unlock()
}
