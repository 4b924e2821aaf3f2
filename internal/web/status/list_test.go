package status_test

import (
	"strings"
	"testing"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store/storetest"
	"anchorpathways/internal/web/webtest"
)

// TestWithdrawOfferedOnlyWhenAllowed puts one application through every
// status and checks that "Withdraw" is offered exactly when the state
// machine lets the resident withdraw, and that what is offered works: its
// page opens instead of answering 409.
func TestWithdrawOfferedOnlyWhenAllowed(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewApp(t, db)
		contact := storetest.Contact()
		sent := storetest.SubmittedApplication(t, app.Store, storetest.Pathway(t, app.Store), contact)
		c := app.Client(t)
		signIn(t, app, c, contact.Mobile, contact.Mobile)
		withdraw := "/status/applications/" + sent.ID + "/withdraw"
		for _, s := range portal.AllStatuses() {
			t.Run(string(s), func(t *testing.T) {
				if err := db.Exec("UPDATE applications SET status = ? WHERE id = ?", s, sent.ID).Error; err != nil {
					t.Fatal(err)
				}
				body := c.Get("/status/applications").Body.String()
				want := portal.Transition(s, portal.StatusWithdrawn, portal.ActorResident) == nil
				if got := strings.Contains(body, `href="`+withdraw+`"`); got != want {
					t.Errorf("status %s: Withdraw offered %v, want %v", s, got, want)
				}
				if want {
					webtest.WantStatus(t, c.Get(withdraw), 200)
				}
			})
		}
	})
}

// TestDraftListedFirst checks that an unsent draft comes before a newer
// application already sent on the resident's list, and says it is not sent.
func TestDraftListedFirst(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewApp(t, db)
		contact := storetest.Contact()
		drafted, sent := storetest.Pathway(t, app.Store), storetest.Pathway(t, app.Store)
		storetest.Draft(t, app.Store, drafted, contact)
		storetest.SubmittedApplication(t, app.Store, sent, contact)
		c := app.Client(t)
		signIn(t, app, c, contact.Mobile, contact.Mobile)
		body := c.Get("/status/applications").Body.String()
		d, s := strings.Index(body, drafted.Name), strings.Index(body, sent.Name)
		if d < 0 || s < 0 || d > s {
			t.Errorf("draft %q at %d, sent %q at %d: want both, the draft first", drafted.Name, d, sent.Name, s)
		}
		webtest.WantBody(t, c.Get("/status/applications"), "Not sent yet", "Continue application")
	})
}
