package console_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/store"
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
