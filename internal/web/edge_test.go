package web_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
	"anchorpathways/internal/web"
	"anchorpathways/internal/web/webtest"
	"anchorpathways/static"
)

// HEAD answers every GET route with the GET's status and headers and no
// body: uptime monitors use HEAD.
func TestHeadAnswersEveryGetRoute(t *testing.T) {
	app := webtest.NewBareApp(t, dbtest.SQLite(t))
	b := storetest.Pathway(t, app.Store)
	m := stylesheetRE.FindStringSubmatch(app.Client(t).Get("/").Body.String())
	if m == nil {
		t.Fatal("no stylesheet link on the home page")
	}
	css := m[1]
	tests := []struct {
		path string
		want int
	}{
		{"/", http.StatusOK},
		{"/pathways/" + b.Slug, http.StatusOK},
		{"/healthz", http.StatusOK},
		{"/readyz", http.StatusOK},
		{css, http.StatusOK},
		{webtest.ApplyPath(b), http.StatusOK},
		{"/status", http.StatusOK},
		{"/staff/login", http.StatusOK},
		{"/staff", http.StatusSeeOther},
		{"/pathways/no-such-pathway", http.StatusNotFound},
		{"/no-such-page", http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			get := app.Client(t).Get(tt.path)
			head := app.Client(t).Do(httptest.NewRequest(http.MethodHead, tt.path, nil))
			if got := head.Code; got != tt.want || got != get.Code {
				t.Errorf("HEAD %s: got %d, want %d (GET gave %d)", tt.path, got, tt.want, get.Code)
			}
			if got := head.Body.Len(); got != 0 {
				t.Errorf("HEAD %s: got a %d-byte body, want none", tt.path, got)
			}
			if got, want := head.Header().Get("Content-Type"), get.Header().Get("Content-Type"); got != want {
				t.Errorf("HEAD %s: got Content-Type %q, want the GET's %q", tt.path, got, want)
			}
		})
	}
}

// Strict-Transport-Security is sent when cookies are Secure (HTTPS), and
// never otherwise.
func TestHSTSOnlyWithSecureCookies(t *testing.T) {
	tests := []struct {
		secure bool
		want   string
	}{
		{true, "max-age=31536000; includeSubDomains"},
		{false, ""},
	}
	db := dbtest.SQLite(t)
	for _, tt := range tests {
		app := webtest.NewAppWith(t, db, webtest.Options{SecureCookie: tt.secure, Bare: true})
		for _, path := range []string{"/", "/status", "/no-such-page"} {
			rec := app.Client(t).Get(path)
			if got := rec.Header().Get("Strict-Transport-Security"); got != tt.want {
				t.Errorf("secure %v, GET %s: got Strict-Transport-Security %q, want %q", tt.secure, path, got, tt.want)
			}
		}
	}
}

// A database outage answers 503 with Retry-After and the "service
// unavailable" page, not a 500 that reads as a bug.
func TestDatabaseOutageIsServiceUnavailable(t *testing.T) {
	// Port 1 on the loopback refuses at once: a database that is down.
	db, err := gorm.Open(postgres.Open("postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=5"),
		&gorm.Config{DisableAutomaticPing: true, Logger: logger.Discard})
	if err != nil {
		t.Fatal(err)
	}
	assets, err := static.New(static.FS)
	if err != nil {
		t.Fatal(err)
	}
	e, err := web.New(web.Deps{Store: store.New(db), Assets: assets})
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/", "/pathways/hospitality-to-health"} {
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		if got, want := rec.Code, http.StatusServiceUnavailable; got != want {
			t.Errorf("GET %s: got %d, want %d", path, got, want)
		}
		if got, want := rec.Header().Get("Retry-After"), "30"; got != want {
			t.Errorf("GET %s: got Retry-After %q, want %q", path, got, want)
		}
		webtest.WantBody(t, rec, "Sorry, the service is unavailable")
	}
}
