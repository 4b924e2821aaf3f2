package store_test

import (
	"context"
	"fmt"
	"testing"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/store"
)

// The benchmarks run on SQLite and, when TEST_DATABASE_URL is set, on
// PostgreSQL, against the demo data. They report; they assert no timing.

func BenchmarkPathwayBySlug(b *testing.B) {
	for _, n := range dbtest.All(b) {
		b.Run(n.Name, func(b *testing.B) {
			ctx := context.Background()
			s := store.New(n.DB)
			if err := s.SeedDemo(ctx, store.Messages{}); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, err := s.PathwayBySlug(ctx, "hospitality-to-health"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkListOpenPathways(b *testing.B) {
	for _, n := range dbtest.All(b) {
		b.Run(n.Name, func(b *testing.B) {
			ctx := context.Background()
			s := store.New(n.DB)
			if err := s.SeedDemo(ctx, store.Messages{}); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, err := s.ListOpenPathways(ctx); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSubmitApplication times sending a complete draft; making the
// draft is not timed.
func BenchmarkSubmitApplication(b *testing.B) {
	for _, n := range dbtest.All(b) {
		b.Run(n.Name, func(b *testing.B) {
			ctx := context.Background()
			s := store.New(n.DB)
			if err := s.SeedDemo(ctx, store.Messages{}); err != nil {
				b.Fatal(err)
			}
			i := 0
			for b.Loop() {
				b.StopTimer()
				i++
				// From +447700910000 up: the demo residents have 900xxx.
				app := draft(b, s, fmt.Sprintf("+4477009%05d", 10_000+i%90_000))
				b.StartTimer()
				sub, err := s.SubmitApplication(ctx, app.ID, store.Messages{})
				if err != nil || !sub.Fresh {
					b.Fatalf("send %d: fresh %v, %v", i, sub.Fresh, err)
				}
			}
		})
	}
}
