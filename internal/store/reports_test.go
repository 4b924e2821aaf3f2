package store_test

import (
	"context"
	"testing"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
)

// reportHistory is a known history: two pathways of two employers in two
// neighbourhoods, eight applications sent on 1 March 2026 that went various
// ways, and one sent a year before (outside the period).
type reportHistory struct {
	st     *store.Store
	a, b   storetest.Built
	apps   map[string]store.Application
	period store.ReportFilter
}

func day(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, time.UTC) }

func buildReportHistory(t *testing.T, db *gorm.DB) reportHistory {
	t.Helper()
	st := store.New(db)
	h := reportHistory{st: st, a: storetest.Pathway(t, st), b: storetest.Pathway(t, st), apps: map[string]store.Application{},
		period: store.ReportFilter{From: day(1, 1), To: day(12, 31)}}
	sent := st.WithClock(func() time.Time { return day(3, 1) })
	job := func(kind string, on time.Time) storetest.Outcome {
		return storetest.Outcome{JobKind: kind, JobStartedOn: on}
	}
	steps := func(at time.Time, to ...portal.Status) []storetest.Step {
		out := make([]storetest.Step, len(to))
		for i, s := range to {
			out[i] = storetest.Step{To: s, At: at.Add(time.Duration(i) * time.Hour)}
		}
		return out
	}
	add := func(name string, b storetest.Built, o storetest.Outcome, s []storetest.Step) {
		app := storetest.SubmittedApplication(t, sent, b)
		storetest.History(t, st, app, o, s...)
		h.apps[name] = app
	}
	add("a1", h.a, job("substantive", day(3, 21)), steps(day(3, 10), portal.StatusPlaceAccepted, portal.StatusCourseStarted,
		portal.StatusCourseCompleted, portal.StatusInterview, portal.StatusJobOffered, portal.StatusJobStarted, portal.StatusInWork13, portal.StatusInWork26))
	add("a2", h.a, job("bank", day(3, 31)), steps(day(3, 10), portal.StatusPlaceAccepted, portal.StatusCourseCompleted, portal.StatusInterview, portal.StatusJobStarted))
	add("a3", h.a, storetest.Outcome{}, steps(day(3, 5), portal.StatusPlaceAccepted, portal.StatusWithdrawn))
	add("a4", h.a, storetest.Outcome{}, nil)
	add("b1", h.b, job("substantive", day(4, 10)), steps(day(3, 10), portal.StatusPlaceAccepted, portal.StatusCourseCompleted,
		portal.StatusInterview, portal.StatusJobStarted, portal.StatusInWork13))
	add("b2", h.b, storetest.Outcome{}, steps(day(3, 2), portal.StatusNotProgressed))
	old := storetest.SubmittedApplication(t, st.WithClock(func() time.Time { return day(3, 1).AddDate(-1, 0, 0) }), h.a)
	storetest.History(t, st, old, job("bank", day(3, 1)), steps(day(3, 1).AddDate(-1, 0, 1), portal.StatusPlaceAccepted, portal.StatusJobStarted)...)

	// a1 rents from the first pathway's housing provider; b1 was referred.
	if err := db.Exec(`UPDATE applications SET tenant_org_id = ? WHERE id = ?`, h.a.Providers[0].ID, h.apps["a1"].ID).Error; err != nil {
		t.Fatal(err)
	}
	if err := db.Exec(`UPDATE applications SET referral_source = 'housing_officer' WHERE id = ?`, h.apps["b1"].ID).Error; err != nil {
		t.Fatal(err)
	}
	return h
}

func TestImpactReportFigures(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		h := buildReportHistory(t, db)
		ctx := context.Background()
		coordinator := portal.Staff{ID: "c", Role: portal.RoleCoordinator}
		r, err := h.st.ImpactReport(ctx, coordinator, h.period)
		if err != nil {
			t.Fatal(err)
		}
		want := store.ReportFigures{Applicants: 6, PlacesFilled: 4, CoursesCompleted: 3, Interviews: 3, Jobs: 3, JobsSubstantive: 2, JobsBank: 1, InWork13: 2, InWork26: 1}
		if r.Totals != want {
			t.Errorf("totals:\n got %+v\nwant %+v", r.Totals, want)
		}
		if r.MedianDaysToJob == nil || *r.MedianDaysToJob != 30 {
			t.Errorf("median days to job = %v, want 30", r.MedianDaysToJob)
		}
		if got := byLabel(r.ByNeighbourhood, h.a.Neighbourhood.Name); got.Applicants != 4 || got.Jobs != 2 {
			t.Errorf("neighbourhood A = %+v, want 4 applicants, 2 jobs", got)
		}
		if got := byLabel(r.ByNeighbourhood, h.b.Neighbourhood.Name); got.Applicants != 2 || got.InWork13 != 1 {
			t.Errorf("neighbourhood B = %+v, want 2 applicants, 1 in work at 13 weeks", got)
		}
		if len(r.ByPathway) != 2 || len(r.ByCohort) != 2 {
			t.Errorf("got %d pathways, %d cohorts; want 2 and 2", len(r.ByPathway), len(r.ByCohort))
		}
		if got := byLabel(r.BySource, store.ReferralSourceLabel("housing_officer")); got.Applicants != 1 || got.Jobs != 1 {
			t.Errorf("referred by officers = %+v, want 1 applicant, 1 job", got)
		}

		// A recruiter sees their employer's pathway only; a housing officer,
		// their tenants only.
		recruiter := portal.Staff{ID: "r", Role: portal.RoleRecruiter, OrganisationID: h.a.Employer.ID}
		r, err = h.st.ImpactReport(ctx, recruiter, h.period)
		if err != nil {
			t.Fatal(err)
		}
		if r.Totals.Applicants != 4 || r.Totals.Jobs != 2 || len(r.ByPathway) != 1 || r.MedianDaysToJob == nil || *r.MedianDaysToJob != 25 {
			t.Errorf("recruiter's report: %+v, %d pathways, median %v; want 4 applicants, 2 jobs, 1 pathway, median 25", r.Totals, len(r.ByPathway), r.MedianDaysToJob)
		}
		officer := portal.Staff{ID: "o", Role: portal.RoleHousingOfficer, OrganisationID: h.a.Providers[0].ID}
		r, err = h.st.ImpactReport(ctx, officer, h.period)
		if err != nil {
			t.Fatal(err)
		}
		if r.Totals.Applicants != 1 || r.Totals.InWork26 != 1 {
			t.Errorf("officer's report: %+v; want their one tenant, in work at 26 weeks", r.Totals)
		}

		// An empty period has no figures and no median.
		r, err = h.st.ImpactReport(ctx, coordinator, store.ReportFilter{From: day(6, 1), To: day(7, 1)})
		if err != nil {
			t.Fatal(err)
		}
		if r.Totals != (store.ReportFigures{}) || r.MedianDaysToJob != nil {
			t.Errorf("empty period: %+v, median %v; want nothing", r.Totals, r.MedianDaysToJob)
		}
	})
}

func byLabel(rows []store.ReportRow, label string) store.ReportRow {
	for _, r := range rows {
		if r.Label == label {
			return r
		}
	}
	return store.ReportRow{}
}
