package console_test

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
	"anchorpathways/internal/store"
	"anchorpathways/internal/web/webtest"
)

var (
	pwVersionRE  = regexp.MustCompile(`name="version" value="(\d+)"`)
	pwCourseRE   = regexp.MustCompile(`href="/staff/courses/([A-Za-z0-9_-]+)/edit"`)
	pwCohortRE   = regexp.MustCompile(`href="/staff/cohorts/([A-Za-z0-9_-]+)/edit"`)
	pwRuleRE     = regexp.MustCompile(`href="/staff/rules/([A-Za-z0-9_-]+)/edit"`)
	pwRoleRE     = regexp.MustCompile(`/roles/([A-Za-z0-9_-]+)/edit"`)
	pwNextPageRE = regexp.MustCompile(`href="/staff/pathways\?q=[^"&]*&amp;after=([^"]+)" rel="next"`)
	pwListLinkRE = regexp.MustCompile(`<a class="govuk-link" href="/staff/pathways/([A-Za-z0-9_-]+)">`)
)

// pwVersion opens a form and returns the version it was loaded at.
func pwVersion(t testing.TB, c *webtest.Client, path string) string {
	t.Helper()
	rec := c.Get(path)
	webtest.WantStatus(t, rec, http.StatusOK)
	m := pwVersionRE.FindStringSubmatch(rec.Body.String())
	if m == nil {
		t.Fatalf("%s: no version field:\n%s", path, webtest.Snippet(rec.Body.String()))
	}
	return m[1]
}

// pwCreated posts a form that creates something and returns where it led.
func pwCreated(t testing.TB, c *webtest.Client, path string, form url.Values) string {
	t.Helper()
	rec := c.Post(path, form)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("POST %s: got %d, want 303:\n%s", path, rec.Code, webtest.Snippet(rec.Body.String()))
	}
	return rec.Header().Get("Location")
}

func pwAuditCount(t testing.TB, db *gorm.DB, action, targetType, targetID string) int64 {
	t.Helper()
	return webtest.Count(t, db, "audit_log", "action = ? AND target_type = ? AND target_id = ?", action, targetType, targetID)
}

// pwWantOneAudit checks a change left exactly one audit row, by the
// network's coordinator, with the given text in its after (or before) state.
func pwWantOneAudit(t testing.TB, db *gorm.DB, action, targetType, targetID, state string) {
	t.Helper()
	var rows []store.AuditEntry
	if err := db.Where("action = ? AND target_type = ? AND target_id = ?", action, targetType, targetID).Find(&rows).Error; err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 {
		t.Fatalf("got %d %s audit rows for %s %s, want 1", len(rows), action, targetType, targetID)
	}
	r := rows[0]
	if r.ActorEmail != coordinatorEmail || r.ActorID == "" || r.RequestID == "" {
		t.Errorf("audit row %+v: want the coordinator and a request ID", r)
	}
	if !strings.Contains(r.BeforeState+r.AfterState, state) {
		t.Errorf("audit row before %q after %q: want %q in it", r.BeforeState, r.AfterState, state)
	}
}

func dateForm(prefix string, d time.Time) url.Values {
	return url.Values{
		prefix + "-day":   {strconv.Itoa(d.Day())},
		prefix + "-month": {strconv.Itoa(int(d.Month()))},
		prefix + "-year":  {strconv.Itoa(d.Year())},
	}
}

func merge(forms ...url.Values) url.Values {
	out := url.Values{}
	for _, f := range forms {
		for k, v := range f {
			out[k] = v
		}
	}
	return out
}

// cohortForm is a valid cohort starting start.
func cohortForm(start time.Time, venue, capacity string) url.Values {
	return merge(dateForm("starts_on", start), dateForm("ends_on", start.AddDate(0, 0, 11)), dateForm("closes_at", start.AddDate(0, 0, -10)),
		url.Values{"venue_name": {venue}, "venue_address": {"1 High Street, Birmingham"}, "venue_postcode": {"b44 9at"}, "capacity": {capacity}})
}

func newPathwayForm(net network, name, slug string) url.Values {
	return url.Values{
		"name": {name}, "slug": {slug}, "ref_prefix": {"csc"}, "employer_id": {net.council.ID},
		"providers": {net.pioneer.ID, net.northside.ID}, "neighbourhoods": {net.castleVale.ID},
		"from_sector": {"cleaning"}, "summary": {"Move from cleaning work into council facilities jobs."},
		"description":      {"Cleaning teaches care and reliability, which council buildings need."},
		"eligibility_text": {"You can apply if you live in Castle Vale, you are 18 or over and you have the right to work in the UK."},
	}
}

// TestCoordinatorSetsUpAPathwayResidentsSee is the done criterion: a
// coordinator sets up a pathway with a role, a course and a cohort from
// scratch, and it appears on the resident home page with its next cohort.
func TestCoordinatorSetsUpAPathwayResidentsSee(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewBareApp(t, db)
		net := newNetwork(t, app)
		c := app.SignIn(t, net.coordinator)

		webtest.WantStatus(t, c.Get("/staff/pathways/new"), http.StatusOK)
		loc := pwCreated(t, c, "/staff/pathways/new", newPathwayForm(net, "Cleaning to Council Facilities", "cleaning-to-council"))
		id := strings.TrimPrefix(loc, "/staff/pathways/")
		if id == loc || id == "" {
			t.Fatalf("created pathway went to %q", loc)
		}
		page := c.Get(loc)
		webtest.WantStatus(t, page, http.StatusOK)
		webtest.WantBody(t, page, "Pathway saved", "Cleaning to Council Facilities", "CSC", "Birmingham City Council", "Northside Homes, Pioneer Housing Group", "Castle Vale")
		// A draft: not on the public side, and it cannot be published yet.
		webtest.WantBody(t, page, `<strong class="govuk-tag govuk-tag--yellow">Draft</strong>`, "Residents cannot see this pathway")
		webtest.WantBody(t, c.Get("/staff/pathways?q=cleaning"), `<strong class="govuk-tag govuk-tag--yellow">Draft</strong>`)
		webtest.WantStatus(t, app.Client(t).Get("/pathways/cleaning-to-council"), http.StatusNotFound)
		if strings.Contains(app.Client(t).Get("/").Body.String(), "Cleaning to Council Facilities") {
			t.Error("the home page shows a draft pathway")
		}
		refused := c.Post(loc+"/publish", url.Values{"version": {pwVersionOn(t, page)}})
		webtest.WantStatus(t, refused, http.StatusUnprocessableEntity)
		webtest.WantBody(t, refused, "There is a problem",
			`<a href="#roles">Add a role: residents need to see the jobs the pathway leads to</a>`,
			`<a href="#courses">Add a course: finishing it is what earns residents an interview</a>`,
			`<a href="#cohorts">Add a cohort that is taking applications: its closing date in the future and places left</a>`)
		webtest.WantStatus(t, app.Client(t).Get("/pathways/cleaning-to-council"), http.StatusNotFound)

		webtest.WantStatus(t, c.Get(loc+"/roles/new"), http.StatusOK)
		webtest.WantRedirect(t, c.Post(loc+"/roles/new", url.Values{"title": {"Facilities assistant"}, "pay": {"£23,500 a year"}, "hours": {"Full time"},
			"description": {"Look after council buildings."}, "position": {"1"}}), loc)

		webtest.WantStatus(t, c.Get(loc+"/courses/new"), http.StatusOK)
		webtest.WantRedirect(t, c.Post(loc+"/courses/new", url.Values{"name": {"Facilities starter course"}, "summary": {"One week, 10am to 3pm."},
			"outcome": {"Everyone who finishes gets a guaranteed interview."}}), loc)
		m := pwCourseRE.FindStringSubmatch(c.Get(loc).Body.String())
		if m == nil {
			t.Fatal("the pathway page has no course")
		}
		courseID := m[1]

		start := app.Store.Now().AddDate(0, 0, 40)
		webtest.WantStatus(t, c.Get("/staff/courses/"+courseID+"/cohorts/new"), http.StatusOK)
		webtest.WantRedirect(t, c.Post("/staff/courses/"+courseID+"/cohorts/new", cohortForm(start, "Castle Vale Library", "14")), loc)
		page = c.Get(loc)
		webtest.WantBody(t, page, "Cohort saved", "Facilities assistant", "Facilities starter course", "Castle Vale Library, B44 9AT", "0 of 14")
		m = pwCohortRE.FindStringSubmatch(page.Body.String())
		if m == nil {
			t.Fatal("the pathway page has no cohort")
		}
		cohortID := m[1]

		// Now it has all it needs: published.
		webtest.WantRedirect(t, c.Post(loc+"/publish", url.Values{"version": {pwVersionOn(t, page)}}), loc)
		page = c.Get(loc)
		webtest.WantBody(t, page, "Pathway published", `<strong class="govuk-tag govuk-tag--green">Published</strong>`, `href="/pathways/cleaning-to-council"`)
		webtest.WantBody(t, c.Get("/staff/pathways?q=cleaning"), `<strong class="govuk-tag govuk-tag--green">Published</strong>`)

		// A resident, on the public home page.
		home := app.Client(t).Get("/")
		webtest.WantStatus(t, home, http.StatusOK)
		body := home.Body.String()
		at := strings.Index(body, "Cleaning to Council Facilities")
		if at < 0 {
			t.Fatalf("the home page lacks the new pathway:\n%s", webtest.Snippet(body))
		}
		card := body[at:]
		if end := strings.Index(card, "</li>"); end > 0 {
			card = card[:end]
		}
		for _, want := range []string{"Birmingham City Council", "Facilities assistant", "Starts " + start.Format("Monday 2 January 2006"), "14 of 14"} {
			if !strings.Contains(card, want) {
				t.Errorf("home page card lacks %q:\n%s", want, card)
			}
		}
		pub := app.Client(t).Get("/pathways/cleaning-to-council")
		webtest.WantStatus(t, pub, http.StatusOK)
		webtest.WantBody(t, pub, "Castle Vale Library", "£23,500 a year", "Facilities starter course")

		// One audit row per change, each in the change's transaction.
		pwWantOneAudit(t, db, store.AuditCreated, store.TargetPathway, id, "cleaning-to-council")
		pwWantOneAudit(t, db, store.AuditCreated, store.TargetCourse, courseID, "Facilities starter course")
		pwWantOneAudit(t, db, store.AuditCreated, store.TargetCohort, cohortID, "Castle Vale Library")
		if n := webtest.Count(t, db, "audit_log", "action = ? AND target_type = ?", store.AuditCreated, store.TargetRole); n != 1 {
			t.Errorf("got %d role created audit rows, want 1", n)
		}
		// One row for the publishing, none for the refusal.
		if n := webtest.Count(t, db, "audit_log", "action = ? AND target_id = ?", store.AuditPublished, id); n != 1 {
			t.Errorf("got %d published audit rows, want 1", n)
		}

		// Unpublished: off the public side at once; a stale page's button is a conflict.
		v := pwVersionOn(t, page)
		webtest.WantRedirect(t, c.Post(loc+"/unpublish", url.Values{"version": {v}}), loc)
		webtest.WantBody(t, c.Get(loc), "Pathway closed", `<strong class="govuk-tag govuk-tag--grey">Closed</strong>`)
		webtest.WantBody(t, c.Get("/staff/pathways?q=cleaning"), `<strong class="govuk-tag govuk-tag--grey">Closed</strong>`)
		webtest.WantStatus(t, app.Client(t).Get("/pathways/cleaning-to-council"), http.StatusNotFound)
		stale := c.Post(loc+"/publish", url.Values{"version": {v}})
		webtest.WantStatus(t, stale, http.StatusConflict)
		webtest.WantBody(t, stale, "Someone changed this pathway since you opened it. Check it again, then publish it")
		webtest.WantStatus(t, app.Client(t).Get("/pathways/cleaning-to-council"), http.StatusNotFound)
	})
}
