package console_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/store"
	"anchorpathways/internal/web/webtest"
)

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
