package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
)

// seedPool writes n sent applications to b's pathway directly (the factories
// would take minutes for 10,000), with fit scores spread over 0–99 so that
// many share a score, as in life. It returns the pathway's recruiter.
func seedPool(t testing.TB, db *gorm.DB, st *store.Store, b storetest.Built, n int) portal.Staff {
	t.Helper()
	now := time.Now().UTC().Truncate(time.Second)
	statuses := []portal.Status{portal.StatusSubmitted, portal.StatusShortlisted, portal.StatusNotProgressed, portal.StatusPlaceOffered}
	tag := strings.ReplaceAll(storetest.Unique("p"), " ", "")
	const batch = 250
	for from := 0; from < n; from += batch {
		var res, apps []string
		var resArgs, appArgs []any
		for i := from; i < from+batch && i < n; i++ {
			rid, aid := fmt.Sprintf("%s-r%05d", tag, i), fmt.Sprintf("%s-a%05d", tag, i)
			mobile := fmt.Sprintf("+44%s%07d", tag, i)
			res = append(res, "(?, ?, ?, ?)")
			resArgs = append(resArgs, rid, mobile, now, now)
			apps = append(apps, "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			appArgs = append(appArgs, aid, fmt.Sprintf("%s-%05d", tag, i), rid, b.ID, b.Cohort.ID, statuses[i%len(statuses)],
				"Bulk Applicant", b.Postcode(), mobile, `{"situation":"unemployed","hours":"full_time"}`, (i*37)%100, now, now, now)
		}
		if err := db.Exec("INSERT INTO residents (id, mobile, created_at, updated_at) VALUES "+strings.Join(res, ", "), resArgs...).Error; err != nil {
			t.Fatal(err)
		}
		if err := db.Exec(`INSERT INTO applications (id, reference, resident_id, pathway_id, cohort_id, status, full_name, postcode,
			contact_mobile, answers, fit_score, submitted_at, created_at, updated_at) VALUES `+strings.Join(apps, ", "), appArgs...).Error; err != nil {
			t.Fatal(err)
		}
	}
	if db.Dialector.Name() == "postgres" {
		db.Exec("ANALYZE applications")
	}
	return storetest.Staff(t, st, portal.RoleRecruiter, b.Employer).User.Staff()
}

// cursorAt is the cursor that opens page p (1-based) of the unfiltered pool.
func cursorAt(t testing.TB, st *store.Store, who portal.Staff, pathwayID string, p int) store.PoolCursor {
	t.Helper()
	var c store.PoolCursor
	for i := 1; i < p; i++ {
		pool, err := st.PoolFor(context.Background(), who, pathwayID, store.PoolFilter{After: c, Limit: 25})
		if err != nil {
			t.Fatal(err)
		}
		c = pool.Next
	}
	return c
}

// TestPoolPageCostIsFlat: with 10,000 applications in one pathway, page 50
// makes the same round trips as page 1, and no more than five. (Timings
// are BenchmarkPoolPage's.)
func TestPoolPageCostIsFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds 10,000 applications")
	}
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		st := store.New(db)
		ctx := context.Background()
		b := storetest.Pathway(t, st, storetest.Places(25))
		who := seedPool(t, db, st, b, 10000)
		first, fiftieth := store.PoolCursor{}, cursorAt(t, st, who, b.ID, 50)
		if fiftieth.ID == "" {
			t.Fatal("no page 50")
		}
		rt := &roundTrips{}
		cst := store.New(counted(db, rt))
		trips := func(c store.PoolCursor) int {
			return len(rt.during(func() {
				if _, err := cst.PoolFor(ctx, who, b.ID, store.PoolFilter{After: c, Limit: 25}); err != nil {
					t.Fatal(err)
				}
			}))
		}
		if a, z := trips(first), trips(fiftieth); a != z || a > 5 {
			t.Errorf("round trips: page 1 %d, page 50 %d; want equal and at most 5", a, z)
		}
	})
}

// BenchmarkPoolPage times page 1 and page 50 of a 10,000-application pool
// in the same run, alternating so that load on a shared machine falls on
// both, and reports page50/page1; it fails above 1.2×, the keyset paging's
// promise that a later page costs what the first does.
func BenchmarkPoolPage(b *testing.B) {
	for _, n := range dbtest.All(b) {
		b.Run(n.Name, func(b *testing.B) {
			ctx := context.Background()
			st := store.New(n.DB)
			built := storetest.Pathway(b, st, storetest.Places(25))
			who := seedPool(b, n.DB, st, built, 10000)
			first, fiftieth := store.PoolCursor{}, cursorAt(b, st, who, built.ID, 50)
			run := func(c store.PoolCursor) time.Duration {
				start := time.Now()
				if _, err := st.PoolFor(ctx, who, built.ID, store.PoolFilter{After: c, Limit: 25}); err != nil {
					b.Fatal(err)
				}
				return time.Since(start)
			}
			var one, fifty []time.Duration
			for b.Loop() {
				one, fifty = append(one, run(first)), append(fifty, run(fiftieth))
			}
			ratio := float64(median(fifty)) / float64(median(one))
			b.ReportMetric(float64(median(one).Microseconds()), "µs/page1")
			b.ReportMetric(float64(median(fifty).Microseconds()), "µs/page50")
			b.ReportMetric(ratio, "page50/page1")
			if ratio > 1.2 {
				b.Errorf("page 50 costs %.2f× page 1, want at most 1.2×", ratio)
			}
		})
	}
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}
