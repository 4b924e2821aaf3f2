package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"anchorpathways/internal/browsertest"
	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/store/storetest"
	"anchorpathways/internal/web/webtest"
)

// TestShareProgressQuestionInBrowser: at phone width, a tenant of a partner
// provider is asked on "check your answers" whether the provider may see
// how it is going; sending without an answer shows the error summary; the
// answer sends it. axe-core checks every state.
func TestShareProgressQuestionInBrowser(t *testing.T) {
	app := webtest.NewBareApp(t, dbtest.SQLite(t))
	p := storetest.Pathway(t, app.Store)
	provider := p.Providers[0]
	a := webtest.ApplyPath(p)
	srv := httptest.NewServer(app.Echo)
	t.Cleanup(srv.Close)

	// Another browser answers every step: the resident picks the draft up.
	c := app.Client(t)
	c.Get(a)
	c.Post(a, url.Values{"postcode": {p.Postcode()}, "tenant": {provider.ID}, "over18": {"yes"}, "right_to_work": {"yes"}})
	webtest.WantRedirect(t, c.Post(a+"/about-you", url.Values{"full_name": {"Ann Lee"}, "mobile": {"07700 900381"}, "channel": {"sms"}}), a+"/check-your-phone")
	c.ProveContact(t, a, "07700 900381", a+"/your-work")
	c.Post(a+"/your-work", url.Values{"situation": {"at_risk"}})
	c.Post(a+"/work-experience", url.Values{"sectors": {"hospitality"}, "years": {"1_to_5"}})
	c.Post(a+"/skills", url.Values{"skills": {"food_hygiene"}})
	c.Post(a+"/job-preferences", url.Values{"interests": {"catering"}, "hours": {"full_time"}, "travel": {"30"}})
	c.Post(a+"/support", url.Values{"needs": {"childcare"}})
	c.Post(a+"/choose", url.Values{"pathway": {p.ID}})
	webtest.WantRedirect(t, c.Post(a+"/course-date", url.Values{"cohort": {p.Cohort.ID}}), a+"/check")

	b := &resident{t: t, ctx: browsertest.Start(t, 375, 667)}
	b.visit(srv.URL + a)
	b.at("Check you can apply", "eligibility")
	browsertest.FillByLabel(t, b.ctx, "What is your postcode?", p.Postcode())
	b.choose("Do you rent your home from one of these housing providers?", provider.Name)
	b.choose("Are you 18 or over?", "Yes")
	b.choose("Do you have the right to work in the UK?", "Yes")
	b.button("Continue", http.StatusOK)
	browsertest.FillByLabel(t, b.ctx, "Full name", "Ann Lee")
	browsertest.FillByLabel(t, b.ctx, "UK mobile number", "07700 900381")
	b.choose("How should we contact you?", "Text message")
	b.button("Continue", http.StatusOK)
	b.at("Check your phone", "check your phone")
	browsertest.FillByLabel(t, b.ctx, "Code", app.LatestCode(t, "07700 900381"))
	b.button("Continue", http.StatusOK)
	b.visit(srv.URL + a + "/check")
	b.at("Check your answers before sending your application", "check your answers, asked about sharing")
	question := "Can " + provider.Name + " see how your application is going?"
	b.button("Accept and send", http.StatusUnprocessableEntity)
	b.at("Check your answers before sending your application", "check your answers, sharing unanswered")
	b.wantErrors("Select yes if your housing provider may see how your application is going")
	b.choose(question, "No")
	b.button("Accept and send", http.StatusOK)
	b.at("Application sent", "confirmation")
}
