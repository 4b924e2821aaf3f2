package web_test

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
	"anchorpathways/internal/web/webtest"
)

// menuOf is the staff menu's links of a page: href, current mark, label.
func menuOf(body string) [][]string {
	start := strings.Index(body, `<nav class="app-staff-nav`)
	if start < 0 {
		return nil
	}
	end := strings.Index(body[start:], "</nav>")
	return menuLink.FindAllStringSubmatch(body[start:start+end], -1)
}

var menuLink = regexp.MustCompile(`<li><a class="govuk-link" href="(/staff[^"]*)"( aria-current="page")?>([^<]+)</a></li>`)

// TestStaffMenuOpensForItsRole: each role's staff menu lists the pages it
// may open, every one of which opens for it, and marks the page it is on;
// the coordinator's reaches the report and the data-protection pages.
func TestStaffMenuOpensForItsRole(t *testing.T) {
	app := webtest.NewBareApp(t, dbtest.SQLite(t))
	employer := storetest.Organisation(t, app.Store, portal.KindEmployer)
	provider := storetest.Organisation(t, app.Store, portal.KindHousingProvider)
	for _, tc := range []struct {
		role portal.Role
		org  store.Organisation
		want []string
	}{
		{portal.RoleCoordinator, store.Organisation{}, []string{"/staff", "/staff/reports", "/staff/organisations", "/staff/neighbourhoods", "/staff/pathways",
			"/staff/users", "/staff/equality", "/staff/erasure-requests", "/staff/retention", "/staff/audit"}},
		{portal.RoleRecruiter, employer, []string{"/staff", "/staff/reports"}},
		{portal.RoleHousingOfficer, provider, []string{"/staff", "/staff/referrals", "/staff/reports"}},
	} {
		t.Run(string(tc.role), func(t *testing.T) {
			c := app.SignIn(t, storetest.Staff(t, app.Store, tc.role, tc.org, storetest.EnrolledMFA()))
			var got []string
			for _, m := range menuOf(c.Get("/staff").Body.String()) {
				got = append(got, m[1])
				if (m[2] != "") != (m[1] == "/staff") {
					t.Errorf("on /staff, %s is marked current: %v", m[1], m[2] != "")
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("menu = %v, want %v", got, tc.want)
			}
			for _, href := range got {
				rec := c.Get(href)
				webtest.WantStatus(t, rec, http.StatusOK)
				if m := menuOf(rec.Body.String()); !slices.ContainsFunc(m, func(l []string) bool { return l[1] == href && l[2] != "" }) {
					t.Errorf("on %s, its menu entry is not marked current", href)
				}
			}
		})
	}
}
