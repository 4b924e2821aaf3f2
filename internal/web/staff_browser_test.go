package web_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"anchorpathways/internal/browsertest"
	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/web/webtest"
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

// ---- the staff member's browser -------------------------------------------------------
