package console_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
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

func TestConsoleValidation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewBareApp(t, db)
		net := newNetwork(t, app)
		hth := newPathways(t, app, net).hth
		c := app.SignIn(t, net.coordinator)
		pathways := webtest.Count(t, db, "pathways", "1 = 1")

		form := newPathwayForm(net, "Retail to Hospitals", "Retail To Hospitals!")
		form.Set("ref_prefix", "R1")
		rec := c.Post("/staff/pathways/new", form)
		webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
		webtest.WantBody(t, rec, "There is a problem", "Web address must only include lower-case letters, numbers and hyphens",
			"Reference prefix must be 2 to 4 capital letters", `value="Retail To Hospitals!"`, `value="Retail to Hospitals"`, `href="#slug"`)
		if strings.Index(rec.Body.String(), `href="#slug"`) > strings.Index(rec.Body.String(), `href="#ref_prefix"`) {
			t.Error("the error summary is not in the order of the fields")
		}

		form = newPathwayForm(net, "Another Hospitality to Health", "hospitality-to-health")
		rec = c.Post("/staff/pathways/new", form)
		webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
		webtest.WantBody(t, rec, "Another pathway already uses this web address", `value="Another Hospitality to Health"`, "checked")

		form = newPathwayForm(net, "Short", "ab")
		form.Set("employer_id", net.pioneer.ID) // a housing provider, not an employer
		rec = c.Post("/staff/pathways/new", form)
		webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
		webtest.WantBody(t, rec, "Web address must be between 3 and 80 characters")
		form.Set("slug", "short-one")
		rec = c.Post("/staff/pathways/new", form)
		webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
		webtest.WantBody(t, rec, "Select the employer that owns this pathway")
		if n := webtest.Count(t, db, "pathways", "1 = 1"); n != pathways {
			t.Errorf("got %d pathways, want %d: an invalid form saved something", n, pathways)
		}

		newCohort := "/staff/courses/" + hth.Course.ID + "/cohorts/new"
		cohorts := webtest.Count(t, db, "cohorts", "course_id = ?", hth.Course.ID)
		start := app.Store.Now().AddDate(0, 0, 30)
		cases := []struct {
			name  string
			edit  func(url.Values)
			wants []string
		}{
			{"end before start", func(f url.Values) {
				f.Set("ends_on-day", strconv.Itoa(start.AddDate(0, 0, -1).Day()))
				f.Set("ends_on-month", strconv.Itoa(int(start.AddDate(0, 0, -1).Month())))
				f.Set("ends_on-year", strconv.Itoa(start.AddDate(0, 0, -1).Year()))
			}, []string{"End date must be the same as or after the start date"}},
			{"no month", func(f url.Values) { f.Set("starts_on-month", "") }, []string{"Start date must include a month", `href="#starts_on-month"`}},
			{"not a date", func(f url.Values) { f.Set("starts_on-day", "31"); f.Set("starts_on-month", "2") }, []string{"Start date must be a real date"}},
			{"closing after start", func(f url.Values) {
				for k, v := range dateForm("closes_at", start.AddDate(0, 0, 1)) {
					f[k] = v
				}
			}, []string{"Closing date must be before the start date"}},
			{"no dates", func(f url.Values) {
				for _, k := range []string{"starts_on", "ends_on", "closes_at"} {
					f.Del(k + "-day")
					f.Del(k + "-month")
					f.Del(k + "-year")
				}
			}, []string{"Enter the start date", "Enter the end date", "Enter the closing date"}},
			{"bad postcode and capacity", func(f url.Values) { f.Set("venue_postcode", "nowhere"); f.Set("capacity", "501") },
				[]string{"Capacity must be between 1 and 500", `value="nowhere"`}},
		}
		for _, tc := range cases {
			f := cohortForm(start, "Hall", "12")
			tc.edit(f)
			rec := c.Post(newCohort, f)
			if rec.Code != http.StatusUnprocessableEntity {
				t.Errorf("%s: got %d, want 422", tc.name, rec.Code)
				continue
			}
			body := rec.Body.String()
			for _, w := range append(tc.wants, "There is a problem", `value="Hall"`) {
				if !strings.Contains(body, w) {
					t.Errorf("%s: body lacks %q:\n%s", tc.name, w, webtest.Snippet(body))
				}
			}
		}
		if n := webtest.Count(t, db, "cohorts", "course_id = ?", hth.Course.ID); n != cohorts {
			t.Errorf("got %d cohorts, want the course's %d", n, cohorts)
		}

		// Capacity can never go below the places taken.
		if err := db.Exec(`UPDATE cohorts SET places_taken = 5 WHERE id = ?`, hth.Cohort.ID).Error; err != nil {
			t.Fatal(err)
		}
		edit := "/staff/cohorts/" + hth.Cohort.ID + "/edit"
		v := pwVersion(t, c, edit)
		f := cohortForm(start, "Hall", "4")
		f.Set("version", v)
		rec = c.Post(edit, f)
		webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
		webtest.WantBody(t, rec, "Capacity must be at least the number of places already taken (5)", `value="4"`)
		var co store.Cohort
		if err := db.Where("id = ?", hth.Cohort.ID).Take(&co).Error; err != nil {
			t.Fatal(err)
		}
		if co.Capacity != 10 || co.VenueName != hth.Cohort.VenueName {
			t.Errorf("got capacity %d venue %q, want it unchanged", co.Capacity, co.VenueName)
		}
		f.Set("capacity", "5")
		webtest.WantRedirect(t, c.Post(edit, f), "/staff/pathways/"+hth.ID)
		if n := pwAuditCount(t, db, store.AuditUpdated, store.TargetCohort, hth.Cohort.ID); n != 1 {
			t.Errorf("got %d cohort audit rows, want 1", n)
		}
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

func TestConsoleRulesAndPreview(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewBareApp(t, db)
		net := newNetwork(t, app)
		fixture := newPathways(t, app, net)
		hth := fixture.hth
		c := app.SignIn(t, net.coordinator)
		// The factories audited what they made: count only what follows.
		changes := []string{store.AuditCreated, store.AuditUpdated, store.AuditDeleted}
		madeBefore := webtest.Count(t, db, "audit_log", "action IN ?", changes)
		preview := "/staff/rules/preview?situation=unemployed&sectors=retail&skills=customer_service&interests=customer_service_roles&hours=full_time&travel=30"
		rtcFirst := func(want bool) {
			t.Helper()
			rec := c.Get(preview)
			webtest.WantStatus(t, rec, http.StatusOK)
			body := rec.Body.String()
			rtc, hthAt := strings.Index(body, ">Retail to Council Services<"), strings.Index(body, ">Hospitality to Health<")
			if rtc < 0 || hthAt < 0 || (rtc < hthAt) != want {
				t.Fatalf("retail first: got %v, want %v:\n%s", rtc < hthAt, want, webtest.Snippet(body))
			}
		}
		rec := c.Get(preview)
		// Retail: 30 (sector) + 15 (skill) + 25 (interest) + 5 (hours); health: 10 (skill).
		webtest.WantBody(t, rec, "<td class=\"govuk-table__cell govuk-table__cell--numeric\" data-label=\"Score\">75</td>", "<td class=\"govuk-table__cell govuk-table__cell--numeric\" data-label=\"Score\">10</td>",
			"You have worked in retail: council customer service teams use the same skills.", `value="retail" checked`)
		rtcFirst(true)
		if n := webtest.Count(t, db, "audit_log", "action IN ?", changes) - madeBefore; n != 0 {
			t.Errorf("the preview wrote %d audit rows", n)
		}

		rules := "/staff/pathways/" + hth.ID + "/rules"
		webtest.WantBody(t, c.Get(rules), "Kinds of work done", "Hospitality (hotels, restaurants, cafés, bars)")
		webtest.WantStatus(t, c.Get(rules+"/new"), http.StatusOK)
		bad := c.Post(rules+"/new", url.Values{"factor": {"skill"}, "value": {"retail"}, "weight": {"120"}, "reason": {""}})
		webtest.WantStatus(t, bad, http.StatusUnprocessableEntity)
		webtest.WantBody(t, bad, "Select an answer from the list under Skills", "Weight must be a whole number from -100 to 100")
		dup := c.Post(rules+"/new", url.Values{"factor": {"sector"}, "value": {"hospitality"}, "weight": {"5"}, "reason": {"Again."}})
		webtest.WantStatus(t, dup, http.StatusUnprocessableEntity)
		webtest.WantBody(t, dup, "This pathway already has a rule for this answer")
		noReason := c.Post(rules+"/new", url.Values{"factor": {"interest"}, "value": {"customer_service_roles"}, "weight": {"100"}})
		webtest.WantStatus(t, noReason, http.StatusUnprocessableEntity)
		webtest.WantBody(t, noReason, "Enter the reason residents see when this rule matches")

		webtest.WantRedirect(t, c.Post(rules+"/new", url.Values{"factor": {"interest"}, "value": {"customer_service_roles"}, "weight": {"100"},
			"reason": {"Hospital receptions need customer service."}}), rules)
		list := c.Get(rules)
		webtest.WantBody(t, list, "Routing rule saved", "Hospital receptions need customer service.")
		var id string
		for _, m := range pwRuleRE.FindAllStringSubmatch(list.Body.String(), -1) {
			if !fixture.rules[m[1]] {
				id = m[1]
			}
		}
		if id == "" {
			t.Fatal("the new rule is not listed")
		}
		pwWantOneAudit(t, db, store.AuditCreated, store.TargetRoutingRule, id, "customer_service_roles")
		rtcFirst(false)
		webtest.WantBody(t, c.Get(preview), "Hospital receptions need customer service.")

		edit := "/staff/rules/" + id + "/edit"
		v := pwVersion(t, c, edit)
		webtest.WantRedirect(t, c.Post(edit, url.Values{"factor": {"interest"}, "value": {"customer_service_roles"}, "weight": {"-20"}, "reason": {""}, "version": {v}}), rules)
		pwWantOneAudit(t, db, store.AuditUpdated, store.TargetRoutingRule, id, "-20")
		rtcFirst(true)
		stale := c.Post(edit, url.Values{"factor": {"interest"}, "value": {"customer_service_roles"}, "weight": {"50"}, "reason": {"x"}, "version": {v}})
		webtest.WantStatus(t, stale, http.StatusConflict)
		webtest.WantBody(t, stale, "Someone else has changed this routing rule")

		del := "/staff/rules/" + id + "/delete"
		webtest.WantStatus(t, c.Post(del, url.Values{"version": {v}}), http.StatusConflict)
		v = pwVersion(t, c, del)
		webtest.WantRedirect(t, c.Post(del, url.Values{"version": {v}}), rules)
		if n := webtest.Count(t, db, "routing_rules", "id = ?", id); n != 0 {
			t.Error("the rule is still there")
		}
		pwWantOneAudit(t, db, store.AuditDeleted, store.TargetRoutingRule, id, "customer_service_roles")
	})
}

func TestConsolePathwayListSearchAndPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewBareApp(t, db)
		net := newNetwork(t, app)
		newPathways(t, app, net)
		for i := range 30 {
			in := store.PathwayInput{Name: fmt.Sprintf("Pathway %02d", i), Slug: fmt.Sprintf("pathway-%02d", i), RefPrefix: "PW",
				EmployerID: net.trust.ID, FromSector: "retail", Summary: "s", Description: "d", EligibilityText: "e"}
			if _, err := app.Store.CreatePathway(t.Context(), store.Actor{}, in); err != nil {
				t.Fatal(err)
			}
		}
		c := app.SignIn(t, net.coordinator)
		seen := map[string]bool{}
		next := "/staff/pathways"
		for pages := 0; next != ""; pages++ {
			if pages > 3 {
				t.Fatal("too many pages")
			}
			rec := c.Get(next)
			webtest.WantStatus(t, rec, http.StatusOK)
			for _, m := range pwListLinkRE.FindAllStringSubmatch(rec.Body.String(), -1) {
				if seen[m[1]] {
					t.Errorf("pathway %s listed twice", m[1])
				}
				seen[m[1]] = true
			}
			next = ""
			if m := pwNextPageRE.FindStringSubmatch(rec.Body.String()); m != nil {
				next = "/staff/pathways?after=" + m[1]
			}
		}
		if len(seen) != 32 {
			t.Errorf("got %d pathways over the pages, want 32", len(seen))
		}
		found := c.Get("/staff/pathways?q=HOSPITAL")
		webtest.WantBody(t, found, "Hospitality to Health")
		if n := len(pwListLinkRE.FindAllString(found.Body.String(), -1)); n != 1 {
			t.Errorf("search found %d pathways, want 1", n)
		}
		webtest.WantBody(t, c.Get("/staff/pathways?q=50%25"), "No pathways match")
	})
}

// TestConsolePathwayRoutesAreCoordinatorsOnly walks every route of this
// part of the console as a recruiter and as a housing officer: all 403.
func TestConsolePathwayRoutesAreCoordinatorsOnly(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewBareApp(t, db)
		net := newNetwork(t, app)
		fixture := newPathways(t, app, net)
		hth := fixture.hth
		params := strings.NewReplacer(":id/roles/:role", hth.ID+"/roles/"+hth.Role.ID)
		ids := map[string]string{"/staff/pathways/": hth.ID, "/staff/courses/": hth.Course.ID, "/staff/cohorts/": hth.Cohort.ID, "/staff/rules/": fixture.hthSector.ID}
		var routes [][2]string
		for _, r := range app.Echo.Routes() {
			for prefix, id := range ids {
				if strings.HasPrefix(r.Path+"/", prefix) || r.Path == strings.TrimSuffix(prefix, "/") {
					if r.Name != "staff:coordinator" {
						t.Errorf("%s %s: got access %q, want coordinators only", r.Method, r.Path, r.Name)
					}
					path := params.Replace(r.Path)
					path = strings.Replace(path, ":id", id, 1)
					routes = append(routes, [2]string{r.Method, path})
				}
			}
		}
		// 30, and the translations page's GET and POST (languages).
		if len(routes) != 32 {
			t.Errorf("got %d routes, want 32", len(routes))
		}
		before := webtest.Count(t, db, "audit_log", "action = ?", store.AuditRefused)
		// The factories audited what they made: count only what follows.
		changes := []string{store.AuditCreated, store.AuditUpdated, store.AuditDeleted}
		madeBefore := webtest.Count(t, db, "audit_log", "action IN ?", changes)
		for _, m := range []storetest.StaffMember{net.recruiter, net.officer} {
			role := m.User.Role
			c := app.SignIn(t, m)
			for _, r := range routes {
				var rec *httptest.ResponseRecorder
				if r[0] == http.MethodPost {
					rec = c.Post(r[1], url.Values{"name": {"Hijacked"}, "version": {"1"}, "capacity": {"1"}})
				} else {
					rec = c.Get(r[1])
				}
				if got := rec.Code; got != http.StatusForbidden {
					t.Errorf("%s: %s %s: got %d, want 403", role, r[0], r[1], got)
				}
			}
		}
		if n := webtest.Count(t, db, "audit_log", "action = ?", store.AuditRefused) - before; n != int64(2*len(routes)) {
			t.Errorf("got %d refusals audited, want %d", n, 2*len(routes))
		}
		if n := webtest.Count(t, db, "audit_log", "action IN ?", changes) - madeBefore; n != 0 {
			t.Errorf("refused requests changed %d things", n)
		}
		// Signed out, GETs go to the sign-in page and POSTs are refused.
		anon := app.Client(t)
		for _, r := range routes {
			if r[0] == http.MethodGet {
				webtest.WantRedirect(t, anon.Get(r[1]), "/staff/login")
			}
		}
	})
}
