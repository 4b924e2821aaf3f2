package reports_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
	"anchorpathways/internal/web/webtest"
)

// reported is two pathways of two employers with a few applications each
// walked some way (storetest.History writes the moves directly until the
// recruiters' moves are merged).
type reported struct {
	app                    *webtest.App
	mine, theirs           storetest.Built
	coordinator, recruiter storetest.StaffMember
}

func newReported(t *testing.T, db *gorm.DB) reported {
	t.Helper()
	app := webtest.NewBareApp(t, db)
	st := app.Store
	r := reported{app: app,
		mine:   storetest.Pathway(t, st, storetest.WithInput(func(in *store.PathwayInput) { in.Name = "=HYPERLINK(\"x\") Care" })),
		theirs: storetest.Pathway(t, st, storetest.WithInput(func(in *store.PathwayInput) { in.Name = "Retail to Council" }))}
	now := st.Now()
	for i, to := range [][]portal.Status{
		{portal.StatusPlaceAccepted, portal.StatusCourseCompleted, portal.StatusInterview, portal.StatusJobStarted},
		{portal.StatusPlaceAccepted},
		nil,
	} {
		a := storetest.SubmittedApplication(t, st, r.mine)
		steps := make([]storetest.Step, len(to))
		for j, s := range to {
			steps[j] = storetest.Step{To: s, At: now.Add(time.Duration(j+1) * time.Minute)}
		}
		o := storetest.Outcome{}
		if i == 0 {
			o = storetest.Outcome{JobKind: "bank", JobStartedOn: now.Add(time.Hour)}
		}
		storetest.History(t, st, a, o, steps...)
	}
	storetest.SubmittedApplication(t, st, r.theirs)
	r.coordinator = storetest.Staff(t, st, portal.RoleCoordinator, store.Organisation{}, storetest.EnrolledMFA())
	r.recruiter = storetest.Staff(t, st, portal.RoleRecruiter, r.mine.Employer, storetest.EnrolledMFA())
	return r
}

func TestImpactPage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		r := newReported(t, db)
		c := r.app.SignIn(t, r.coordinator)
		rec := c.Get("/staff/reports")
		webtest.WantStatus(t, rec, http.StatusOK)
		webtest.WantBody(t, rec, "Impact report", "Every application in the network", `<svg role="img"`, "Funnel: residents reaching each step",
			"By neighbourhood", r.mine.Neighbourhood.Name, "Retail to Council", "Download this table as a CSV file")
		body := rec.Body.String()
		if !strings.Contains(body, `<span class="govuk-heading-xl govuk-!-margin-bottom-0">4</span> applicants`) {
			t.Errorf("want 4 applicants in the network: %s", webtest.Snippet(body))
		}

		// A recruiter sees their own pathway's figures only.
		rc := r.app.SignIn(t, r.recruiter)
		rec = rc.Get("/staff/reports")
		webtest.WantStatus(t, rec, http.StatusOK)
		webtest.WantBody(t, rec, "your organisation’s pathways", `<span class="govuk-heading-xl govuk-!-margin-bottom-0">3</span> applicants`)
		if strings.Contains(rec.Body.String(), "Retail to Council") || strings.Contains(rec.Body.String(), r.theirs.Neighbourhood.Name) {
			t.Error("a recruiter's report shows another employer's pathway")
		}

		// Bad dates: 422, the error summary, the input kept.
		rec = c.Get("/staff/reports?from=31-01-2026&to=2026-01-01")
		webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
		webtest.WantBody(t, rec, "There is a problem", "Enter the start date as year-month-day", `value="31-01-2026"`)
		rec = c.Get("/staff/reports?from=2026-02-01&to=2026-01-01")
		webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
		webtest.WantBody(t, rec, "The end date must be the same as or after the start date")
	})
}

func TestImpactDownload(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		r := newReported(t, db)
		c := r.app.SignIn(t, r.recruiter)
		rec := c.Get("/staff/reports/download?table=pathways")
		webtest.WantStatus(t, rec, http.StatusOK)
		if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
			t.Errorf("Content-Type = %q, want text/csv", ct)
		}
		if cd := rec.Header().Get("Content-Disposition"); !strings.Contains(cd, "attachment") || !strings.Contains(cd, ".csv") {
			t.Errorf("Content-Disposition = %q, want an attachment", cd)
		}
		got := rec.Body.String()
		want := "\ufeffPathway,Applicants,Places filled,Courses completed,Interviews,Jobs,Substantive jobs,Bank jobs,In work at 13 weeks,In work at 26 weeks\n" +
			"\"'=HYPERLINK(\"\"x\"\") Care\",3,2,1,1,1,0,1,0,0\n"
		if got != want {
			t.Errorf("CSV:\n got %q\nwant %q", got, want)
		}
		rec = c.Get("/staff/reports/download?table=funnel")
		webtest.WantStatus(t, rec, http.StatusOK)
		webtest.WantBody(t, rec, "Applicants,3,100%", "Jobs,1,33%")
		webtest.WantStatus(t, c.Get("/staff/reports/download?table=nope"), http.StatusNotFound)
	})
}

func TestRetentionSchedulePage(t *testing.T) {
	r := newReported(t, dbtest.SQLite(t))
	rec := r.app.SignIn(t, r.coordinator).Get("/staff/retention")
	webtest.WantStatus(t, rec, http.StatusOK)
	webtest.WantBody(t, rec, "How long data is kept", "Applications started but never sent", "30 days after they were last changed", "Staff audit log", "2 years")
	webtest.WantStatus(t, r.app.SignIn(t, r.recruiter).Get("/staff/retention"), http.StatusForbidden)
}
