package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
)

// scored is a submitted application whose routing gave the pathway score.
func scored(t testing.TB, st *store.Store, b storetest.Built, score int, c store.Contact) store.Application {
	t.Helper()
	ctx := context.Background()
	app := storetest.Draft(t, st, b, c)
	_, err := st.UpdateDraft(ctx, app.ID, func(a *store.Application) error {
		a.Routing = []portal.Suggestion{{PathwayID: b.ID, Name: b.Name, Score: score, Reasons: []string{"Fits: score " + strings.Repeat("*", score%5)}}}
		a.Answers.Situation, a.Answers.Hours = "unemployed", "full_time"
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sub, err := st.SubmitApplication(ctx, app.ID, store.Messages{})
	if err != nil {
		t.Fatal(err)
	}
	return sub.Application
}

type cast struct {
	own, coord, stranger, officer portal.Staff
}

func castFor(t *testing.T, st *store.Store, b storetest.Built) cast {
	other := storetest.Organisation(t, st, portal.KindEmployer)
	return cast{
		own:      storetest.Staff(t, st, portal.RoleRecruiter, b.Employer).User.Staff(),
		coord:    storetest.Staff(t, st, portal.RoleCoordinator, storetest.Organisation(t, st, portal.KindCoordinator)).User.Staff(),
		stranger: storetest.Staff(t, st, portal.RoleRecruiter, other).User.Staff(),
		officer:  storetest.Staff(t, st, portal.RoleHousingOfficer, b.Providers[0]).User.Staff(),
	}
}

// TestPoolRanksPagesAndHidesNames: best fit first, keyset pages that meet
// without gaps, counts per status, names hidden from recruiters before an
// offer, and another employer's recruiter cannot see the pool at all.
func TestPoolRanksPagesAndHidesNames(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		st := store.New(db)
		ctx := context.Background()
		b := storetest.Pathway(t, st, storetest.Places(10))
		who := castFor(t, st, b)
		var apps []store.Application
		for _, score := range []int{3, 9, 3, 0, 5} {
			c := storetest.Contact()
			c.FullName = "Zebedee Quartermain"
			apps = append(apps, scored(t, st, b, score, c))
		}
		storetest.Draft(t, st, b) // drafts are never in the pool
		var got []store.PoolRow
		f := store.PoolFilter{Limit: 2}
		for pages := 0; pages < 5; pages++ {
			p, err := st.PoolFor(ctx, who.own, b.ID, f)
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, p.Rows...)
			if p.Next.ID == "" {
				break
			}
			f.After = p.Next
		}
		if len(got) != 5 {
			t.Fatalf("pool has %d rows, want 5", len(got))
		}
		for i := 1; i < len(got); i++ {
			if got[i].FitScore > got[i-1].FitScore {
				t.Errorf("row %d score %d after %d", i, got[i].FitScore, got[i-1].FitScore)
			}
		}
		for _, r := range got {
			if r.Name != "" || !strings.HasPrefix(r.Pseudonym, "Applicant ") {
				t.Errorf("recruiter sees name %q pseudonym %q", r.Name, r.Pseudonym)
			}
		}
		p, err := st.PoolFor(ctx, who.coord, b.ID, store.PoolFilter{Status: portal.StatusSubmitted, Situation: "unemployed"})
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Rows) != 5 || p.Rows[0].Name != "Zebedee Quartermain" || p.Rows[0].FitScore != 9 {
			t.Errorf("coordinator pool: %+v", p.Rows)
		}
		if len(p.Counts) != 1 || p.Counts[0].Count != 5 {
			t.Errorf("counts = %+v, want 5 submitted", p.Counts)
		}
		if p, _ := st.PoolFor(ctx, who.own, b.ID, store.PoolFilter{Situation: "employed_full_time"}); len(p.Rows) != 0 {
			t.Errorf("situation filter let %d rows through", len(p.Rows))
		}
		for _, s := range []portal.Staff{who.stranger, who.officer} {
			if _, err := st.PoolFor(ctx, s, b.ID, store.PoolFilter{}); !errors.Is(err, portal.ErrNotFound) {
				t.Errorf("%s: err = %v, want not found", s.Role, err)
			}
		}
	})
}

// TestRecruitMovesByRole: each simple move lands for the employer's
// recruiter and the coordinator, and for nobody else; a stale page is a
// conflict; the resident is told where it matters.
func TestRecruitMovesByRole(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		st := store.New(db)
		ctx := context.Background()
		b := storetest.Pathway(t, st, storetest.Places(10))
		who := castFor(t, st, b)
		m := store.Messages{BaseURL: "https://portal.test"}
		for _, by := range []portal.Staff{who.own, who.coord} {
			c := storetest.Contact()
			app := scored(t, st, b, 1, c)
			tg := func(a store.Application) store.Target { return store.Target{ID: a.ID, Version: a.Version} }
			for _, s := range []portal.Staff{who.stranger, who.officer} {
				for _, act := range []store.RecruitAction{store.ActShortlist, store.ActNotProgress, store.ActStartCourse, store.ActCompleteCourse, store.ActCourseNotCompleted} {
					if _, err := st.RecruitMove(ctx, s, tg(app), act, "places_filled", m); !errors.Is(err, portal.ErrNotFound) {
						t.Errorf("%s (%s) %s: err = %v, want not found", s.Role, s.OrganisationID, act, err)
					}
				}
			}
			if _, err := st.StartCourse(ctx, by, tg(app), m); !errors.Is(err, portal.ErrConflict) {
				t.Errorf("start course from submitted: err = %v, want conflict", err)
			}
			if _, err := st.CourseNotCompleted(ctx, by, tg(app), "did_not_attend", m); !errors.Is(err, portal.ErrConflict) {
				t.Errorf("not completed from submitted: err = %v, want conflict", err)
			}
			short, err := st.ShortlistApplication(ctx, by, tg(app), m)
			if err != nil {
				t.Fatalf("%s shortlists: %v", by.Role, err)
			}
			if msg, _ := st.LatestOutboxTo(ctx, c.Mobile); !strings.Contains(msg.Body, "shortlist") {
				t.Errorf("shortlist message: %q", msg.Body)
			}
			if _, err := st.ShortlistApplication(ctx, by, tg(app), m); !errors.Is(err, portal.ErrConflict) {
				t.Errorf("stale shortlist: err = %v, want conflict", err)
			}
			offered, err := st.StaffMoveForTest(ctx, by, tg(short), portal.StatusPlaceOffered, "")
			if err != nil {
				t.Fatal(err)
			}
			// The resident accepts (part A's page); here, directly.
			accepted, err := st.ResidentMoveForTest(ctx, tg(offered), portal.StatusPlaceAccepted)
			if err != nil {
				t.Fatal(err)
			}
			started, err := st.StartCourse(ctx, by, tg(accepted), m)
			if err != nil || started.Status != portal.StatusCourseStarted {
				t.Fatalf("start course: %v %s", err, started.Status)
			}
			done, err := st.CompleteCourse(ctx, by, tg(started), m)
			if err != nil || done.Status != portal.StatusCourseCompleted {
				t.Fatalf("complete course: %v", err)
			}
			if msg, _ := st.LatestOutboxTo(ctx, c.Mobile); !strings.Contains(msg.Body, "guaranteed job interview") {
				t.Errorf("completed message: %q", msg.Body)
			}
			// Not completed, on a second application at the course stage.
			c2 := storetest.Contact()
			app2 := scored(t, st, b, 1, c2)
			for _, to := range []portal.Status{portal.StatusShortlisted, portal.StatusPlaceOffered} {
				if app2, err = st.StaffMoveForTest(ctx, by, tg(app2), to, ""); err != nil {
					t.Fatal(err)
				}
			}
			app2, _ = st.ResidentMoveForTest(ctx, tg(app2), portal.StatusPlaceAccepted)
			app2, _ = st.StartCourse(ctx, by, tg(app2), m)
			if _, err := st.CourseNotCompleted(ctx, by, tg(app2), "nonsense", m); !errors.Is(err, store.ErrNoReason) {
				t.Errorf("unknown reason: err = %v", err)
			}
			stopped, err := st.CourseNotCompleted(ctx, by, tg(app2), "did_not_attend", m)
			if err != nil || stopped.Status != portal.StatusNotProgressed {
				t.Fatalf("not completed: %v", err)
			}
			r, _ := portal.ReasonFor("did_not_attend")
			if msg, _ := st.LatestOutboxTo(ctx, c2.Mobile); !strings.Contains(msg.Body, r.Text) || !strings.Contains(msg.Body, r.NextStep) {
				t.Errorf("not progressed message lacks reason: %q", msg.Body)
			}
			view, err := st.RecruitApplicationFor(ctx, by, app2.ID)
			if err != nil || view.StopReason != "did_not_attend" {
				t.Errorf("stop reason = %q, %v", view.StopReason, err)
			}
		}
	})
}

// TestBulkPartialFailures: the ones that can move do; the rest are listed
// with why, and nothing else changes.
func TestBulkPartialFailures(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		st := store.New(db)
		ctx := context.Background()
		b := storetest.Pathway(t, st, storetest.Places(10))
		other := storetest.Pathway(t, st)
		who := castFor(t, st, b)
		a1 := scored(t, st, b, 1, storetest.Contact())
		a2 := scored(t, st, b, 2, storetest.Contact())
		a3 := scored(t, st, b, 3, storetest.Contact())
		foreign := scored(t, st, other, 3, storetest.Contact())
		if _, err := st.ShortlistApplication(ctx, who.own, store.Target{ID: a3.ID, Version: a3.Version}, store.Messages{}); err != nil {
			t.Fatal(err)
		}
		targets := []store.Target{{ID: a1.ID, Version: a1.Version}, {ID: a2.ID, Version: a2.Version - 1},
			{ID: a3.ID, Version: a3.Version}, {ID: foreign.ID, Version: foreign.Version}}
		out, err := st.BulkRecruitMove(ctx, who.own, targets, store.ActNotProgress, "places_filled", store.Messages{})
		if err != nil {
			t.Fatal(err)
		}
		want := []error{nil, portal.ErrConflict, portal.ErrConflict, portal.ErrNotFound}
		for i, o := range out {
			if (want[i] == nil) != (o.Err == nil) || (want[i] != nil && !errors.Is(o.Err, want[i])) {
				t.Errorf("outcome %d: %v, want %v", i, o.Err, want[i])
			}
		}
		p, err := st.PoolFor(ctx, who.own, b.ID, store.PoolFilter{})
		if err != nil {
			t.Fatal(err)
		}
		status := map[string]portal.Status{}
		for _, r := range p.Rows {
			status[r.ID] = r.Status
		}
		if status[a1.ID] != portal.StatusNotProgressed || status[a2.ID] != portal.StatusSubmitted || status[a3.ID] != portal.StatusShortlisted {
			t.Errorf("after bulk: %v", status)
		}
		if _, err := st.BulkRecruitMove(ctx, who.own, targets, store.ActNotProgress, "", store.Messages{}); !errors.Is(err, store.ErrNoReason) {
			t.Errorf("bulk without a reason: %v", err)
		}
	})
}

// TestExportCohortNamesOnlyOffered: the export names only those offered a
// place, and is audited.
func TestExportCohortNamesOnlyOffered(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		st := store.New(db)
		ctx := context.Background()
		b := storetest.Pathway(t, st, storetest.Places(10))
		who := castFor(t, st, b)
		c1, c2 := storetest.Contact(), storetest.Contact()
		c1.FullName, c2.FullName = "Offered Person", "Hidden Person"
		a1 := scored(t, st, b, 5, c1)
		scored(t, st, b, 4, c2)
		a1, _ = st.StaffMoveForTest(ctx, who.own, store.Target{ID: a1.ID, Version: a1.Version}, portal.StatusShortlisted, "")
		if _, err := st.StaffMoveForTest(ctx, who.own, store.Target{ID: a1.ID, Version: a1.Version}, portal.StatusPlaceOffered, ""); err != nil {
			t.Fatal(err)
		}
		a := store.Actor{Staff: who.own}
		rows, err := st.ExportCohort(ctx, a, b.ID, b.Cohort.ID)
		if err != nil {
			t.Fatal(err)
		}
		all := ""
		for _, r := range rows {
			all += strings.Join(r, ",") + "\n"
		}
		if len(rows) != 2 || !strings.Contains(all, "Offered Person") || strings.Contains(all, "Hidden Person") {
			t.Errorf("export:\n%s", all)
		}
		var n int64
		db.Table("audit_log").Where("action = ? AND target_id = ?", store.AuditExported, b.Cohort.ID).Count(&n)
		if n != 1 {
			t.Errorf("%d audit rows, want 1", n)
		}
		if _, err := st.ExportCohort(ctx, store.Actor{Staff: who.stranger}, b.ID, b.Cohort.ID); !errors.Is(err, portal.ErrNotFound) {
			t.Errorf("stranger export: %v", err)
		}
	})
}

// TestSectorFilterIsExact: a sector value that is also a skill ("cleaning")
// matches only applicants who worked in that sector.
func TestSectorFilterIsExact(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		st := store.New(db)
		ctx := context.Background()
		b := storetest.Pathway(t, st)
		coord := storetest.Staff(t, st, portal.RoleCoordinator, storetest.Organisation(t, st, portal.KindCoordinator)).User.Staff()
		mk := func(sectors, skills []string) string {
			app := storetest.Draft(t, st, b)
			if _, err := st.UpdateDraft(ctx, app.ID, func(a *store.Application) error {
				a.Answers.Sectors, a.Answers.Skills = sectors, skills
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			if _, err := st.SubmitApplication(ctx, app.ID, store.Messages{}); err != nil {
				t.Fatal(err)
			}
			return app.ID
		}
		worked := mk([]string{"retail", "cleaning"}, nil)
		mk([]string{"retail"}, []string{"cleaning"})
		p, err := st.PoolFor(ctx, coord, b.ID, store.PoolFilter{Sector: "cleaning"})
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Rows) != 1 || p.Rows[0].ID != worked {
			t.Errorf("sector filter found %d rows, want only the one who worked in cleaning", len(p.Rows))
		}
	})
}
