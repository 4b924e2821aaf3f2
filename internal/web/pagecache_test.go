package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/store"
	"anchorpathways/internal/web"
	"anchorpathways/internal/web/webtest"
	"anchorpathways/static"
)

// Public pages are kept for the TTL, never with a cookie, and a staff change
// empties the cache at once.
func TestPageCache(t *testing.T) {
	db := dbtest.SQLite(t)
	st := store.New(db)
	if err := st.SeedDemo(context.Background(), store.Messages{}); err != nil {
		t.Fatal(err)
	}
	assets, _ := static.New(static.FS)
	e, err := web.New(web.Deps{Store: st, Assets: assets, Demo: true, PageCacheTTL: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	app := &webtest.App{Echo: e, Store: st, DB: db}
	visitor := app.Client(t)
	first := visitor.Get("/")
	webtest.WantStatus(t, first, http.StatusOK)
	if err := db.Exec(`UPDATE pathways SET name = 'Renamed pathway' WHERE slug = 'hospitality-to-health'`).Error; err != nil {
		t.Fatal(err)
	}
	cached := visitor.Get("/")
	if strings.Contains(cached.Body.String(), "Renamed pathway") {
		t.Fatal("the home page was rendered again within the TTL")
	}
	if cached.Header().Get("Set-Cookie") != "" || cached.Header().Get("Content-Security-Policy") == "" {
		t.Errorf("cached page headers: got %v", cached.Header())
	}
	// Forms are never cached.
	if a, b := visitor.Get(webtest.HTH), app.Client(t).Get(webtest.HTH); a.Header().Get("Set-Cookie") == "" || b.Header().Get("Set-Cookie") == "" {
		t.Error("the eligibility page must start a session for every visitor")
	}
	coordinator := app.Client(t)
	coordinator.Get("/staff/login")
	webtest.WantRedirect(t, coordinator.Post("/staff/login", url.Values{"email": {store.DemoStaff[0].Email}, "password": {store.DemoPassword}}), "/staff")
	coordinator.Get("/staff")
	coordinator.Post("/staff/sign-out", nil)
	if !strings.Contains(visitor.Get("/").Body.String(), "Renamed pathway") {
		t.Error("a staff change did not empty the cache")
	}
}
