package store_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
)

// benchApplications is a real network's history: the report must stay
// within a staff page's budget on it.
const benchApplications = 100_000

// seedHistory writes n sent applications over a year across pathways, with
// events for the steps a realistic share reached, in a few set-based
// INSERTs (a factory per row would take minutes).
func seedHistory(b *testing.B, db *gorm.DB, st *store.Store, n int) {
	b.Helper()
	var paths []storetest.Built
	for range 8 {
		paths = append(paths, storetest.Pathway(b, st))
	}
	resident := storetest.SubmittedApplication(b, st, paths[0]).ResidentID
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	// Applications are sent on every day of the year, k-th on day k mod 358 after its pathway's first.
	// One in five starts a job 30 to 90 days after sending.
	spreadOverYear := "datetime(?, '+' || (k % 358) || ' days')"
	jobStarted := "datetime(?, '+' || (k % 358 + 30 + k % 61) || ' days')"
	if db.Dialector.Name() == "postgres" {
		spreadOverYear = "CAST(? AS TIMESTAMP) + (k % 358) * INTERVAL '1 day'"
		jobStarted = "CAST(? AS TIMESTAMP) + (k % 358 + 30 + k % 61) * INTERVAL '1 day'"
	}
	for i, p := range paths {
		share := n / len(paths)
		err := db.Exec(`WITH RECURSIVE seq(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM seq WHERE k < ?)
INSERT INTO applications (id, reference, resident_id, pathway_id, cohort_id, status, full_name, postcode, version, submitted_at, closed_at, created_at, updated_at, referral_source, job_kind, job_started_on)
SELECT 'bench-' || ? || '-' || k, 'B' || ? || '-' || k, ?, ?, ?, 'submitted', 'Bench Resident', ?, 1, `+spreadOverYear+`, ?, ?, ?,
  CASE WHEN k % 3 = 0 THEN 'housing_officer' ELSE 'self' END,
  CASE WHEN k % 10 = 0 THEN 'substantive' WHEN k % 10 = 5 THEN 'bank' END,
  CASE WHEN k % 5 = 0 THEN `+jobStarted+` END
FROM seq`, share, strconv.Itoa(i), strconv.Itoa(i), resident, p.ID, p.Cohort.ID, p.Postcode(), start.AddDate(0, 0, i), start.AddDate(0, 0, i), start, start, start.AddDate(0, 0, i)).Error
		if err != nil {
			b.Fatal(err)
		}
		for _, s := range []struct {
			to  portal.Status
			mod int
		}{{portal.StatusPlaceAccepted, 2}, {portal.StatusCourseCompleted, 3}, {portal.StatusInterview, 4}, {portal.StatusJobStarted, 5}, {portal.StatusInWork13, 10}, {portal.StatusInWork26, 20}} {
			err := db.Exec(`WITH RECURSIVE seq(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM seq WHERE k < ?)
INSERT INTO application_events (id, application_id, from_status, to_status, actor, created_at)
SELECT 'bench-' || ? || '-' || k || '-' || ?, 'bench-' || ? || '-' || k, 'submitted', ?, 'recruiter', ? FROM seq WHERE k % ? = 0`,
				share, strconv.Itoa(i), string(s.to), strconv.Itoa(i), string(s.to), start.AddDate(0, 0, i), s.mod).Error
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	if dbtest.PostgresURL() != "" && db.Dialector.Name() == "postgres" {
		db.Exec("ANALYZE")
	}
}

// BenchmarkImpactReport times the coordinator's whole report (every table
// and the median) on 100,000 applications, beside the staff dashboard's
// first page on the same data in the same run: the report's budget is a
// staff page's, and the ratio says how it compares. It reports; it asserts
// no timing.
func BenchmarkImpactReport(b *testing.B) {
	for _, n := range dbtest.All(b) {
		b.Run(n.Name, func(b *testing.B) {
			ctx := context.Background()
			st := store.New(n.DB)
			seedHistory(b, n.DB, st, benchApplications)
			coordinator := portal.Staff{ID: "bench", Role: portal.RoleCoordinator}
			period := store.ReportFilter{From: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)}
			r, err := st.ImpactReport(ctx, coordinator, period)
			if err != nil {
				b.Fatal(err)
			}
			if r.Totals.Applicants < benchApplications {
				b.Fatalf("report counts %d applicants, want %d", r.Totals.Applicants, benchApplications)
			}
			b.Run("report", func(b *testing.B) {
				for b.Loop() {
					if _, err := st.ImpactReport(ctx, coordinator, period); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("dashboard", func(b *testing.B) {
				for b.Loop() {
					if _, err := st.ListApplicationsFor(ctx, coordinator, store.Cursor{}, 25); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
