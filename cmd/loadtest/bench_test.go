package main

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"anchorpathways/internal/database"
	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/store"
	"anchorpathways/internal/web"
	"anchorpathways/static"
)

// The handler benchmarks call the handlers in-process, with no network, so
// that the pathway page compares with the bare echo handler the load tool
// measures against (divide their ns/op). They report; they assert nothing
// about time.

func BenchmarkBareHandler(b *testing.B) {
	benchmarkGet(b, bareEcho(), "/")
}

// BenchmarkPathwayPageHandler renders the pathway page on every request (the
// page cache off) on each test database.
func BenchmarkPathwayPageHandler(b *testing.B) {
	for _, n := range dbtest.All(b) {
		b.Run(n.Name, func(b *testing.B) {
			ctx := context.Background()
			st := store.New(n.DB)
			if err := st.SeedDemo(ctx, store.Messages{}); err != nil {
				b.Fatal(err)
			}
			assets, err := static.New(static.FS)
			if err != nil {
				b.Fatal(err)
			}
			db := n.DB
			e, err := web.New(web.Deps{Store: st, Assets: assets, Logger: slog.New(slog.DiscardHandler), BaseURL: "http://portal.test",
				Ready: func(ctx context.Context) error { return database.Ping(ctx, db) }})
			if err != nil {
				b.Fatal(err)
			}
			benchmarkGet(b, e, "/pathways/hospitality-to-health")
		})
	}
}

func benchmarkGet(b *testing.B, h http.Handler, path string) {
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		if rec.Code != http.StatusOK {
			b.Fatalf("GET %s: got status %d, want 200", path, rec.Code)
		}
	}
}
