package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"anchorpathways/internal/browsertest"
	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/store/storetest"
	"anchorpathways/internal/web/webtest"
)

// TestUnsentDraftInBrowser starts an application, in another browser and
// without JavaScript, with the contact details of a draft not yet sent: once
// the code proves the contact, the resident carries on with their draft
// (never told they have "already applied"), and every page passes axe-core.
func TestUnsentDraftInBrowser(t *testing.T) {
	app := webtest.NewBareApp(t, dbtest.SQLite(t))
	p := storetest.Pathway(t, app.Store)
	a := webtest.ApplyPath(p)
	srv := httptest.NewServer(app.Echo)
	t.Cleanup(srv.Close)
	first := app.Client(t)
	first.Get(a)
	first.Post(a, url.Values{"postcode": {p.Postcode()}, "tenant": {"none"}, "over18": {"yes"}, "right_to_work": {"yes"}})
	webtest.WantRedirect(t, first.Post(a+"/about-you", url.Values{"full_name": {"Ann Lee"}, "mobile": {"07700 900371"}, "channel": {"sms"}}), a+"/check-your-phone")
	first.ProveContact(t, a, "07700 900371", a+"/your-work")

	b := &resident{t: t, ctx: browsertest.Start(t, 375, 667), noScripts: true}
	browsertest.SetJavaScript(t, b.ctx, false)
	b.visit(srv.URL + a)
	b.at("Check you can apply", "eligibility")
	browsertest.FillByLabel(t, b.ctx, "What is your postcode?", p.Postcode())
	b.choose("Do you rent your home from one of these housing providers?", "No, none of these")
	b.choose("Are you 18 or over?", "Yes")
	b.choose("Do you have the right to work in the UK?", "Yes")
	b.button("Continue", http.StatusOK)
	b.at("About you", "about you")
	browsertest.FillByLabel(t, b.ctx, "Full name", "Ann Lee")
	browsertest.FillByLabel(t, b.ctx, "UK mobile number", "07700 900371")
	b.choose("How should we contact you?", "Text message")
	b.button("Continue", http.StatusOK)
	b.at("Check your phone", "check your phone, a draft's contact")
	b.visit(srv.URL + "/dev/outbox")
	b.at("Demo outbox", "demo outbox, second code")
	code := b.codeFor("+447700900371")
	b.visit(srv.URL + a + "/check-your-phone")
	b.at("Check your phone", "check your phone, again")
	browsertest.FillByLabel(t, b.ctx, "Code", code)
	b.button("Continue", http.StatusOK)
	b.at("What is your work situation now?", "your work, the draft picked up")
	b.wantText("We save your answers as you go.")
	if strings.Contains(browsertest.Text(t, b.ctx), "already applied") {
		t.Errorf("the holder of an unsent draft is told they have already applied")
	}
}
