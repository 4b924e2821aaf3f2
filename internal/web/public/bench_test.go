package public

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/store"
	"anchorpathways/internal/web/page"
	"anchorpathways/static"
)

// BenchmarkPathwayRender renders the demo pathway page from data read once:
// the template's share of a page, without the query (BenchmarkPathwayBySlug
// in the store) or any middleware. It reports; it asserts no timing.
func BenchmarkPathwayRender(b *testing.B) {
	db := dbtest.SQLite(b)
	ctx := context.Background()
	st := store.New(db)
	if err := st.SeedDemo(ctx, store.Messages{}); err != nil {
		b.Fatal(err)
	}
	assets, err := static.New(static.FS)
	if err != nil {
		b.Fatal(err)
	}
	views, err := page.New(page.Deps{Assets: assets, Store: st})
	if err != nil {
		b.Fatal(err)
	}
	p, err := st.PathwayBySlug(ctx, "hospitality-to-health")
	if err != nil {
		b.Fatal(err)
	}
	e := echo.New()
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		c := e.NewContext(httptest.NewRequest(http.MethodGet, "/pathways/"+p.Slug, nil), rec)
		if err := views.Render(c, http.StatusOK, tmplPathway, &pathwayPage{Page: page.Page{Title: p.Name, Back: "/"}, Pathway: p}); err != nil {
			b.Fatal(err)
		}
		if rec.Body.Len() < 1000 {
			b.Fatalf("rendered %d bytes", rec.Body.Len())
		}
	}
}
