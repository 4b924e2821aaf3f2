package console_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"testing"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/store"
	"anchorpathways/internal/web/webtest"
)

// pwVersionOn is the version a page's publish or unpublish button sends.
func pwVersionOn(t testing.TB, page *httptest.ResponseRecorder) string {
	t.Helper()
	m := regexp.MustCompile(`/(?:un)?publish">.*?name="version" value="(\d+)"`).FindStringSubmatch(page.Body.String())
	if m == nil {
		t.Fatalf("the page has no publish or unpublish button:\n%s", webtest.Snippet(page.Body.String()))
	}
	return m[1]
}

func TestConsolePathwayEditsAndRoles(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewBareApp(t, db)
		net := newNetwork(t, app)
		hth := newPathways(t, app, net).hth
		c := app.SignIn(t, net.coordinator)
		path := "/staff/pathways/" + hth.ID
		porter, courseID := hth.Role.ID, hth.Course.ID
		edit := c.Get(path + "/edit")
		webtest.WantStatus(t, edit, http.StatusOK)
		webtest.WantBody(t, edit, "bookmarks", `value="hospitality-to-health"`, `value="HTH"`)
		v := pwVersion(t, c, path+"/edit")
		form := newPathwayForm(net, "Hospitality to Health", "hospitality-to-health")
		form.Set("version", v)
		form.Set("employer_id", net.trust.ID)
		form.Set("summary", "A new summary.")
		webtest.WantRedirect(t, c.Post(path+"/edit", form), path)
		pwWantOneAudit(t, db, store.AuditUpdated, store.TargetPathway, hth.ID, "A new summary.")
		var got store.Pathway
		if err := db.Where("id = ?", hth.ID).Take(&got).Error; err != nil {
			t.Fatal(err)
		}
		before, _ := strconv.Atoi(v)
		if got.Summary != "A new summary." || got.RefPrefix != "CSC" || got.FromSector != "cleaning" || got.Version != before+1 {
			t.Errorf("got %+v after the edit of version %d", got, before)
		}
		if n := webtest.Count(t, db, "pathway_providers", "pathway_id = ?", hth.ID); n != 2 {
			t.Errorf("got %d providers, want 2", n)
		}

		// The same form again, at the old version: a conflict, nothing saved.
		form.Set("summary", "Stale summary.")
		rec := c.Post(path+"/edit", form)
		webtest.WantStatus(t, rec, http.StatusConflict)
		webtest.WantBody(t, rec, "Someone else has changed this pathway", "Stale summary.", "A new summary.")

		// Roles are edited against the pathway's version.
		v = pwVersion(t, c, path+"/roles/"+porter+"/edit")
		role := url.Values{"title": {"Porter"}, "pay": {"£24,500 a year"}, "hours": {"Full time"}, "position": {"5"}, "version": {v}}
		webtest.WantRedirect(t, c.Post(path+"/roles/"+porter+"/edit", role), path)
		pwWantOneAudit(t, db, store.AuditUpdated, store.TargetRole, porter, "£24,500 a year")
		role.Set("pay", "£1 a year")
		webtest.WantStatus(t, c.Post(path+"/roles/"+porter+"/edit", role), http.StatusConflict)
		bad := c.Post(path+"/roles/new", url.Values{"title": {""}, "pay": {"£1"}, "hours": {"Full time"}, "position": {"x"}})
		webtest.WantStatus(t, bad, http.StatusUnprocessableEntity)
		webtest.WantBody(t, bad, "There is a problem", "Enter the job title", "Position must be a whole number from 1 to 99", `value="£1"`)

		webtest.WantStatus(t, c.Get(path+"/roles/"+porter+"/remove"), http.StatusOK)
		v = pwVersion(t, c, path+"/roles/"+porter+"/remove")
		webtest.WantRedirect(t, c.Post(path+"/roles/"+porter+"/remove", url.Values{"version": {v}}), path)
		if n := webtest.Count(t, db, "roles", "id = ?", porter); n != 0 {
			t.Errorf("the role is still there")
		}
		pwWantOneAudit(t, db, store.AuditDeleted, store.TargetRole, porter, "£24,500 a year")
		if pwRoleRE.FindString(c.Get(path).Body.String()) == "" {
			t.Error("the pathway page lists no roles")
		}

		// Courses: an edit, then a stale one.
		v = pwVersion(t, c, "/staff/courses/"+courseID+"/edit")
		course := url.Values{"name": {"Working in the NHS"}, "summary": {"Two weeks."}, "outcome": {"An interview."}, "version": {v}}
		webtest.WantRedirect(t, c.Post("/staff/courses/"+courseID+"/edit", course), path)
		pwWantOneAudit(t, db, store.AuditUpdated, store.TargetCourse, courseID, "Working in the NHS")
		course.Set("name", "Stale")
		webtest.WantStatus(t, c.Post("/staff/courses/"+courseID+"/edit", course), http.StatusConflict)
	})
}

// TestConsoleCohortConflict: two coordinators edit the same cohort; the
// second gets the conflict page and the first one's values stay.
func TestConsoleCohortConflict(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewBareApp(t, db)
		net := newNetwork(t, app)
		hth := newPathways(t, app, net).hth
		first, second := app.SignIn(t, net.coordinator), app.SignIn(t, net.coordinator)
		edit := "/staff/cohorts/" + hth.Cohort.ID + "/edit"
		v1, v2 := pwVersion(t, first, edit), pwVersion(t, second, edit)
		if v1 != v2 {
			t.Fatalf("got versions %s and %s", v1, v2)
		}
		start := app.Store.Now().AddDate(0, 0, 30)
		mine := cohortForm(start, "Hall A", "11")
		mine.Set("version", v1)
		webtest.WantRedirect(t, first.Post(edit, mine), "/staff/pathways/"+hth.ID)
		theirs := cohortForm(start, "Hall B", "9")
		theirs.Set("version", v2)
		rec := second.Post(edit, theirs)
		webtest.WantStatus(t, rec, http.StatusConflict)
		webtest.WantBody(t, rec, "Someone else has changed this cohort", "Hall B", "Hall A", "Different", `href="`+edit+`"`)
		var co store.Cohort
		if err := db.Where("id = ?", hth.Cohort.ID).Take(&co).Error; err != nil {
			t.Fatal(err)
		}
		if co.VenueName != "Hall A" || co.Capacity != 11 || co.Version != 2 {
			t.Errorf("got %q, %d places, version %d; want the first edit's Hall A, 11, 2", co.VenueName, co.Capacity, co.Version)
		}
		if n := pwAuditCount(t, db, store.AuditUpdated, store.TargetCohort, hth.Cohort.ID); n != 1 {
			t.Errorf("got %d audit rows, want 1 (the edit that won)", n)
		}
		// Reloading the form shows the saved version, which then saves.
		theirs.Set("version", pwVersion(t, second, edit))
		webtest.WantRedirect(t, second.Post(edit, theirs), "/staff/pathways/"+hth.ID)
	})
}
