package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
	"anchorpathways/internal/web/auth"
	"anchorpathways/internal/web/webtest"
)

// Every route in the table declares who may use it: echo's default route
// name (the handler's function name) means a route was added without one.
func TestEveryRouteDeclaresItsAccess(t *testing.T) {
	app := webtest.NewBareApp(t, dbtest.SQLite(t))
	routes := app.Echo.Routes()
	if len(routes) < 30 {
		t.Fatalf("got %d routes, want the whole table", len(routes))
	}
	for _, r := range routes {
		if r.Method == echo.RouteNotFound {
			continue // echo's own 404 route for a group with middleware
		}
		if !auth.Access(r.Name).Valid() {
			t.Errorf("%s %s has no access declaration (name %q)", r.Method, r.Path, r.Name)
		}
	}
}

var paramRE = regexp.MustCompile(`:[a-z_]+`)

// Every staff route × every role × objects of another organisation: a role
// the route does not declare gets 403 (or, signed out, the sign-in page);
// a declared, organisation-scoped role asking for another organisation's
// object never gets it.
func TestRouteRoleOrganisationMatrix(t *testing.T) {
	app := webtest.NewBareApp(t, dbtest.SQLite(t))
	// The scoped staff belong to the employer and the housing provider of
	// one pathway; the objects asked for belong to another pathway's
	// organisations, none of theirs: its housing provider, pathway, course,
	// cohort, routing rule and a resident's application to it.
	own := storetest.Pathway(t, app.Store)
	other := storetest.Pathway(t, app.Store)
	rule := storetest.RoutingRule(t, app.Store, other.ID)
	application := storetest.SubmittedApplication(t, app.Store, other)
	foreign := map[string]string{":slug": other.Slug, ":token": "not-a-token", ":cohort": other.Cohort.ID}
	slot := storetest.InterviewSlot(t, app.Store, other)
	foreignID := []string{other.Providers[0].ID, other.ID, other.Course.ID, other.Cohort.ID, rule.ID, application.ID, slot.ID}
	// Referrals: one by another provider's housing officer (issue 8).
	otherOfficer := storetest.Staff(t, app.Store, portal.RoleHousingOfficer, other.Providers[0]).User.Staff()
	referral, err := app.Store.ReferTenant(context.Background(), otherOfficer, store.Referring{Contact: storetest.Contact(),
		Postcode: other.Postcode(), PathwayID: other.ID, ConsentMethod: "in_person", ConsentOn: app.Store.Now()}, store.Messages{})
	if err != nil {
		t.Fatal(err)
	}
	foreignID = append(foreignID, referral.ID)

	type who struct {
		name string
		role portal.Role
		c    *webtest.Client
	}
	people := []who{{name: "signed out", c: app.Client(t)}}
	for _, s := range []struct {
		role portal.Role
		org  store.Organisation
	}{{portal.RoleCoordinator, store.Organisation{}}, {portal.RoleHousingOfficer, own.Providers[0]}, {portal.RoleRecruiter, own.Employer}} {
		m := storetest.Staff(t, app.Store, s.role, s.org, storetest.EnrolledMFA())
		people = append(people, who{name: string(s.role), role: s.role, c: app.SignIn(t, m)})
	}
	checked := 0
	for _, r := range app.Echo.Routes() {
		access := auth.Access(r.Name)
		roles := access.Roles()
		if len(roles) == 0 || (r.Method != http.MethodGet && r.Method != http.MethodPost) {
			continue
		}
		ids := []string{""}
		if strings.Contains(r.Path, ":id") || strings.Contains(r.Path, ":") {
			ids = foreignID
		}
		for _, id := range ids {
			path := paramRE.ReplaceAllStringFunc(r.Path, func(p string) string {
				if v, ok := foreign[p]; ok {
					return v
				}
				return id
			})
			for _, p := range people {
				if r.Path == "/staff/sign-out" || r.Path == "/staff/sign-out-everywhere" {
					continue // would end the session the rest of the test uses
				}
				var rec = p.c.Get(path)
				if r.Method == http.MethodPost {
					rec = p.c.Post(path, url.Values{})
				}
				checked++
				allowed := slices.Contains(roles, p.role)
				switch {
				case p.role == "":
					if rec.Code != http.StatusForbidden && !(rec.Code == http.StatusSeeOther && rec.Header().Get("Location") == "/staff/login") {
						t.Errorf("%s %s signed out: got %d %s, want 403 or the sign-in page", r.Method, path, rec.Code, rec.Header().Get("Location"))
					}
				case !allowed:
					if rec.Code != http.StatusForbidden {
						t.Errorf("%s %s as %s: got %d, want 403", r.Method, path, p.name, rec.Code)
					}
				case p.role != portal.RoleCoordinator && id != "":
					// An organisation-scoped role never reaches another organisation's object.
					if rec.Code == http.StatusOK || (rec.Code == http.StatusSeeOther && r.Method == http.MethodPost) {
						t.Errorf("%s %s as %s: got %d for another organisation's object", r.Method, path, p.name, rec.Code)
					}
				}
			}
		}
	}
	if checked < 20 {
		t.Errorf("checked only %d requests", checked)
	}
	// Refusals of signed-in staff are audited.
	var refused int64
	app.DB.Table("audit_log").Where("action = ?", store.AuditRefused).Count(&refused)
	if refused == 0 {
		t.Error("no refused request was audited")
	}
}

// The offer links are for whoever holds one, signed in or not, staff or
// not: an unknown token gets the same "does not work" page for everyone,
// and the answered pages name no one.
func TestOfferLinkRoutesAnswerEveryone(t *testing.T) {
	app := webtest.NewBareApp(t, dbtest.SQLite(t))
	b := storetest.Pathway(t, app.Store)
	clients := []*webtest.Client{app.Client(t)}
	for _, s := range []struct {
		role portal.Role
		org  store.Organisation
	}{{portal.RoleCoordinator, store.Organisation{}}, {portal.RoleHousingOfficer, b.Providers[0]}, {portal.RoleRecruiter, b.Employer}} {
		clients = append(clients, app.SignIn(t, storetest.Staff(t, app.Store, s.role, s.org, storetest.EnrolledMFA())))
	}
	for i, c := range clients {
		webtest.WantStatus(t, c.Get("/offers/not-a-token"), http.StatusNotFound)
		webtest.WantStatus(t, c.Get("/offers/answered/accepted"), http.StatusOK)
		if rec := c.Post("/offers/not-a-token", url.Values{"answer": {"accept"}}); rec.Code != http.StatusForbidden && rec.Code != http.StatusNotFound {
			t.Errorf("client %d: POST an unknown offer link: %d, want 403 (no form shown) or 404", i, rec.Code)
		}
	}
}
