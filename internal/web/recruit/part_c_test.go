package recruit_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
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

var versionRE = regexp.MustCompile(`name="version" value="(\d+)"`)

func version(t *testing.T, c *webtest.Client, path string) string {
	t.Helper()
	rec := c.Get(path)
	webtest.WantStatus(t, rec, http.StatusOK)
	m := versionRE.FindStringSubmatch(rec.Body.String())
	if m == nil {
		t.Fatalf("%s: no version field:\n%s", path, webtest.Snippet(rec.Body.String()))
	}
	return m[1]
}

func statusOf(t *testing.T, db *gorm.DB, id string) portal.Status {
	t.Helper()
	var a store.Application
	if err := db.Where("id = ?", id).Take(&a).Error; err != nil {
		t.Fatal(err)
	}
	return a.Status
}

// TestInterviewSlotsPage: a recruiter publishes a time through the form
// (bad input is 422 with the input kept), sees it listed and removes it;
// another employer's recruiter cannot reach the page.
func TestInterviewSlotsPage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewBareApp(t, db)
		b := storetest.Pathway(t, app.Store)
		owed := storetest.AtStatus(t, app.Store, b, portal.StatusCourseCompleted)
		rec := app.SignIn(t, storetest.Staff(t, app.Store, portal.RoleRecruiter, b.Employer, storetest.EnrolledMFA()))
		path := "/staff/pathways/" + b.ID + "/interviews"
		webtest.WantStatus(t, rec.Get(path), http.StatusOK)
		bad := rec.Post(path, url.Values{"starts_at": {"31"}, "starts_at-month": {"2"}, "starts_at-year": {"2030"}, "time": {"25:00"}, "place": {"Room 4, Heartlands"}})
		webtest.WantStatus(t, bad, http.StatusUnprocessableEntity)
		webtest.WantBody(t, bad, "There is a problem", "must be a real date", "Enter the time in hours and minutes", `value="Room 4, Heartlands"`)
		next := time.Now().UTC().AddDate(0, 0, 10)
		good := url.Values{"starts_at": {strconv.Itoa(next.Day())}, "starts_at-month": {strconv.Itoa(int(next.Month()))},
			"starts_at-year": {strconv.Itoa(next.Year())}, "time": {"14:30"}, "place": {"Room 4, Heartlands"}, "cohort": {b.Cohort.ID}}
		webtest.WantRedirect(t, rec.Post(path, good), path)
		list := rec.Get(path)
		webtest.WantBody(t, list, "1 resident has been texted a link to book", "Room 4, Heartlands", "Free")
		if n := webtest.Count(t, db, "outbox", "recipient = ? AND secret IS NOT NULL", *owed.ContactMobile); n != 1 {
			t.Errorf("booking links sent = %d, want 1", n)
		}
		if strings.Contains(list.Body.String(), owed.FullName) {
			t.Error("the slots page names a resident")
		}
		var slot store.InterviewSlot
		db.Where("pathway_id = ?", b.ID).Take(&slot)
		webtest.WantRedirect(t, rec.Post("/staff/interview-slots/"+slot.ID+"/remove", url.Values{}), path)
		if n := webtest.Count(t, db, "interview_slots", "pathway_id = ?", b.ID); n != 0 {
			t.Errorf("slots after removal = %d", n)
		}
		other := storetest.Organisation(t, app.Store, portal.KindEmployer)
		stranger := app.SignIn(t, storetest.Staff(t, app.Store, portal.RoleRecruiter, other, storetest.EnrolledMFA()))
		webtest.WantStatus(t, stranger.Get(path), http.StatusNotFound)
		webtest.WantStatus(t, stranger.Post(path, good), http.StatusNotFound)
	})
}

// TestOutcomeJobStartAndInWorkPages: the recruiter records a job offer (bad
// input 422, a stale page the conflict page), the job start, and the
// 13-week answer, each as one move.
func TestOutcomeJobStartAndInWorkPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		now := time.Now().UTC()
		app := webtest.NewBareApp(t, db)
		b := storetest.Pathway(t, app.Store)
		a := storetest.AtStatus(t, app.Store, b, portal.StatusInterview)
		c := app.SignIn(t, storetest.Staff(t, app.Store, portal.RoleRecruiter, b.Employer, storetest.EnrolledMFA()))
		path := "/staff/applications/" + a.ID + "/interview-outcome"
		v := version(t, c, path)
		bad := c.Post(path, url.Values{"version": {v}, "outcome": {"offered"}, "role_title": {"Porter"}, "hours": {"lots"}})
		webtest.WantStatus(t, bad, http.StatusUnprocessableEntity)
		webtest.WantBody(t, bad, "Select the kind of job offered", "Enter the hours a week", "Enter the start date", `value="Porter"`)
		start := now.AddDate(0, 0, -1)
		offer := url.Values{"version": {v}, "outcome": {"offered"}, "kind": {"substantive"}, "role_title": {"Porter"}, "hours": {"37"},
			"starts_on": {strconv.Itoa(start.Day())}, "starts_on-month": {strconv.Itoa(int(start.Month()))}, "starts_on-year": {strconv.Itoa(start.Year())}}
		webtest.WantRedirect(t, c.Post(path, offer), path)
		if got := statusOf(t, db, a.ID); got != portal.StatusJobOffered {
			t.Fatalf("status %s, want job offered", got)
		}
		webtest.WantStatus(t, c.Post(path, offer), http.StatusConflict)

		jobPath := "/staff/applications/" + a.ID + "/job-started"
		jv := version(t, c, jobPath)
		webtest.WantBody(t, c.Get(jobPath), `name="started_on" type="text" inputmode="numeric" value="`+strconv.Itoa(start.Day())+`"`)
		webtest.WantStatus(t, c.Post(jobPath, url.Values{"version": {jv}}), http.StatusUnprocessableEntity)
		started := url.Values{"version": {jv}, "started_on": {strconv.Itoa(start.Day())}, "started_on-month": {strconv.Itoa(int(start.Month()))}, "started_on-year": {strconv.Itoa(start.Year())}}
		webtest.WantRedirect(t, c.Post(jobPath, started), jobPath)
		if got := statusOf(t, db, a.ID); got != portal.StatusJobStarted {
			t.Fatalf("status %s, want job started", got)
		}

		inPath := "/staff/applications/" + a.ID + "/in-work"
		iv := version(t, c, inPath)
		early := c.Post(inPath, url.Values{"version": {iv}, "week": {"13"}, "answer": {"yes"}})
		webtest.WantStatus(t, early, http.StatusUnprocessableEntity)
		webtest.WantBody(t, early, "It is not 13 weeks since they started work yet")
		webtest.WantStatus(t, c.Post(inPath, url.Values{"version": {iv}, "week": {"13"}}), http.StatusUnprocessableEntity)
		// One who started 13 weeks ago.
		due := storetest.AtStatus(t, app.Store, b, portal.StatusJobStarted, now.AddDate(0, 0, -13*7))
		duePath := "/staff/applications/" + due.ID + "/in-work"
		dv := version(t, c, duePath)
		webtest.WantRedirect(t, c.Post(duePath, url.Values{"version": {dv}, "week": {"13"}, "answer": {"yes"}}), duePath)
		if got := statusOf(t, db, due.ID); got != portal.StatusInWork13 {
			t.Errorf("status %s, want in work 13", got)
		}
	})
}
