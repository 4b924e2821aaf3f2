package console_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
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

var (
	versionRE  = regexp.MustCompile(`name="version" value="(\d+)"`)
	nextPageRE = regexp.MustCompile(`href="(/staff/[a-z]+\?[^"]*after=[^"]+)" rel="next"`)
)

// formVersion is the hidden version field of the form on a page.
func formVersion(t testing.TB, body string) string {
	t.Helper()
	m := versionRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no version field in:\n%s", webtest.Snippet(body))
	}
	return m[1]
}

// loadForm opens an edit form, as a coordinator would, and returns the
// version it was loaded at.
func loadForm(t testing.TB, c *webtest.Client, path string) string {
	t.Helper()
	rec := c.Get(path)
	webtest.WantStatus(t, rec, http.StatusOK)
	return formVersion(t, rec.Body.String())
}

// auditRows are the audit entries of one action on one target.
func auditRows(t testing.TB, db *gorm.DB, action, targetType, targetID string) []store.AuditEntry {
	t.Helper()
	var rows []store.AuditEntry
	if err := db.Where("action = ? AND target_type = ? AND target_id = ?", action, targetType, targetID).Find(&rows).Error; err != nil {
		t.Fatal(err)
	}
	return rows
}

// wantOneAudit checks a change left exactly one audit row, by the
// network's coordinator, whose before and after states hold the given text.
func wantOneAudit(t testing.TB, db *gorm.DB, action, targetType, targetID, before, after string) {
	t.Helper()
	rows := auditRows(t, db, action, targetType, targetID)
	if len(rows) != 1 {
		t.Fatalf("got %d %s audit rows for %s %s, want 1", len(rows), action, targetType, targetID)
	}
	r := rows[0]
	if r.ActorEmail != coordinatorEmail || r.RequestID == "" {
		t.Errorf("got actor %q, request %q; want the coordinator and a request ID", r.ActorEmail, r.RequestID)
	}
	if !strings.Contains(r.BeforeState, before) || (before == "" && r.BeforeState != "") {
		t.Errorf("got before state %q, want it to hold %q", r.BeforeState, before)
	}
	if !strings.Contains(r.AfterState, after) {
		t.Errorf("got after state %q, want it to hold %q", r.AfterState, after)
	}
}

func orgByName(t testing.TB, db *gorm.DB, name string) store.Organisation {
	t.Helper()
	var o store.Organisation
	if err := db.Where("name = ?", name).Take(&o).Error; err != nil {
		t.Fatalf("organisation %q: %v", name, err)
	}
	return o
}

func TestConsoleOrganisations(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewBareApp(t, db)
		net := newNetwork(t, app)
		c := app.SignIn(t, net.coordinator)
		list := c.Get("/staff/organisations")
		webtest.WantStatus(t, list, http.StatusOK)
		webtest.WantBody(t, list, "Pioneer Housing Group", "Birmingham Anchor Network", "Housing provider", "recruitment@uhb.example")

		// Invalid: errors in page order, the input kept.
		c.Get("/staff/organisations/new")
		rec := c.Post("/staff/organisations/new", url.Values{"version": {"0"}})
		webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
		webtest.WantBody(t, rec, "<title>Error: Add an organisation", `href="#name">Enter the organisation’s name`, `href="#kind">Select what kind of organisation it is`)
		rec = c.Post("/staff/organisations/new", url.Values{"name": {"  Acme   Skills  "}, "kind": {"training_provider"},
			"contact_email": {"not an email"}, "contact_phone": {"12345"}})
		webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
		webtest.WantBody(t, rec, `href="#contact_email"`, `href="#contact_phone">Enter a UK phone number`, `value="Acme   Skills"`, `value="not an email"`, `value="training_provider" checked`)
		rec = c.Post("/staff/organisations/new", url.Values{"name": {"pioneer housing group"}, "kind": {"housing_provider"}})
		webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
		webtest.WantBody(t, rec, `href="#name">There is already an organisation with this name`)

		// Create.
		webtest.WantRedirect(t, c.Post("/staff/organisations/new", url.Values{"name": {"  Acme   Skills  "}, "kind": {"training_provider"},
			"contact_email": {" Hello@Acme.Example "}, "contact_phone": {"0121 496 0000"}}), "/staff/organisations")
		webtest.WantBody(t, c.Get("/staff/organisations"), "Acme Skills saved", "Acme Skills", "hello@acme.example", "Training provider")
		o := orgByName(t, db, "Acme Skills")
		if o.ContactEmail != "hello@acme.example" || o.Kind != store.KindTrainingProvider || o.Version != 1 {
			t.Errorf("got %+v", o)
		}
		wantOneAudit(t, db, store.AuditCreated, "organisation", o.ID, "", `"name":"Acme Skills"`)

		// Edit: invalid keeps input; valid saves and records before and after.
		edit := "/staff/organisations/" + o.ID + "/edit"
		v := loadForm(t, c, edit)
		rec = c.Post(edit, url.Values{"version": {v}, "name": {""}, "kind": {"training_provider"}, "contact_phone": {"0121 496 0000"}})
		webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
		webtest.WantBody(t, rec, `href="#name"`, `value="0121 496 0000"`)
		webtest.WantRedirect(t, c.Post(edit, url.Values{"version": {v}, "name": {"Acme Skills Academy"}, "kind": {"training_provider"}}), "/staff/organisations")
		o = orgByName(t, db, "Acme Skills Academy")
		if o.Version != 2 || o.ContactEmail != "" {
			t.Errorf("got %+v, want version 2 with the email cleared", o)
		}
		wantOneAudit(t, db, store.AuditUpdated, "organisation", o.ID, `"name":"Acme Skills"`, `"name":"Acme Skills Academy"`)

		// A kind that no longer fits the organisation's staff is refused.
		v = loadForm(t, c, "/staff/organisations/"+net.pioneer.ID+"/edit")
		rec = c.Post("/staff/organisations/"+net.pioneer.ID+"/edit", url.Values{"version": {v}, "name": {"Pioneer Housing Group"}, "kind": {"employer"}})
		webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
		webtest.WantBody(t, rec, `href="#kind">This organisation has housing officer accounts`)

		// Removing one's own organisation is refused.
		c.Get("/staff/organisations/" + net.hub.ID + "/remove")
		rec = c.Post("/staff/organisations/"+net.hub.ID+"/remove", nil)
		webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
		webtest.WantBody(t, rec, "You cannot remove your own organisation")

		// Removing Pioneer signs its housing officer out at their next request.
		officer := app.SignIn(t, net.officer)
		webtest.WantBody(t, c.Get("/staff/organisations/"+net.pioneer.ID+"/remove"), "Remove Pioneer Housing Group")
		webtest.WantRedirect(t, c.Post("/staff/organisations/"+net.pioneer.ID+"/remove", nil), "/staff/organisations")
		list = c.Get("/staff/organisations")
		webtest.WantBody(t, list, "Pioneer Housing Group removed")
		if strings.Contains(list.Body.String(), `/staff/organisations/`+net.pioneer.ID+`/edit`) {
			t.Error("a removed organisation is still listed")
		}
		webtest.WantRedirect(t, officer.Get("/staff"), "/staff/login?signed-out=1")
		webtest.WantStatus(t, c.Get("/staff/organisations/"+net.pioneer.ID+"/edit"), http.StatusNotFound)
		wantOneAudit(t, db, store.AuditDeleted, "organisation", net.pioneer.ID, `"name":"Pioneer Housing Group"`, `"removed":true`)
		if n := webtest.Count(t, db, "organisations", "id = ? AND removed_at IS NOT NULL", net.pioneer.ID); n != 1 {
			t.Errorf("got %d removed Pioneer rows, want 1", n)
		}
	})
}

func TestConsoleEditConflictKeepsTheFirstSave(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewBareApp(t, db)
		net := newNetwork(t, app)
		first, second := app.SignIn(t, net.coordinator), app.SignIn(t, net.coordinator)

		orgEdit := "/staff/organisations/" + net.trust.ID + "/edit"
		v1, v2 := loadForm(t, first, orgEdit), loadForm(t, second, orgEdit)
		webtest.WantRedirect(t, first.Post(orgEdit, url.Values{"version": {v1}, "name": {"UHB (first edit)"}, "kind": {"employer"}, "contact_email": {"first@uhb.example"}}), "/staff/organisations")
		rec := second.Post(orgEdit, url.Values{"version": {v2}, "name": {"UHB (second edit)"}, "kind": {"employer"}, "contact_email": {"second@uhb.example"}})
		webtest.WantStatus(t, rec, http.StatusConflict)
		webtest.WantBody(t, rec, "Someone else has changed this organisation", "UHB (first edit)", "UHB (second edit)", "first@uhb.example", "second@uhb.example", `href="`+orgEdit+`"`)
		if o := orgByName(t, db, "UHB (first edit)"); o.ContactEmail != "first@uhb.example" || o.Version != 2 {
			t.Errorf("got %+v, want the first edit kept", o)
		}
		if n := len(auditRows(t, db, store.AuditUpdated, "organisation", net.trust.ID)); n != 1 {
			t.Errorf("got %d update audit rows, want 1", n)
		}

		hoodEdit := "/staff/neighbourhoods/" + net.castleVale.ID + "/edit"
		v1, v2 = loadForm(t, first, hoodEdit), loadForm(t, second, hoodEdit)
		webtest.WantRedirect(t, first.Post(hoodEdit, url.Values{"version": {v1}, "name": {"Castle Vale"}, "sectors": {"B35 7\nB35 6"}, "providers": {net.pioneer.ID}}), "/staff/neighbourhoods")
		rec = second.Post(hoodEdit, url.Values{"version": {v2}, "name": {"Castle Vale and Tyburn"}, "sectors": {"B35 7, B24 0"}, "providers": {net.pioneer.ID, net.northside.ID}})
		webtest.WantStatus(t, rec, http.StatusConflict)
		webtest.WantBody(t, rec, "Someone else has changed this neighbourhood", "Castle Vale and Tyburn", "B35 6, B35 7", "B35 7, B24 0", "Northside Homes")
		n, err := app.Store.NeighbourhoodByID(context.Background(), net.castleVale.ID)
		if err != nil || n.Name != "Castle Vale" || strings.Join(n.Sectors, ",") != "B35 6,B35 7" || len(n.Providers) != 1 {
			t.Errorf("got %+v, %v; want the first edit kept", n, err)
		}
	})
}

func TestConsoleNeighbourhoods(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewBareApp(t, db)
		net := newNetwork(t, app)
		c := app.SignIn(t, net.coordinator)
		webtest.WantBody(t, c.Get("/staff/neighbourhoods"), "Castle Vale", "B35 7", "Pioneer Housing Group")

		form := c.Get("/staff/neighbourhoods/new")
		webtest.WantBody(t, form, "Pioneer Housing Group", "Northside Homes")
		if strings.Contains(form.Body.String(), net.trust.ID) {
			t.Error("an employer is offered as a housing provider")
		}
		rec := c.Post("/staff/neighbourhoods/new", url.Values{})
		webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
		webtest.WantBody(t, rec, `href="#name"`, `href="#sectors">Enter at least one postcode sector`, `href="#providers">Select the housing providers`)
		rec = c.Post("/staff/neighbourhoods/new", url.Values{"name": {"Kingstanding North"}, "sectors": {"b44 9, B44 0PR"}, "providers": {net.northside.ID}})
		webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
		webtest.WantBody(t, rec, "“B44 0PR” is not a postcode sector", "b44 9, B44 0PR", `value="`+net.northside.ID+`" checked`)
		// Sectors that are valid come back normalised, even when another field is wrong.
		rec = c.Post("/staff/neighbourhoods/new", url.Values{"name": {""}, "sectors": {"b44 9, B449\nb44  0;"}, "providers": {net.northside.ID}})
		webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
		webtest.WantBody(t, rec, ">B44 9\nB44 0</textarea>")
		rec = c.Post("/staff/neighbourhoods/new", url.Values{"name": {"Kingstanding North"}, "sectors": {"B44 9"}, "providers": {net.trust.ID}})
		webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
		webtest.WantBody(t, rec, `href="#providers"`)

		webtest.WantRedirect(t, c.Post("/staff/neighbourhoods/new", url.Values{"name": {"Kingstanding North"}, "sectors": {"b44 9, B449\nb44  0;"},
			"providers": {net.northside.ID, net.pioneer.ID}}), "/staff/neighbourhoods")
		webtest.WantBody(t, c.Get("/staff/neighbourhoods"), "Kingstanding North saved", "B44 0, B44 9")
		var hood store.Neighbourhood
		if err := db.Where("name = ?", "Kingstanding North").Take(&hood).Error; err != nil {
			t.Fatal(err)
		}
		n, err := app.Store.NeighbourhoodByID(context.Background(), hood.ID)
		if err != nil || strings.Join(n.Sectors, ",") != "B44 0,B44 9" || len(n.Providers) != 2 {
			t.Fatalf("got %+v, %v", n, err)
		}
		wantOneAudit(t, db, store.AuditCreated, "neighbourhood", hood.ID, "", `"sectors":["B44 9","B44 0"]`)

		edit := "/staff/neighbourhoods/" + hood.ID + "/edit"
		page := c.Get(edit)
		webtest.WantBody(t, page, ">B44 0\nB44 9</textarea>", `value="`+net.pioneer.ID+`" checked`)
		v := formVersion(t, page.Body.String())
		webtest.WantRedirect(t, c.Post(edit, url.Values{"version": {v}, "name": {"Kingstanding East"}, "sectors": {"B44 0"}, "providers": {net.northside.ID}}), "/staff/neighbourhoods")
		n, _ = app.Store.NeighbourhoodByID(context.Background(), hood.ID)
		if n.Name != "Kingstanding East" || strings.Join(n.Sectors, ",") != "B44 0" || len(n.Providers) != 1 || n.Version != 2 {
			t.Errorf("got %+v", n)
		}
		wantOneAudit(t, db, store.AuditUpdated, "neighbourhood", hood.ID, `"providers":["Northside Homes","Pioneer Housing Group"]`, `"sectors":["B44 0"]`)
		rec = c.Post(edit, url.Values{"version": {"2"}, "name": {"Castle Vale"}, "sectors": {"B44 0"}, "providers": {net.northside.ID}})
		webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
		webtest.WantBody(t, rec, "There is already a neighbourhood with this name")
	})
}

func TestConsoleStaffAccounts(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewBareApp(t, db)
		net := newNetwork(t, app)
		ctx := context.Background()
		c := app.SignIn(t, net.coordinator)
		webtest.WantBody(t, c.Get("/staff/users"), "Cora Ordinator", "Hamid Officer", "Rita Cruiter", "Recruiter")
		found := c.Get("/staff/users?q=RITA")
		webtest.WantBody(t, found, "Rita Cruiter")
		if strings.Contains(found.Body.String(), "Hamid Officer") {
			t.Error("search by name found another account")
		}
		webtest.WantBody(t, c.Get("/staff/users?q=housing.officer@"), "Hamid Officer")

		// Invite.
		c.Get("/staff/users/invite")
		rec := c.Post("/staff/users/invite", url.Values{})
		webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
		webtest.WantBody(t, rec, `href="#email"`, `href="#full_name"`, `href="#organisation"`, `href="#role"`)
		rec = c.Post("/staff/users/invite", url.Values{"email": {"Nadia@Pioneer.Example"}, "full_name": {"Nadia Begum"}, "organisation": {net.pioneer.ID}, "role": {"recruiter"}})
		webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
		webtest.WantBody(t, rec, `href="#role">Choose a role that fits Pioneer Housing Group`, `value="Nadia@Pioneer.Example"`, `value="`+net.pioneer.ID+`" selected`)
		rec = c.Post("/staff/users/invite", url.Values{"email": {net.recruiter.User.Email}, "full_name": {"Rita Again"}, "organisation": {net.trust.ID}, "role": {"recruiter"}})
		webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
		webtest.WantBody(t, rec, "There is already an account with this email address")
		webtest.WantRedirect(t, c.Post("/staff/users/invite", url.Values{"email": {"Nadia@Pioneer.Example"}, "full_name": {"Nadia Begum"},
			"organisation": {net.pioneer.ID}, "role": {"housing_officer"}}), "/staff/users")
		webtest.WantBody(t, c.Get("/staff/users"), "Invitation sent to nadia@pioneer.example", "Nadia Begum", "Invited")
		u, err := app.Store.StaffByEmail(ctx, "nadia@pioneer.example")
		if err != nil || u.Role != portal.RoleHousingOfficer || u.OrganisationID != net.pioneer.ID {
			t.Fatalf("got %+v, %v", u, err)
		}
		if n := webtest.Count(t, db, "outbox", "recipient = ? AND body LIKE ?", "nadia@pioneer.example", "%/staff/invitations/%"); n != 1 {
			t.Errorf("got %d invitation emails, want 1", n)
		}
		if n := len(auditRows(t, db, store.AuditInvited, "staff", u.ID)); n != 1 {
			t.Errorf("got %d invitation audit rows, want 1", n)
		}

		// Change role: it must fit the organisation; a misfit left by older
		// data can be put right, once, with the version checked.
		role := "/staff/users/" + net.officer.User.ID + "/role"
		v := loadForm(t, c, role)
		rec = c.Post(role, url.Values{"version": {v}, "role": {"recruiter"}})
		webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
		webtest.WantBody(t, rec, "Choose a role that fits Pioneer Housing Group")
		misfit := store.StaffUser{ID: portal.NewID(), OrganisationID: net.trust.ID, Email: "misfit@uhb.example", FullName: "Mo Fit",
			Role: portal.RoleHousingOfficer, Version: 1, CreatedAt: time.Now().UTC(), UpdatedAt: time.Now().UTC()}
		if err := db.Create(&misfit).Error; err != nil {
			t.Fatal(err)
		}
		other := app.SignIn(t, net.coordinator)
		misfitRole := "/staff/users/" + misfit.ID + "/role" // IDs in URLs are refused unless shaped like one
		v1, v2 := loadForm(t, c, misfitRole), loadForm(t, other, misfitRole)
		webtest.WantRedirect(t, c.Post(misfitRole, url.Values{"version": {v1}, "role": {"recruiter"}}), "/staff/users")
		rec = other.Post(misfitRole, url.Values{"version": {v2}, "role": {"coordinator"}})
		webtest.WantStatus(t, rec, http.StatusConflict)
		webtest.WantBody(t, rec, "Someone else has changed this staff account", "Recruiter", "Coordinator")
		if u, _ := app.Store.StaffByID(ctx, misfit.ID); u.Role != portal.RoleRecruiter {
			t.Errorf("got role %s, want recruiter", u.Role)
		}
		wantOneAudit(t, db, store.AuditRoleChanged, "staff", misfit.ID, `"role":"housing_officer"`, `"role":"recruiter"`)

		// Disable: never oneself; another account is signed out at once.
		webtest.WantBody(t, c.Get("/staff/users/"+net.coordinator.User.ID+"/disable"), "You cannot disable your own account")
		rec = c.Post("/staff/users/"+net.coordinator.User.ID+"/disable", nil)
		webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
		webtest.WantBody(t, rec, `href="#account">You cannot disable your own account`)
		recruiter := app.SignIn(t, net.recruiter)
		c.Get("/staff/users/" + net.recruiter.User.ID + "/disable")
		webtest.WantRedirect(t, c.Post("/staff/users/"+net.recruiter.User.ID+"/disable", nil), "/staff/users")
		webtest.WantBody(t, c.Get("/staff/users"), "Rita Cruiter’s account disabled", "Disabled")
		webtest.WantRedirect(t, recruiter.Get("/staff"), "/staff/login?signed-out=1")
		if n := webtest.Count(t, db, "staff_sessions", "staff_id = ?", net.recruiter.User.ID); n != 0 {
			t.Errorf("got %d sessions of the disabled account, want 0", n)
		}
		again := app.Client(t)
		again.Get("/staff/login")
		webtest.WantStatus(t, again.Post("/staff/login", url.Values{"email": {net.recruiter.User.Email}, "password": {net.recruiter.Password}}), http.StatusUnprocessableEntity)
		wantOneAudit(t, db, store.AuditStaffDisabled, "staff", net.recruiter.User.ID, `"disabled":false`, `"disabled":true`)
		if n := webtest.Count(t, db, "audit_log", "action = ? AND target_id = ?", store.AuditStaffDisabled, net.coordinator.User.ID); n != 0 {
			t.Errorf("refused self-disable wrote %d audit rows", n)
		}
	})
}

func TestConsoleListsSearchAndPage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewBareApp(t, db)
		net := newNetwork(t, app) // Pioneer must not match the searches
		ctx := context.Background()
		var a store.Actor
		for i := range 27 {
			name := fmt.Sprintf("Paged Homes %02d", i)
			o, err := app.Store.CreateOrganisation(ctx, a, store.OrganisationInput{Name: name, Kind: store.KindHousingProvider})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := app.Store.CreateNeighbourhood(ctx, a, store.NeighbourhoodInput{Name: fmt.Sprintf("Paged Estate %02d", i), Sectors: []string{"B44 9"}, ProviderIDs: []string{o.ID}}); err != nil {
				t.Fatal(err)
			}
			if _, err := app.Store.Invite(ctx, a, o.ID, fmt.Sprintf("paged%02d@homes.example", i), fmt.Sprintf("Paged Person %02d", i), portal.RoleHousingOfficer, store.Messages{}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := app.Store.CreateOrganisation(ctx, a, store.OrganisationInput{Name: "100% Paged", Kind: store.KindEmployer}); err != nil {
			t.Fatal(err)
		}
		c := app.SignIn(t, net.coordinator)
		for _, tc := range []struct{ list, q, first, last string }{
			{"/staff/organisations", "paged HOMES", "Paged Homes 00", "Paged Homes 26"},
			{"/staff/neighbourhoods", "paged estate", "Paged Estate 00", "Paged Estate 26"},
			{"/staff/users", "PAGED person", "Paged Person 00", "Paged Person 26"},
		} {
			one := c.Get(tc.list + "?q=" + url.QueryEscape(tc.q))
			webtest.WantStatus(t, one, http.StatusOK)
			body := one.Body.String()
			webtest.WantBody(t, one, tc.first, strings.Replace(tc.last, "26", "24", 1))
			if strings.Contains(body, tc.last) || strings.Contains(body, "Pioneer") {
				t.Errorf("%s: the first page holds more than 25 matches", tc.list)
			}
			m := nextPageRE.FindStringSubmatch(body)
			if m == nil {
				t.Fatalf("%s: no next page link:\n%s", tc.list, webtest.Snippet(body))
			}
			two := c.Get(html.UnescapeString(m[1]))
			webtest.WantStatus(t, two, http.StatusOK)
			webtest.WantBody(t, two, strings.Replace(tc.last, "26", "25", 1), tc.last, "First page")
			if strings.Contains(two.Body.String(), tc.first) || nextPageRE.MatchString(two.Body.String()) {
				t.Errorf("%s: the second page repeats the first or goes on", tc.list)
			}
		}
		// LIKE's wildcards are searched for literally.
		pct := c.Get("/staff/organisations?q=" + url.QueryEscape("0%"))
		webtest.WantBody(t, pct, "100% Paged")
		if strings.Contains(pct.Body.String(), "Paged Homes") {
			t.Error("% matched as a wildcard")
		}
		webtest.WantBody(t, c.Get("/staff/organisations?q=_"), "No organisations match “_”")
		webtest.WantBody(t, c.Get("/staff/neighbourhoods?q=b44+9"), "Paged Estate 00")
	})
}

// consoleRoutes are this console's routes, with real IDs in them.
func consoleRoutes(t testing.TB, app *webtest.App, net network) [][2]string {
	t.Helper()
	ids := map[string]string{"organisations": net.trust.ID, "neighbourhoods": net.castleVale.ID, "users": net.coordinator.User.ID}
	var out [][2]string
	for _, r := range app.Echo.Routes() {
		parts := strings.Split(r.Path, "/")
		if len(parts) < 3 || parts[1] != "staff" || ids[parts[2]] == "" {
			continue
		}
		if r.Name != "staff:coordinator" {
			t.Errorf("%s %s: got access %q, want coordinators only", r.Method, r.Path, r.Name)
		}
		out = append(out, [2]string{r.Method, strings.ReplaceAll(r.Path, ":id", ids[parts[2]])})
	}
	return out
}

func TestConsoleRoutesRefuseOtherRoles(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewBareApp(t, db)
		net := newNetwork(t, app)
		routes := consoleRoutes(t, app, net)
		if len(routes) != 19 {
			t.Fatalf("got %d console routes, want 19", len(routes))
		}
		forms := url.Values{"name": {"Taken Over"}, "kind": {"employer"}, "sectors": {"B1 1"}, "providers": {net.pioneer.ID},
			"email": {"intruder@example.com"}, "full_name": {"Ian Truder"}, "organisation": {net.trust.ID}, "role": {"coordinator"}, "version": {"1"}}
		// The factories audited what they made: count only what follows.
		changes := []string{store.AuditCreated, store.AuditUpdated, store.AuditDeleted, store.AuditInvited, store.AuditRoleChanged, store.AuditStaffDisabled}
		before := webtest.Count(t, db, "audit_log", "action IN ?", changes)
		for _, m := range []storetest.StaffMember{net.recruiter, net.officer} {
			who := m.User.Email
			c := app.SignIn(t, m)
			for _, r := range routes {
				var rec interface{ Result() *http.Response }
				if r[0] == http.MethodGet {
					rec = c.Get(r[1])
				} else {
					rec = c.Post(r[1], forms)
				}
				if got := rec.Result().StatusCode; got != http.StatusForbidden {
					t.Errorf("%s: %s %s: got %d, want 403", who, r[0], r[1], got)
				}
			}
		}
		if n := webtest.Count(t, db, "audit_log", "action IN ?", changes) - before; n != 0 {
			t.Errorf("refused requests changed something: %d audit rows", n)
		}
		if n := webtest.Count(t, db, "audit_log", "action = ?", store.AuditRefused); n != int64(2*len(routes)) {
			t.Errorf("got %d refusals audited, want %d", n, 2*len(routes))
		}
		if n := webtest.Count(t, db, "organisations", "name = ? OR removed_at IS NOT NULL", "Taken Over"); n != 0 {
			t.Errorf("refused requests changed organisations")
		}
	})
}
