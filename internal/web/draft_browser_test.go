package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"anchorpathways/internal/browsertest"
	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/web/webtest"
)

// TestUnsentDraftInBrowser starts an application with the contact details
// of a draft not yet sent, without JavaScript: the page says the draft is
// not sent and how to continue it, and passes axe-core.
func TestUnsentDraftInBrowser(t *testing.T) {
	app := webtest.NewApp(t, dbtest.SQLite(t))
	srv := httptest.NewServer(app.Echo)
	t.Cleanup(srv.Close)
	first := app.Client(t)
	first.Get(webtest.HTH)
	first.Post(webtest.HTH, url.Values{"postcode": {"B35 7PR"}, "tenant": {"none"}, "over18": {"yes"}, "right_to_work": {"yes"}})
	webtest.WantRedirect(t, first.Post(webtest.HTH+"/about-you", url.Values{"full_name": {"Ann Lee"}, "mobile": {"07700 900371"}, "channel": {"sms"}}), webtest.HTH+"/your-work")

	b := &resident{t: t, ctx: browsertest.Start(t, 375, 667), noScripts: true}
	browsertest.SetJavaScript(t, b.ctx, false)
	b.visit(srv.URL + "/pathways/hospitality-to-health/apply")
	b.at("Check you can apply", "eligibility")
	browsertest.FillByLabel(t, b.ctx, "What is your postcode?", "B35 7PR")
	b.choose("Do you rent your home from one of these housing providers?", "No, none of these")
	b.choose("Are you 18 or over?", "Yes")
	b.choose("Do you have the right to work in the UK?", "Yes")
	b.button("Continue", http.StatusOK)
	b.at("About you", "about you")
	browsertest.FillByLabel(t, b.ctx, "Full name", "Ann Lee")
	browsertest.FillByLabel(t, b.ctx, "UK mobile number", "07700 900371")
	b.choose("How should we contact you?", "Text message")
	b.button("Continue", http.StatusOK)
	b.at("You have an application you have not sent yet", "already applied, draft")
	b.wantText("you have not sent it", "Sign in to continue your application")
	if strings.Contains(browsertest.Text(t, b.ctx), "do not need to apply again") {
		t.Errorf("an unsent draft is announced as needing no more")
	}
}
