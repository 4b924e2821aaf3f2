package console_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
	"anchorpathways/internal/web/webtest"
)

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
		// The recruiters' workspace shares the /staff/pathways/:id prefix;
		// web/recruit and the route matrix test its access.
		recruiters := regexp.MustCompile(`^/staff/pathways/:id/(pool|interviews|cohorts/:cohort/export\.csv)`)
		var routes [][2]string
		for _, r := range app.Echo.Routes() {
			if recruiters.MatchString(r.Path) {
				continue
			}
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
		// 30, and the translations page's GET and POST.
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
