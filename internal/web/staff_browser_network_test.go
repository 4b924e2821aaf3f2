package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"anchorpathways/internal/browsertest"
	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/web/webtest"
)

// TestCoordinatorSetsUpTheNetworkInBrowser visits every other console page
// as the coordinator, with the forms' error states, the routing rules and
// their preview, the audit log, the dashboard with an application on it,
// the conflict page, and the idle time-out warning.
func TestCoordinatorSetsUpTheNetworkInBrowser(t *testing.T) {
	for _, w := range staffWidths {
		t.Run(w.name, func(t *testing.T) {
			ctx := context.Background()
			app := webtest.NewApp(t, dbtest.SQLite(t))
			// A resident applies first, through the HTTP harness.
			resident := app.Client(t)
			webtest.Journey(t, resident, "07700 900456")
			webtest.WantRedirect(t, resident.Post(webtest.HTH+"/check", url.Values{}), webtest.HTH+"/confirmation")

			srv := httptest.NewServer(app.Echo)
			t.Cleanup(srv.Close)
			b := newStaffBrowser(t, srv.URL, w.name, w.width, w.height)
			b.signInDemo(demoStaffEmail(t, portal.RoleCoordinator))

			// The dashboard lists the application; the staff page's script
			// runs under the CSP and its time-out warning works.
			b.wantText("Hospitality to Health", portal.StatusSubmitted.Label())
			b.timeoutWarning()

			// Organisations.
			b.link("Organisations", http.StatusOK)
			b.at("Organisations", "organisations")
			b.button("Add an organisation", http.StatusOK)
			b.at("Add an organisation", "add an organisation")
			b.fill("Contact phone number (optional)", "12345")
			b.button("Save organisation", http.StatusUnprocessableEntity)
			b.at("Add an organisation", "add an organisation, with errors")
			b.wantStaffErrors("Enter the organisation’s name", "Select what kind of organisation it is", "Enter a UK phone number, like 0121 496 0000")
			b.fill("Name", "Castle Vale Skills College")
			b.choose("What kind of organisation is it?", "Training provider")
			b.fill("Contact email address (optional)", "courses@cvsc.example")
			b.fill("Contact phone number (optional)", "0121 496 0000")
			b.button("Save organisation", http.StatusOK)
			b.at("Organisations", "organisations, saved")
			b.wantText("Castle Vale Skills College saved", "Training provider", "courses@cvsc.example")
			b.fill("Search by name", "skills")
			b.button("Search", http.StatusOK)
			b.at("Organisations", "organisations, searched")
			b.link("Change Castle Vale Skills College", http.StatusOK)
			b.at("Change an organisation", "change an organisation")
			b.fill("Contact email address (optional)", "not an email")
			b.button("Save organisation", http.StatusUnprocessableEntity)
			b.at("Change an organisation", "change an organisation, with errors")
			if n := len(b.staffErrors()); n != 1 {
				t.Errorf("change an organisation: %d errors, want 1 (the email address)", n)
			}
			b.fill("Contact email address (optional)", "hello@cvsc.example")
			b.button("Save organisation", http.StatusOK)
			b.at("Organisations", "organisations, changed")

			// The conflict page: someone else saves while the form is open.
			b.link("Change Castle Vale Skills College", http.StatusOK)
			b.at("Change an organisation", "change an organisation, again")
			id := strings.TrimSuffix(strings.TrimPrefix(browsertest.Location(t, b.ctx), srv.URL+"/staff/organisations/"), "/edit")
			org, err := app.Store.OrganisationByID(ctx, id)
			if err != nil {
				t.Fatalf("organisation %q: %v", id, err)
			}
			if _, err := app.Store.UpdateOrganisation(ctx, store.Actor{}, id, org.Version, store.OrganisationInput{
				Name: org.Name, Kind: org.Kind, ContactEmail: "office@cvsc.example", ContactPhone: org.ContactPhone}); err != nil {
				t.Fatalf("change underneath: %v", err)
			}
			b.fill("Contact email address (optional)", "mine@cvsc.example")
			b.button("Save organisation", http.StatusConflict)
			b.at("Someone else has changed this organisation", "conflict")
			b.wantText("mine@cvsc.example", "office@cvsc.example", "Different")
			b.button("Edit the saved version", http.StatusOK)
			b.at("Change an organisation", "change an organisation, after the conflict")
			if got := b.value("Contact email address (optional)"); got != "office@cvsc.example" {
				t.Errorf("after the conflict the form shows %q, want the saved %q", got, "office@cvsc.example")
			}
			b.link("Cancel", http.StatusOK)
			b.at("Organisations", "organisations, after the conflict")
			b.link("Remove Castle Vale Skills College", http.StatusOK)
			b.at("Remove Castle Vale Skills College", "remove an organisation")
			b.button("Remove organisation", http.StatusOK)
			b.at("Organisations", "organisations, removed")
			b.wantText("Castle Vale Skills College removed")

			// Neighbourhoods.
			b.link("Neighbourhoods", http.StatusOK)
			b.at("Neighbourhoods", "neighbourhoods")
			b.button("Add a neighbourhood", http.StatusOK)
			b.at("Add a neighbourhood", "add a neighbourhood")
			b.button("Save neighbourhood", http.StatusUnprocessableEntity)
			b.at("Add a neighbourhood", "add a neighbourhood, with errors")
			b.wantStaffErrors("Enter the neighbourhood’s name", "Enter at least one postcode sector, like B35 7",
				"Select the housing providers that serve this neighbourhood")
			b.fill("Name", "Erdington")
			b.fill("Postcode sectors", "b23 6, B24 8")
			b.choose("Which housing providers serve it?", "Northside Homes")
			b.button("Save neighbourhood", http.StatusOK)
			b.at("Neighbourhoods", "neighbourhoods, saved")
			b.wantText("Erdington saved", "B23 6, B24 8", "Northside Homes")
			b.link("Change Erdington", http.StatusOK)
			b.at("Change a neighbourhood", "change a neighbourhood")
			b.fill("Postcode sectors", "B23 6\nnowhere")
			b.button("Save neighbourhood", http.StatusUnprocessableEntity)
			b.at("Change a neighbourhood", "change a neighbourhood, with errors")
			if errs := b.staffErrors(); len(errs) != 1 || !strings.Contains(errs[0], "is not a postcode sector") {
				t.Errorf("change a neighbourhood: errors %q, want one about the sector", errs)
			}
			b.fill("Postcode sectors", "B23 6")
			b.button("Save neighbourhood", http.StatusOK)
			b.at("Neighbourhoods", "neighbourhoods, changed")

			// Staff accounts.
			b.link("Staff", http.StatusOK)
			b.at("Staff accounts", "staff accounts")
			b.button("Invite a staff member", http.StatusOK)
			b.at("Invite a staff member", "invite")
			b.button("Send invitation", http.StatusUnprocessableEntity)
			b.at("Invite a staff member", "invite, with errors")
			b.wantStaffErrors("Enter their email address", "Enter their full name", "Select their organisation", "Select their role")
			b.fill("Email address", "nia.newman@pioneer.example")
			b.fill("Full name", "Nia Newman")
			b.fill("Organisation", "Pioneer Housing Group")
			b.choose("Role", "Housing officer")
			b.button("Send invitation", http.StatusOK)
			b.at("Staff accounts", "staff accounts, invited")
			b.wantText("Invitation sent to nia.newman@pioneer.example", "Nia Newman", "Invited")
			b.link("Change role of Nia Newman", http.StatusOK)
			b.at("Change role", "change role")
			b.choose("Change role", "Recruiter")
			b.button("Save role", http.StatusUnprocessableEntity)
			b.at("Change role", "change role, with errors")
			b.wantStaffErrorCount(1)
			b.link("Cancel", http.StatusOK)
			b.at("Staff accounts", "staff accounts, role unchanged")
			b.link("Disable Nia Newman", http.StatusOK)
			b.at("Disable Nia Newman’s account", "disable")
			b.button("Disable account", http.StatusOK)
			b.at("Staff accounts", "staff accounts, disabled")
			b.wantText("Nia Newman’s account disabled", "Disabled")

			// A pathway's pages, and its routing rules.
			b.link("Pathways", http.StatusOK)
			b.at("Pathways", "pathways")
			b.link("Hospitality to Health", http.StatusOK)
			b.at("Hospitality to Health", "pathway")
			b.button("Change the details of Hospitality to Health", http.StatusOK)
			b.at("Change the pathway", "change the pathway")
			b.fill("Reference prefix", "H1")
			b.button("Save pathway", http.StatusUnprocessableEntity)
			b.at("Change the pathway", "change the pathway, with errors")
			b.wantStaffErrors("Reference prefix must be 2 to 4 capital letters, like HTH")
			b.back()
			b.link("Change Ward host", http.StatusOK)
			b.at("Change the role", "change a role")
			b.back()
			b.link("Remove Ward host", http.StatusOK)
			b.at("Are you sure you want to remove the role Ward host?", "remove a role")
			b.back()
			b.link("Change the course Introduction to working in the NHS", http.StatusOK)
			b.at("Change the course", "change a course")
			b.back()
			b.link("Routing rules", http.StatusOK)
			b.at("Routing rules", "routing rules")
			b.button("Add a rule", http.StatusOK)
			b.at("Add a routing rule", "add a rule")
			b.button("Save rule", http.StatusUnprocessableEntity)
			b.at("Add a routing rule", "add a rule, with errors")
			b.wantStaffErrors("Select what the rule looks at", "Select the answer the rule matches", "Enter the weight, from -100 to 100")
			b.fill("When the resident's answer to", "Skills")
			b.fill("is", "First aid")
			b.fill("Weight", "15")
			b.fill("Reason shown to residents", "You know first aid: ward teams value that.")
			b.button("Save rule", http.StatusOK)
			b.at("Routing rules", "routing rules, saved")
			b.wantText("Routing rule saved", "First aid", "You know first aid: ward teams value that.")
			b.link("Change the rule for First aid", http.StatusOK)
			b.at("Change the routing rule", "change a rule")
			b.fill("Weight", "500")
			b.button("Save rule", http.StatusUnprocessableEntity)
			b.at("Change the routing rule", "change a rule, with errors")
			b.wantStaffErrors("Weight must be a whole number from -100 to 100")
			b.fill("Weight", "20")
			b.button("Save rule", http.StatusOK)
			b.at("Routing rules", "routing rules, changed")
			b.link("Delete the rule for First aid", http.StatusOK)
			b.at("Are you sure you want to delete this routing rule?", "delete a rule")
			b.button("Delete rule", http.StatusOK)
			b.at("Routing rules", "routing rules, deleted")
			b.wantText("Routing rule deleted")

			// The ranking for a sample resident.
			b.link("Preview the ranking for a sample resident", http.StatusOK)
			b.at("Preview the ranking", "preview")
			b.choose("Work situation now", "At risk of redundancy")
			b.choose("Kinds of work done", "Hospitality (hotels, restaurants, cafés, bars)")
			b.choose("Skills", "Food hygiene or kitchen work")
			b.choose("Jobs they would like", "Catering and kitchen work")
			b.choose("Hours they can work", "Full time")
			b.choose("How long they can travel", "Up to 30 minutes")
			b.button("Show the ranking", http.StatusOK)
			b.at("Ranking", "preview, ranked")
			b.wantText("Hospitality to Health", "You have worked in hospitality")

			// The audit log, filtered.
			b.link("Audit log", http.StatusOK)
			b.at("Audit log", "audit log")
			b.wantText(store.AuditLabel(store.AuditSignIn), store.AuditLabel(store.AuditInvited))
			b.fill("Action", store.AuditLabel(store.AuditStaffDisabled))
			b.button("Filter", http.StatusOK)
			b.at("Audit log", "audit log, filtered")
			actions := evaluate[[]string](b.resident, `[...document.querySelectorAll("main tbody tr")].map((tr) => tr.cells[2].textContent.trim())`)
			if len(actions) == 0 {
				t.Errorf("audit log filtered by %s shows no entries", store.AuditStaffDisabled)
			}
			for _, a := range actions {
				if a != store.AuditLabel(store.AuditStaffDisabled) {
					t.Errorf("audit log filtered by %s shows %q", store.AuditStaffDisabled, a)
				}
			}
			// Each change in words; the stored record behind "Exact record".
			b.wantText("Disabled: no", "yes")
			openCtx, cancelOpen := context.WithTimeout(b.ctx, 10*time.Second)
			if err := chromedp.Do(openCtx, chromedp.Click(chromedp.CSS("main details summary"))); err != nil {
				t.Fatalf("open the exact record: %v", err)
			}
			cancelOpen()
			b.at("Audit log", "audit log, exact record open")
			b.wantText(`"disabled":true`)

			b.link("Applications", http.StatusOK)
			b.at("Applications", "dashboard, at the end")
			b.button("Sign out", http.StatusOK)
			b.at("Sign in to Anchor Pathways staff", "signed out")
		})
	}
}
