package privacy_test

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
	"anchorpathways/internal/web/webtest"
)

// After sending, the confirmation page links to the optional questions;
// answers are stored apart from the application, and the coordinator sees
// suppressed totals only.
func TestEqualityAfterSending(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewApp(t, db)
		c := app.Client(t)
		webtest.Journey(t, c, "07700 900311")
		c.Post(webtest.HTH+"/check", nil)
		webtest.WantBody(t, c.Get(webtest.HTH+"/confirmation"), `href="equality"`)
		rec := c.Get(webtest.HTH + "/equality")
		webtest.WantStatus(t, rec, http.StatusOK)
		webtest.WantBody(t, rec, "What is your age?", "Prefer not to say")

		rec = c.Post(webtest.HTH+"/equality", url.Values{"sex": {"robot"}})
		webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
		webtest.WantBody(t, rec, "There is a problem")
		webtest.WantRedirect(t, c.Post(webtest.HTH+"/equality", url.Values{"sex": {"female"}, "age_band": {"25_34"}}), "/status")
		if n := webtest.Count(t, db, "equality_answers", "sex = ? AND age_band = ?", "female", "25_34"); n != 1 {
			t.Fatalf("answers stored = %d, want 1", n)
		}
		webtest.WantRedirect(t, c.Post(webtest.HTH+"/equality", url.Values{"sex": {"female"}}), "/status")
		if n := webtest.Count(t, db, "equality_answers", "1 = 1"); n != 1 {
			t.Errorf("a second answer for one application was counted (%d rows)", n)
		}
		webtest.WantRedirect(t, app.Client(t).Get(webtest.HTH+"/equality"), "/status")

		coordinator := storetest.Staff(t, app.Store, portal.RoleCoordinator, store.Organisation{}, storetest.EnrolledMFA())
		rec = app.SignIn(t, coordinator).Get("/staff/equality")
		webtest.WantStatus(t, rec, http.StatusOK)
		webtest.WantBody(t, rec, "Equality monitoring", "(Fewer than 5 answered the questions)")
		if body := rec.Body.String(); regexp.MustCompile(`numeric">[0-9]`).MatchString(body) {
			t.Errorf("a count shows when only one resident answered: %s", webtest.Snippet(body))
		}
	})
}
