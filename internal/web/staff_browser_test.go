package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"

	"anchorpathways/internal/browsertest"
	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/web"
	"anchorpathways/internal/web/webtest"
	"anchorpathways/static"
)

// The staff side is checked at a phone's width and a desk's: each test walks
// the whole way once per width, in a fresh portal and browser. The phone is
// the narrowest in use (320 px, WCAG 1.4.10's reflow width): officers use
// cheap phones between visits too.
var staffWidths = []struct {
	name          string
	width, height int
}{
	{"phone", 320, 568},
	{"desktop", 1280, 800},
}

// TestCoordinatorSetsUpAPathwayInBrowser is the console's done criterion: a
// coordinator signs in, sets up an open pathway with a role, a course and a
// future cohort by visible labels only (each form first sent empty or wrong),
// and residents then see it on the home page. axe-core checks every state.
func TestCoordinatorSetsUpAPathwayInBrowser(t *testing.T) {
	for _, w := range staffWidths {
		t.Run(w.name, func(t *testing.T) {
			app := webtest.NewApp(t, dbtest.SQLite(t))
			srv := httptest.NewServer(app.Echo)
			t.Cleanup(srv.Close)
			b := newStaffBrowser(t, srv.URL, w.name, w.width, w.height)

			b.signInDemo(demoStaffEmail(t, portal.RoleCoordinator))

			// A new pathway: sent empty first.
			b.link("Pathways", http.StatusOK)
			b.at("Pathways", "pathways")
			b.button("Add a pathway", http.StatusOK)
			b.at("Add a pathway", "add a pathway")
			b.button("Save pathway", http.StatusUnprocessableEntity)
			b.at("Add a pathway", "add a pathway, with errors")
			b.wantStaffErrors(
				"Enter the name of the pathway",
				"Enter the web address",
				"Enter the reference prefix, like HTH",
				"Select the employer that owns this pathway",
				"Select the kind of work this pathway is for people to move from",
				"Enter a summary",
				"Enter a description",
				"Enter who can apply",
			)
			b.fill("Name", "Cleaning to Council Facilities")
			b.fill("Web address", "cleaning-to-council")
			b.fill("Reference prefix", "csc")
			b.fill("Owning employer", "Birmingham City Council")
			b.choose("Partner housing providers", "Pioneer Housing Group")
			b.choose("Target neighbourhoods", "Castle Vale")
			b.choose("Which kind of work do people move from?", "Cleaning")
			b.fill("Summary", "Move from cleaning work into council facilities jobs, with a guaranteed interview.")
			b.fill("Description", "A short course for cleaners who want steady council work.")
			b.fill("Who can apply", "You can apply if you live in Castle Vale, you are 18 or over and you have the right to work in the UK.")
			b.button("Save pathway", http.StatusOK)
			b.at("Cleaning to Council Facilities", "pathway, saved as a draft")
			b.wantText("Pathway saved as a draft", "Draft", "Residents cannot see this pathway", "CSC", "Birmingham City Council", "Pioneer Housing Group", "Castle Vale")
			pathwayPage := browsertest.Location(t, b.ctx)

			// Not publishable yet: the summary says what is missing.
			b.button("Publish", http.StatusUnprocessableEntity)
			b.at("Cleaning to Council Facilities", "pathway, cannot publish yet")
			b.wantStaffErrors(
				"Add a role: residents need to see the jobs the pathway leads to",
				"Add a course: finishing it is what earns residents an interview",
				"Add a cohort that is taking applications: its closing date in the future and places left",
			)
			b.visit(pathwayPage)

			// A role.
			b.link("Add a role", http.StatusOK)
			b.at("Add a role", "add a role")
			b.fill("Position in the list", "")
			b.button("Save role", http.StatusUnprocessableEntity)
			b.at("Add a role", "add a role, with errors")
			b.wantStaffErrors("Enter the job title", "Enter the pay", "Enter the hours", "Enter the position on the page, like 1")
			b.fill("Job title", "Facilities assistant")
			b.fill("Pay", "£23,500 a year")
			b.fill("Hours", "Full time")
			b.fill("What the job involves (optional)", "Look after council buildings.")
			b.fill("Position in the list", "1")
			b.button("Save role", http.StatusOK)
			b.at("Cleaning to Council Facilities", "pathway, with a role")
			b.wantText("Role saved", "Facilities assistant", "£23,500 a year")

			// A course.
			b.link("Add a course", http.StatusOK)
			b.at("Add a course", "add a course")
			b.button("Save course", http.StatusUnprocessableEntity)
			b.at("Add a course", "add a course, with errors")
			b.wantStaffErrors("Enter the name of the course", "Enter what the course involves", "Enter what finishing the course leads to")
			b.fill("Name", "Facilities starter course")
			b.fill("What the course involves", "One week, 10am to 3pm, with lunch and bus fares paid.")
			b.fill("What finishing it leads to", "Everyone who finishes gets a guaranteed interview.")
			b.button("Save course", http.StatusOK)
			b.at("Cleaning to Council Facilities", "pathway, with a course")
			b.wantText("Course saved", "Facilities starter course", "No cohorts yet.")

			// A cohort: first ending before it starts.
			start := app.Store.Now().AddDate(0, 0, 40)
			b.link("Add a cohort of Facilities starter course", http.StatusOK)
			b.at("Add a cohort", "add a cohort")
			b.date("Start date", start)
			b.date("End date", start.AddDate(0, 0, -1))
			b.date("Closing date for applications", start.AddDate(0, 0, -7))
			b.fill("Venue name", "Castle Vale Library")
			b.fill("Venue postcode", "b35 7pr")
			b.fill("Number of places", "14")
			b.button("Save cohort", http.StatusUnprocessableEntity)
			b.at("Add a cohort", "add a cohort, end before start")
			b.wantStaffErrors("End date must be the same as or after the start date")
			if got := b.value("Venue name"); got != "Castle Vale Library" {
				t.Errorf("venue name after the error: got %q, want what was typed", got)
			}
			b.date("End date", start.AddDate(0, 0, 4))
			b.button("Save cohort", http.StatusOK)
			b.at("Cleaning to Council Facilities", "pathway, with a cohort")
			b.wantText("Cohort saved", "Castle Vale Library, B35 7PR", "0 of 14")
			b.button("Publish", http.StatusOK)
			b.at("Cleaning to Council Facilities", "pathway, published")
			b.wantText("Pathway published", "Published", "See the public page")

			// A resident, in the same browser: the card on the home page.
			b.visit(srv.URL + "/")
			b.at("Find a course that leads to a job", "home, with the new pathway")
			card := b.card("Cleaning to Council Facilities")
			for _, want := range []string{"Birmingham City Council", "Facilities assistant", "Starts " + start.Format("Monday 2 January 2006"), "14 of 14"} {
				if !strings.Contains(card, want) {
					t.Errorf("the home page card lacks %q; it reads:\n%s", want, card)
				}
			}
			b.link("Cleaning to Council Facilities", http.StatusOK)
			b.at("Cleaning to Council Facilities", "public pathway page")
			b.wantText("Facilities assistant", "£23,500 a year", "Facilities starter course", "Castle Vale Library")

			// Unpublished: off the public side again.
			b.visit(pathwayPage)
			b.at("Cleaning to Council Facilities", "pathway, published, again")
			b.button("Unpublish", http.StatusOK)
			b.at("Cleaning to Council Facilities", "pathway, unpublished")
			b.wantText("Pathway closed", "Closed")
			// Asked of the portal: this browser may keep the page it saw for
			// its public cache lifetime.
			webtest.WantStatus(t, app.Client(t).Get("/pathways/cleaning-to-council"), http.StatusNotFound)
		})
	}
}

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
			b.wantText(store.AuditSignIn, store.AuditInvited)
			b.fill("Action", store.AuditStaffDisabled)
			b.button("Filter", http.StatusOK)
			b.at("Audit log", "audit log, filtered")
			actions := evaluate[[]string](b.resident, `[...document.querySelectorAll("main tbody tr")].map((tr) => tr.cells[2].textContent.trim())`)
			if len(actions) == 0 {
				t.Errorf("audit log filtered by %s shows no entries", store.AuditStaffDisabled)
			}
			for _, a := range actions {
				if a != store.AuditStaffDisabled {
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

// TestStaffSignInWithAuthenticatorInBrowser is a new coordinator's first
// day outside demo mode: the invitation, a password, the authenticator app
// (QR code, a wrong code, the right one), the recovery codes, and signing in
// again with a code. axe-core checks every state.
func TestStaffSignInWithAuthenticatorInBrowser(t *testing.T) {
	for _, w := range staffWidths {
		t.Run(w.name, func(t *testing.T) {
			ctx := context.Background()
			db := dbtest.SQLite(t)
			st := store.New(db)
			if err := st.SeedDemo(ctx); err != nil {
				t.Fatalf("seed demo: %v", err)
			}
			assets, err := static.New(static.FS)
			if err != nil {
				t.Fatalf("assets: %v", err)
			}
			e, err := web.New(web.Deps{Store: st, Assets: assets, Demo: false, BaseURL: "http://portal.test"})
			if err != nil {
				t.Fatalf("web.New: %v", err)
			}
			srv := httptest.NewServer(e)
			t.Cleanup(srv.Close)

			const email = "nadia.khan@anchor-network.example"
			token, err := st.Invite(ctx, store.Actor{}, store.DemoNetworkID, email, "Nadia Khan", portal.RoleCoordinator, store.Messages{BaseURL: srv.URL})
			if err != nil {
				t.Fatalf("invite: %v", err)
			}
			b := newStaffBrowser(t, srv.URL, w.name, w.width, w.height)

			// The invitation: a weak password first.
			b.visit(srv.URL + "/staff/invitations/" + token)
			b.at("Set up your account", "set up your account")
			if got := b.value("Full name"); got != "Nadia Khan" {
				t.Errorf("full name: got %q, want the invited name", got)
			}
			b.fill("Password", "password")
			b.fill("Enter the password again", "password")
			b.button("Continue", http.StatusUnprocessableEntity)
			b.at("Set up your account", "set up your account, weak password")
			b.wantStaffErrors("Password must be 12 characters or more")
			const password = "heron quarry lantern violet"
			b.fill("Password", password)
			b.fill("Enter the password again", password)
			b.button("Continue", http.StatusOK)
			b.at("Sign in to Anchor Pathways staff", "sign in, account ready")
			b.wantText("Your account is ready.")

			// Signing in leads to the authenticator set-up.
			b.fill("Email address", email)
			b.fill("Password", password)
			b.button("Sign in", http.StatusOK)
			b.at("Set up your authenticator app", "set up your authenticator app")
			b.wantQRCode()
			b.fill("Enter the 6-digit code the app shows", "12345a")
			b.button("Continue", http.StatusUnprocessableEntity)
			b.at("Set up your authenticator app", "set up your authenticator app, wrong code")
			b.wantStaffErrors("The code is not right. Enter the 6-digit code your app shows now")
			b.wantQRCode()
			// Through the store: the row holds the secret sealed.
			u, err := store.New(db).StaffByEmail(context.Background(), email)
			secret := u.TOTPSecret
			if err != nil || secret == "" {
				t.Fatalf("totp secret: %q, %v", secret, err)
			}
			enrolCode := staffTOTP(t, secret)
			b.fill("Enter the 6-digit code the app shows", enrolCode)
			b.button("Continue", http.StatusOK)
			b.at("Save your recovery codes", "recovery codes")
			codes := evaluate[[]string](b.resident, `[...document.querySelectorAll(".app-codes code")].map((c) => c.textContent.trim())`)
			if len(codes) != 10 {
				t.Errorf("recovery codes: got %q, want 10", codes)
			}
			b.button("I have saved my codes", http.StatusOK)
			b.at("Applications", "dashboard, first time")
			b.timeoutWarning()
			b.button("Sign out", http.StatusOK)
			b.at("Sign in to Anchor Pathways staff", "signed out")

			// Signing in again asks for a code.
			b.fill("Email address", email)
			b.fill("Password", password)
			b.button("Sign in", http.StatusOK)
			b.at("Enter the code from your authenticator app", "enter the code")
			b.fill("Enter the code from your authenticator app", wrongTOTP(t, secret))
			b.button("Continue", http.StatusUnprocessableEntity)
			b.at("Enter the code from your authenticator app", "enter the code, wrong code")
			b.wantStaffErrors("The code is not right. Enter the 6-digit code your app shows now, or a recovery code")
			// The code used at enrolment is refused now (no replays); the app's
			// next code is accepted.
			b.fill("Enter the code from your authenticator app", enrolCode)
			b.button("Continue", http.StatusUnprocessableEntity)
			b.at("Enter the code from your authenticator app", "enter the code, code reused")
			b.wantStaffErrors("That code has already been used. Wait for your app to show a new one")
			b.fill("Enter the code from your authenticator app", nextTOTP(t, secret))
			b.button("Continue", http.StatusOK)
			b.at("Applications", "dashboard, signed in with a code")
		})
	}
}

// ---- the staff member's browser -------------------------------------------------------

// staffBrowser is a staff member in the browser. It reuses the resident's
// helpers (choose, value, wantText…) and adds what staff pages need: the
// width in every state's name, date inputs, and checks of the page script.
type staffBrowser struct {
	*resident
	base  string
	width string
	phone bool
}

// staffPageWatch records, in every document, violations of the Content
// Security Policy and the long timers that page scripts set, so a test can
// prove the script ran and fire its time-out warning without waiting.
const staffPageWatch = `(() => {
  window.__csp = [];
  document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(e.violatedDirective + " " + e.blockedURI));
  window.__timers = [];
  const setTimeout = window.setTimeout;
  window.setTimeout = function (fn, ms, ...rest) {
    if (ms >= 60000) window.__timers.push({ fn, ms });
    return setTimeout.call(window, fn, ms, ...rest);
  };
})()`

func newStaffBrowser(t *testing.T, base, width string, w, h int) *staffBrowser {
	t.Helper()
	ctx := browsertest.Start(t, w, h)
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if _, err := chromedp.Call(cctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: staffPageWatch}); err != nil {
		t.Fatalf("watch pages: %v", err)
	}
	return &staffBrowser{resident: &resident{t: t, ctx: ctx}, base: base, width: width, phone: w < 640}
}

// at waits for the heading, then checks the page: axe-core, no CSP
// violation, no sideways scrolling on a phone, and a screenshot when
// BROWSER_SCREENSHOTS names a folder.
func (b *staffBrowser) at(heading, state string) {
	b.t.Helper()
	state = b.width + ": " + state
	browsertest.WaitForHeading(b.t, b.ctx, heading)
	browsertest.CheckAccessibility(b.t, b.ctx, state)
	if v := evaluate[[]string](b.resident, `window.__csp || ["the page watch did not run"]`); len(v) > 0 {
		b.t.Errorf("%s: Content Security Policy violations: %q", state, v)
	}
	if b.phone {
		b.checkReflow(state)
		b.checkNothingScrollsSideways(state)
	}
	b.shot(state)
}

// checkNothingScrollsSideways fails a phone page on which any box (a staff
// list in its scrolling region, say) is wider than itself: the page not
// scrolling is not enough when the list's status column is off-screen in a
// box of its own. Staff lists stack their rows on a phone instead.
func (b *staffBrowser) checkNothingScrollsSideways(state string) {
	b.t.Helper()
	wide := evaluate[[]string](b.resident, `[...document.body.querySelectorAll("*")]
  .filter((el) => ["auto", "scroll"].includes(getComputedStyle(el).overflowX) && el.scrollWidth > el.clientWidth + 1)
  .slice(0, 5).map((el) => el.tagName.toLowerCase() + (el.getAttribute("aria-label") ? " “" + el.getAttribute("aria-label") + "”" : "") +
    " " + el.scrollWidth + " px in " + el.clientWidth + " px")`)
	if len(wide) > 0 {
		b.t.Errorf("%s: scrolls sideways inside the page: %q", state, wide)
	}
}

func (b *staffBrowser) shot(state string) {
	b.t.Helper()
	dir := os.Getenv("BROWSER_SCREENSHOTS")
	if dir == "" {
		return
	}
	b.n++
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Errorf("screenshot %q: %v", state, err)
		return
	}
	clean := regexp.MustCompile(`[^A-Za-z0-9]+`)
	name := fmt.Sprintf("%s-%02d-%s.png", clean.ReplaceAllString(b.t.Name(), "-"), b.n, clean.ReplaceAllString(state, "-"))
	if err := os.WriteFile(filepath.Join(dir, name), buf, 0o644); err != nil {
		b.t.Errorf("screenshot %q: %v", state, err)
	}
}

func (b *staffBrowser) fill(label, value string) {
	b.t.Helper()
	browsertest.FillByLabel(b.t, b.ctx, label, value)
}

// back follows the page's "Back" link.
func (b *staffBrowser) back() {
	b.t.Helper()
	b.link("Back", http.StatusOK)
}

// signInDemo signs in with a demo account: a wrong password first.
func (b *staffBrowser) signInDemo(email string) {
	b.t.Helper()
	b.visit(b.base + "/staff/login")
	b.at("Sign in to Anchor Pathways staff", "sign in")
	b.wantText("Demo accounts", email)
	b.fill("Email address", email)
	b.fill("Password", "not the password")
	b.button("Sign in", http.StatusUnprocessableEntity)
	b.at("Sign in to Anchor Pathways staff", "sign in, wrong password")
	b.wantStaffErrors("Enter a correct email address and password")
	if got := b.value("Email address"); got != email {
		b.t.Errorf("email after the error: got %q, want %q", got, email)
	}
	b.fill("Password", store.DemoPassword)
	b.button("Sign in", http.StatusOK)
	b.at("Applications", "dashboard")
}

// date fills the day, month and year of the date input whose legend reads legend.
func (b *staffBrowser) date(legend string, d time.Time) {
	b.t.Helper()
	for _, part := range []struct{ label, value string }{
		{"Day", fmt.Sprint(d.Day())}, {"Month", fmt.Sprint(int(d.Month()))}, {"Year", fmt.Sprint(d.Year())},
	} {
		b.findGroup(legend)
		field := chromedp.JSPath(fmt.Sprintf(`[...window.__group.querySelectorAll("label")].find((l) => l.textContent.trim() === %s).control`, jsString(part.label)))
		ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
		err := chromedp.Do(ctx,
			chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`[...window.__group.querySelectorAll("label")].find((l) => l.textContent.trim() === %s).control.value = ""`, jsString(part.label))),
			chromedp.SendKeys(field, part.value))
		cancel()
		if err != nil {
			b.t.Fatalf("date %q, %s: %v", legend, part.label, err)
		}
	}
}

// staffErrors reads the error summary and fails for an entry whose link
// does not lead to a field on the page whose group shows the same message.
// Unlike the resident's errorSummary it looks past the inner form groups of
// a GOV.UK date input, to the group of the whole question.
func (b *staffBrowser) staffErrors() []string {
	b.t.Helper()
	type entry struct {
		Text, Href    string
		Target, Shown bool
	}
	entries := evaluate[[]entry](b.resident, `[...document.querySelectorAll(".govuk-error-summary__list a")].map((a) => {
  const norm = (s) => (s || "").replace(/\s+/g, " ").trim();
  const text = norm(a.textContent);
  const target = document.getElementById(decodeURIComponent(a.hash.slice(1)));
  let shown = false;
  for (let g = target && target.closest(".govuk-form-group"); g && !shown; g = g.parentElement && g.parentElement.closest(".govuk-form-group")) {
    shown = [...g.querySelectorAll(":scope .govuk-error-message")].some((m) => norm(m.textContent).replace(/^Error:\s*/, "") === text);
  }
  return { Text: text, Href: a.getAttribute("href"), Target: !!target, Shown: shown };
})`)
	if len(entries) > 0 {
		if title := evaluate[string](b.resident, `document.title`); !strings.HasPrefix(title, "Error: ") {
			b.t.Errorf("error summary shown, but the title %q does not start with %q", title, "Error: ")
		}
	}
	out := make([]string, len(entries))
	for i, e := range entries {
		out[i] = e.Text
		switch {
		case !e.Target:
			b.t.Errorf("error summary: %q links to %s, which is not on the page", e.Text, e.Href)
		case !e.Shown:
			b.t.Errorf("error summary: %q is not shown by the question it links to (%s)", e.Text, e.Href)
		}
	}
	return out
}

func (b *staffBrowser) wantStaffErrors(want ...string) {
	b.t.Helper()
	if got := b.staffErrors(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		b.t.Errorf("error summary:\n got %q\nwant %q", got, want)
	}
}

func (b *staffBrowser) wantStaffErrorCount(n int) {
	b.t.Helper()
	if got := b.staffErrors(); len(got) != n {
		b.t.Errorf("error summary: got %q, want %d problems", got, n)
	}
}

// card returns the text of the home page's card for a pathway.
func (b *staffBrowser) card(name string) string {
	b.t.Helper()
	text := evaluate[string](b.resident, fmt.Sprintf(`(function (name) {
  const h = [...document.querySelectorAll(".app-card h3")].find((h) => h.textContent.trim() === name);
  return h ? h.closest(".app-card").innerText : "";
})(%s)`, jsString(name)))
	if text == "" {
		b.t.Fatalf("the home page has no card for %q; it reads:\n%s", name, browsertest.Text(b.t, b.ctx))
	}
	return text
}

// wantQRCode checks that the QR code is shown, decoded, and described.
func (b *staffBrowser) wantQRCode() {
	b.t.Helper()
	type qr struct {
		Found, Loaded, Shown bool
		Alt                  string
		Width                int
	}
	q := evaluate[qr](b.resident, `(function () {
  const img = document.querySelector("main img");
  if (!img) return { Found: false };
  const r = img.getBoundingClientRect();
  return { Found: true, Loaded: img.complete && img.naturalWidth > 0, Shown: r.width > 0 && r.height > 0,
    Alt: img.getAttribute("alt") || "", Width: Math.round(r.width) };
})()`)
	switch {
	case !q.Found:
		b.t.Errorf("%s: no QR code image", b.width)
	case !q.Loaded || !q.Shown:
		b.t.Errorf("%s: the QR code is not displayed (loaded %v, shown %v)", b.width, q.Loaded, q.Shown)
	case !strings.Contains(q.Alt, "QR code"):
		b.t.Errorf("%s: the QR code's alt text is %q, want it to say what it is", b.width, q.Alt)
	case q.Width < 160:
		b.t.Errorf("%s: the QR code is %d px wide, too small to scan", b.width, q.Width)
	}
}

// timeoutWarning checks the idle time-out warning of a staff page: there,
// hidden, its script loaded under the Content Security Policy and waiting
// to warn 5 minutes before the 30-minute time-out. It then fires that timer,
// checks the open warning with axe-core and carries on signed in.
func (b *staffBrowser) timeoutWarning() {
	b.t.Helper()
	type state struct {
		Exists, Hidden, Displayed, ScriptLoaded bool
		Timers                                  []int
	}
	s := evaluate[state](b.resident, `(function () {
  const d = document.getElementById("timeout-warning");
  return {
    Exists: !!d, Hidden: !!d && d.hidden === true, Displayed: !!d && d.getClientRects().length > 0,
    ScriptLoaded: performance.getEntriesByType("resource").some((e) => /session-timeout[^/]*\.js/.test(e.name)),
    Timers: (window.__timers || []).map((t) => t.ms),
  };
})()`)
	const warnAfter = (30 - 5) * 60 * 1000
	switch {
	case !s.Exists:
		b.t.Fatalf("%s: the staff page has no time-out warning", b.width)
	case !s.Hidden || s.Displayed:
		b.t.Errorf("%s: the time-out warning shows at once (hidden %v, displayed %v)", b.width, s.Hidden, s.Displayed)
	case !s.ScriptLoaded:
		b.t.Errorf("%s: the time-out script did not load", b.width)
	}
	found := false
	for _, ms := range s.Timers {
		found = found || ms == warnAfter
	}
	if !found {
		b.t.Fatalf("%s: the time-out script set no %d ms timer (timers %v): it did not run", b.width, warnAfter, s.Timers)
	}
	where := browsertest.Location(b.t, b.ctx)

	// Fire the warning now, instead of in 25 minutes.
	evaluate[bool](b.resident, fmt.Sprintf(`(window.__timers.find((t) => t.ms === %d).fn(), true)`, warnAfter))
	shown := evaluate[struct{ Displayed, Focused bool }](b.resident, `(function () {
  const d = document.getElementById("timeout-warning");
  return { Displayed: d.getClientRects().length > 0, Focused: d.contains(document.activeElement) };
})()`)
	if !shown.Displayed || !shown.Focused {
		b.t.Errorf("%s: fired, the time-out warning is displayed %v, has the focus %v", b.width, shown.Displayed, shown.Focused)
	}
	browsertest.WaitForHeading(b.t, b.ctx, "You are about to be signed out")
	browsertest.CheckAccessibility(b.t, b.ctx, b.width+": time-out warning")
	b.shot("time-out warning")

	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.JSPath(`document.querySelector("#timeout-warning button")`))); err != nil {
		b.t.Fatalf("%s: click Stay signed in: %v", b.width, err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for !evaluate[bool](b.resident, `document.getElementById("timeout-warning") ? document.getElementById("timeout-warning").hidden : false`) {
		if time.Now().After(deadline) {
			b.t.Fatalf("%s: the time-out warning stays open after Stay signed in (at %s)", b.width, browsertest.Location(b.t, b.ctx))
		}
		<-time.After(50 * time.Millisecond)
	}
	if got := browsertest.Location(b.t, b.ctx); got != where {
		b.t.Errorf("%s: after Stay signed in the browser is at %s, want %s still", b.width, got, where)
	}
}

// demoStaffEmail is the demo account of a role.
func demoStaffEmail(t testing.TB, role portal.Role) string {
	t.Helper()
	for _, d := range store.DemoStaff {
		if d.Role == role {
			return d.Email
		}
	}
	t.Fatalf("no demo account for %s", role)
	return ""
}

// staffTOTP is what an authenticator app shows now for secret.
func staffTOTP(t testing.TB, secret string) string {
	t.Helper()
	code, err := totp.GenerateCode(secret, time.Now())
	if err != nil {
		t.Fatalf("totp: %v", err)
	}
	return code
}

// nextTOTP is the code an authenticator app shows in the next 30 seconds,
// which the portal accepts (it allows one step of clock drift) even when
// the code of now has been used.
func nextTOTP(t testing.TB, secret string) string {
	t.Helper()
	code, err := totp.GenerateCode(secret, time.Now().Add(30*time.Second))
	if err != nil {
		t.Fatalf("totp: %v", err)
	}
	return code
}

// wrongTOTP is a 6-digit code that no nearby time step shows.
func wrongTOTP(t testing.TB, secret string) string {
	t.Helper()
	now := time.Now()
	near := map[string]bool{}
	for _, d := range []time.Duration{-60 * time.Second, -30 * time.Second, 0, 30 * time.Second, 60 * time.Second} {
		code, err := totp.GenerateCode(secret, now.Add(d))
		if err != nil {
			t.Fatalf("totp: %v", err)
		}
		near[code] = true
	}
	for _, c := range []string{"000000", "111111", "222222", "333333", "444444", "555555"} {
		if !near[c] {
			return c
		}
	}
	t.Fatal("no wrong code found")
	return ""
}
