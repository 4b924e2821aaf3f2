package store_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
)

// The retention job on a fake clock: what is due goes (drafts, ended and
// successful applications' personal data, spent codes, old messages), what
// is not stays, the report's totals do not move, it is audited as counts,
// and of two instances running the same day only one does the work.
func TestRetentionRun(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		h := buildReportHistory(t, db)
		ctx := context.Background()
		coordinator := portal.Staff{ID: "c", Role: portal.RoleCoordinator}
		before, err := h.st.ImpactReport(ctx, coordinator, h.period)
		if err != nil {
			t.Fatal(err)
		}
		// 1 December 2027: a3 (withdrawn) and b2 (not taken forward) ended
		// over 6 months ago; a1's 26-week check was over 12 months ago. a2,
		// a4 and b1 are still open.
		at := time.Date(2027, 12, 1, 3, 0, 0, 0, time.UTC)
		stale := storetest.Draft(t, h.st.WithClock(func() time.Time { return day(3, 1) }), h.a)
		fresh := storetest.Draft(t, h.st.WithClock(func() time.Time { return at.AddDate(0, 0, -29) }), h.b)
		exec(t, db, `UPDATE outbox SET status = 'sent', sent_at = ?`, day(3, 1))
		exec(t, db, `INSERT INTO sign_in_codes (id, contact, code_hash, expires_at, created_at) VALUES ('c1', '+447900000001', 'h', ?, ?), ('c2', '+447900000002', 'h', ?, ?)`,
			day(3, 1), day(3, 1), at.Add(time.Hour), at)
		later := h.st.WithClock(func() time.Time { return at })
		var ran atomic.Int32
		var results [2]store.RetentionResult
		var wg sync.WaitGroup
		for i := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r, err := later.RunRetention(ctx)
				if err != nil {
					t.Error(err)
				}
				if r.Ran {
					ran.Add(1)
				}
				results[i] = r
			}()
		}
		wg.Wait()
		if ran.Load() != 1 {
			t.Fatalf("runs that did the work = %d, want 1", ran.Load())
		}
		r := results[0]
		if !r.Ran {
			r = results[1]
		}
		if r.DraftsDeleted != 1 || r.EndedAnonymised != 2 || r.SuccessfulAnonymised != 1 || r.CodesDeleted != 1 || r.MessagesDeleted < 7 {
			t.Errorf("result %+v; want 1 draft, 2 ended, 1 successful, 1 code, every sent message", r)
		}
		if r.ResidentsDeleted != 4 {
			t.Errorf("residents deleted = %d, want 4 (three anonymised, one draft's)", r.ResidentsDeleted)
		}
		after, err := h.st.ImpactReport(ctx, coordinator, h.period)
		if err != nil {
			t.Fatal(err)
		}
		if after.Totals != before.Totals || *after.MedianDaysToJob != *before.MedianDaysToJob {
			t.Errorf("report changed by retention:\n before %+v\n  after %+v", before.Totals, after.Totals)
		}
		if got, want := byLabel(after.ByNeighbourhood, h.a.Neighbourhood.Name), byLabel(before.ByNeighbourhood, h.a.Neighbourhood.Name); got != want {
			t.Errorf("neighbourhood changed: %+v, was %+v", got, want)
		}

		for _, name := range []string{"a1", "a3", "b2"} {
			assertAnonymised(t, db, h.apps[name])
		}
		for _, name := range []string{"a2", "a4", "b1"} {
			if n := count(t, db, `SELECT COUNT(*) FROM applications WHERE id = ? AND full_name <> '' AND anonymised_at IS NULL`, h.apps[name].ID); n != 1 {
				t.Errorf("%s was not due but lost its personal data", name)
			}
		}
		if n := count(t, db, `SELECT COUNT(*) FROM applications WHERE id = ?`, stale.ID); n != 0 {
			t.Error("a draft untouched for 30 days is still there")
		}
		if n := count(t, db, `SELECT COUNT(*) FROM applications WHERE id = ?`, fresh.ID); n != 1 {
			t.Error("a fresh draft was deleted")
		}
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE action = ? AND after_state LIKE '%"ended_anonymised":2%'`, store.AuditRetention); n != 1 {
			t.Errorf("retention audit rows with the counts = %d, want 1", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE action = ? AND after_state LIKE '%Sam%'`, store.AuditRetention); n != 0 {
			t.Error("the retention audit row names someone")
		}

		// The next day's run finds nothing more due among these.
		next, err := h.st.WithClock(func() time.Time { return at.AddDate(0, 0, 1) }).RunRetention(ctx)
		if err != nil || !next.Ran || next.EndedAnonymised+next.SuccessfulAnonymised != 0 {
			t.Errorf("next day: %+v, %v; want a run that anonymises nothing again", next, err)
		}
	})
}

// assertAnonymised checks every personal column of the application and its
// events, as the classification lists them, holds its erased value, and
// that the resident's row is gone.
func assertAnonymised(t *testing.T, db *gorm.DB, app store.Application) {
	t.Helper()
	classes, err := store.PersonalDataClassification()
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, c := range classes {
		v, ok := c.SetsTo()
		if !ok || (c.Table != "applications" && c.Table != "application_events") {
			continue
		}
		key := "id"
		if c.Table == "application_events" {
			key = "application_id"
		}
		q := `SELECT COUNT(*) FROM ` + c.Table + ` WHERE ` + key + ` = ? AND `
		args := []any{app.ID}
		if v == nil {
			q += c.Column + ` IS NOT NULL`
		} else {
			q += c.Column + ` <> ?`
			args = append(args, v)
		}
		if n := count(t, db, q, args...); n != 0 {
			t.Errorf("%s: %s.%s not erased (%d rows)", app.ID, c.Table, c.Column, n)
		}
		checked++
	}
	if checked < 5 {
		t.Errorf("checked only %d columns", checked)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM residents WHERE id = ?`, app.ResidentID); n != 0 {
		t.Errorf("%s: the resident's row (mobile, email) is still there", app.ID)
	}
}

func exec(t *testing.T, db *gorm.DB, q string, args ...any) {
	t.Helper()
	if err := db.Exec(q, args...).Error; err != nil {
		t.Fatal(err)
	}
}

func count(t *testing.T, db *gorm.DB, q string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := db.Raw(q, args...).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}
