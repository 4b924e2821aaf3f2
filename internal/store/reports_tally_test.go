package store_test

import (
	"context"
	"reflect"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
)

// sameAsRows wants the report the tallies give to be the one read from
// every application and event, for each viewer and period.
func sameAsRows(t *testing.T, st *store.Store, h reportHistory, when string) {
	t.Helper()
	ctx := context.Background()
	viewers := []portal.Staff{
		{ID: "c", Role: portal.RoleCoordinator},
		{ID: "r", Role: portal.RoleRecruiter, OrganisationID: h.a.Employer.ID},
		{ID: "o", Role: portal.RoleHousingOfficer, OrganisationID: h.a.Providers[0].ID},
	}
	periods := []store.ReportFilter{h.period, {From: day(3, 1), To: day(3, 2)}, {From: day(3, 2), To: day(12, 31)},
		{From: day(1, 1).AddDate(-2, 0, 0), To: day(12, 31)}, {From: day(3, 1), To: day(5, 1)}, {From: day(2, 15), To: day(4, 1)}}
	for _, who := range viewers {
		for _, p := range periods {
			got, err := st.ImpactReport(ctx, who, p)
			if err != nil {
				t.Fatal(err)
			}
			want, err := st.ImpactReportFromRows(ctx, who, p)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s, %s from %s to %s:\n tallies %+v\n    rows %+v", when, who.Role, p.From.Format(time.DateOnly), p.To.Format(time.DateOnly), got, want)
			}
		}
	}
}

// TestTalliesMatchTheRows: the tallies the database keeps as applications
// move give the report that reading every row gives: after the history is
// written, after an application changes cohort, housing provider, job and
// source, and after 20 applications are sent and moved in parallel. Then
// erasing and the retention job leave the tallies as they were.
func TestTalliesMatchTheRows(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		h := buildReportHistory(t, db)
		ctx := context.Background()
		sameAsRows(t, h.st, h, "the known history")

		// One application moves to another cohort, provider and source, and
		// takes a job; another's job changes kind.
		later, err := h.st.CreateCohort(ctx, store.Actor{Staff: storetest.Coordinator()}, h.a.Cohort.CourseID, store.CohortInput{StartsOn: day(4, 1), EndsOn: day(4, 20), ClosesAt: day(3, 20),
			VenueName: "Hall", VenueAddress: "2 Low Street", VenuePostcode: h.a.Postcode(), Capacity: 10})
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []struct {
			sql  string
			args []any
		}{
			{"UPDATE applications SET cohort_id = ?, tenant_org_id = ?, referral_source = 'other_organisation' WHERE id = ?", []any{later, h.a.Providers[0].ID, h.apps["a4"].ID}},
			{"UPDATE applications SET job_kind = 'bank' WHERE id = ?", []any{h.apps["b1"].ID}},
		} {
			if err := db.Exec(q.sql, q.args...).Error; err != nil {
				t.Fatal(err)
			}
		}
		storetest.History(t, h.st, h.apps["a4"], storetest.Outcome{JobKind: "substantive", JobStartedOn: day(5, 1)},
			storetest.Step{To: portal.StatusPlaceAccepted, At: day(3, 3)}, storetest.Step{To: portal.StatusJobStarted, At: day(5, 1)})
		sameAsRows(t, h.st, h, "after changes")

		// 20 residents apply at once, and their applications move at once.
		sent := h.st.WithClock(func() time.Time { return day(3, 1).Add(12 * time.Hour) })
		var wg sync.WaitGroup
		apps := make([]store.Application, 20)
		for i := range apps {
			wg.Go(func() { apps[i] = storetest.SubmittedApplication(t, sent, []storetest.Built{h.a, h.b}[i%2]) })
		}
		wg.Wait()
		for i, app := range apps {
			wg.Go(func() {
				storetest.History(t, h.st, app, storetest.Outcome{JobKind: "substantive", JobStartedOn: day(4, 1+i)},
					storetest.Step{To: portal.StatusPlaceAccepted, At: day(3, 2)}, storetest.Step{To: portal.StatusJobStarted, At: day(4, 1+i)})
			})
		}
		wg.Wait()
		sameAsRows(t, h.st, h, "after parallel sends")
		// They did not all count in one row, which each send would have had
		// to wait for in turn: the day's total is spread over shards.
		var shards int
		if err := db.Raw("SELECT COUNT(DISTINCT shard) FROM report_tally WHERE grain = 'd' AND day = ? AND pathway_id = ?",
			day(3, 1).Format("2006-01-02"), h.a.ID).Scan(&shards).Error; err != nil {
			t.Fatal(err)
		}
		if shards < 2 {
			t.Errorf("10 sends on one day to one pathway are counted in %d row(s), want them spread over shards", shards)
		}

		// Erasure and retention remove personal data but not the figures.
		coordinator := portal.Staff{ID: "c", Role: portal.RoleCoordinator}
		before, err := h.st.ImpactReport(ctx, coordinator, h.period)
		if err != nil {
			t.Fatal(err)
		}
		years := h.st.WithClock(func() time.Time { return day(3, 1).AddDate(3, 0, 0) })
		res, err := years.RunRetention(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if res.EndedAnonymised+res.SuccessfulAnonymised == 0 {
			t.Fatalf("the retention job anonymised nothing: %+v", res)
		}
		if err := db.Exec("DELETE FROM application_events WHERE application_id = ?", h.apps["a1"].ID).Error; err != nil {
			t.Fatal(err)
		}
		after, err := h.st.ImpactReport(ctx, coordinator, h.period)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(before, after) {
			t.Errorf("the report changed when personal data went:\nbefore %+v\n after %+v", before, after)
		}
	})
}
