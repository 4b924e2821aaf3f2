package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
	"anchorpathways/internal/web/webtest"
)

func TestPublicPagesSetNoCookie(t *testing.T) {
	app := webtest.NewBareApp(t, dbtest.SQLite(t))
	b := storetest.Pathway(t, app.Store)
	a := webtest.ApplyPath(b)
	for _, path := range []string{"/", "/pathways/" + b.Slug} {
		rec := app.Client(t).Get(path)
		webtest.WantStatus(t, rec, http.StatusOK)
		if got := rec.Header().Values("Set-Cookie"); len(got) != 0 {
			t.Errorf("%s: got Set-Cookie %q, want none", path, got)
		}
		if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "script-src") {
			t.Errorf("%s: got CSP %q, want one that allows no script", path, csp)
		}
	}
	home := app.Client(t).Get("/")
	webtest.WantBody(t, home, b.Name, b.Employer.Name, b.Role.Title, "10 of 10")
	p := app.Client(t).Get("/pathways/" + b.Slug)
	webtest.WantBody(t, p, b.Role.Pay, b.Cohort.VenueName, "Start now", `href="`+a+`"`)
	webtest.WantStatus(t, app.Client(t).Get("/pathways/no-such-pathway"), http.StatusNotFound)
}

func TestWholeJourneySubmitsOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewBareApp(t, db)
		coordinator := storetest.Organisation(t, app.Store, store.KindCoordinator)
		b := storetest.Pathway(t, app.Store)
		// b ranks first for a resident from hospitality; other is also open
		// to b's residents, so routing ranks two pathways.
		storetest.RoutingRule(t, app.Store, b.ID, func(in *store.RuleInput) { in.Factor, in.Value, in.Weight = "sector", "hospitality", 30 })
		other := storetest.Pathway(t, app.Store, storetest.PartneredWith(b.Providers...), storetest.InNeighbourhood(b.Neighbourhood))
		a := webtest.ApplyPath(b)
		c := app.Client(t)
		webtest.JourneyTo(t, c, b, "07700 900123")
		check := c.Get(a + "/check")
		webtest.WantStatus(t, check, http.StatusOK)
		webtest.WantBody(t, check, "Siobhán O&#39;Neill", "07700 900 123", b.Postcode(), "Childcare", "Not on Fridays", coordinator.Name, b.Employer.Name)
		webtest.WantRedirect(t, c.Post(a+"/check", nil), a+"/confirmation")
		conf := c.Get(a + "/confirmation")
		webtest.WantStatus(t, conf, http.StatusOK)
		ref := regexp.MustCompile(b.RefPrefix + `-[A-Z0-9]{4}-[A-Z0-9]{4}`).FindString(conf.Body.String())
		if ref == "" {
			t.Fatalf("confirmation has no reference:\n%s", webtest.Snippet(conf.Body.String()))
		}
		var app1 store.Application
		if err := db.Where("reference = ?", ref).Take(&app1).Error; err != nil {
			t.Fatal(err)
		}
		if app1.Status != portal.StatusSubmitted || app1.CohortID == nil || *app1.CohortID != b.Cohort.ID {
			t.Errorf("got %+v, want submitted to the first cohort", app1)
		}
		if got := app1.SupportNeeds.Needs; len(got) != 1 || got[0] != "childcare" {
			t.Errorf("got support needs %v", got)
		}
		if len(app1.Routing) != 2 || app1.Routing[0].PathwayID != b.ID || app1.Routing[1].PathwayID != other.ID {
			t.Errorf("got routing %+v, want %s first of two", app1.Routing, b.Name)
		}
		msg, err := app.Store.LatestOutboxTo(context.Background(), "+447700900123")
		if err != nil || !strings.Contains(msg.Body, ref) || msg.Channel != "sms" {
			t.Errorf("got message %+v, %v; want an SMS with %s", msg, err, ref)
		}
		if n := webtest.Count(t, db, "application_events", "application_id = ? AND to_status = ?", app1.ID, "submitted"); n != 1 {
			t.Errorf("got %d submitted events, want 1", n)
		}
		// Sending again (the back button, a second tab) changes nothing.
		again := c.Post(a+"/check", nil)
		if again.Code != http.StatusSeeOther {
			t.Errorf("second send: got %d, want a redirect", again.Code)
		}
		if n := webtest.Count(t, db, "applications", "id NOT LIKE 'demo-app-%'"); n != 1 {
			t.Errorf("got %d applications, want 1", n)
		}
	})
}

func TestTenParallelSubmissionsMakeOneApplication(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewBareApp(t, db)
		b := storetest.Pathway(t, app.Store)
		a := webtest.ApplyPath(b)
		c := app.Client(t)
		webtest.JourneyTo(t, c, b, "07700 900124")
		c.Get(a + "/check")
		var wg sync.WaitGroup
		codes := make([]int, 10)
		for i := range codes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				codes[i] = c.Post(a+"/check", nil).Code
			}()
		}
		wg.Wait()
		for i, code := range codes {
			if code != http.StatusSeeOther {
				t.Errorf("request %d: got %d, want 303", i, code)
			}
		}
		if n := webtest.Count(t, db, "applications", "status = ? AND id NOT LIKE 'demo-app-%'", "submitted"); n != 1 {
			t.Errorf("got %d submitted applications, want 1", n)
		}
		if n := webtest.Count(t, db, "applications", "id NOT LIKE 'demo-app-%'"); n != 1 {
			t.Errorf("got %d applications, want 1", n)
		}
		if n := webtest.Count(t, db, "outbox", "recipient = ? AND subject NOT LIKE ?", "+447700900124", "Your Anchor Pathways code%"); n != 1 {
			t.Errorf("got %d confirmation messages, want 1", n)
		}
		if n := webtest.Count(t, db, "application_events", "to_status = ? AND application_id NOT LIKE 'demo-app-%'", "submitted"); n != 1 {
			t.Errorf("got %d submitted events, want 1", n)
		}
	})
}

func TestEligibilityErrorsKeepInput(t *testing.T) {
	app := webtest.NewBareApp(t, dbtest.SQLite(t))
	b := storetest.Pathway(t, app.Store)
	a := webtest.ApplyPath(b)
	c := app.Client(t)
	c.Get(a)
	rec := c.Post(a, url.Values{})
	webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
	webtest.WantBody(t, rec, "There is a problem", `href="#postcode">Enter your postcode`, `href="#tenant"`, `href="#over18">Select yes if you are 18 or over`,
		`href="#right_to_work"`, "<title>Error: Check you can apply")
	rec = c.Post(a, url.Values{"postcode": {"not a postcode"}, "tenant": {"none"}, "over18": {"yes"}, "right_to_work": {"yes"}})
	webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
	webtest.WantBody(t, rec, "Enter a real postcode", `value="not a postcode"`, `value="none" checked`)
	rec = c.Post(a, url.Values{"postcode": {b.Postcode()}, "tenant": {"someone-else"}, "over18": {"yes"}, "right_to_work": {"yes"}})
	webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
	rec = c.Post(a, url.Values{"postcode": {strings.Repeat("B", 40)}, "tenant": {"none"}, "over18": {"yes"}, "right_to_work": {"yes"}})
	webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
	webtest.WantBody(t, rec, "Enter a real postcode")
}

func TestNotEligible(t *testing.T) {
	app := webtest.NewBareApp(t, dbtest.SQLite(t))
	b := storetest.Pathway(t, app.Store)
	a := webtest.ApplyPath(b)
	tests := []struct {
		name, postcode, tenant, over18, rtw string
		eligible                            bool
		why                                 string
	}{
		{"in the neighbourhood", strings.ToLower(b.Postcode()), "none", "yes", "yes", true, ""},
		{"elsewhere but a partner's tenant", "SW1A 1AA", b.Providers[0].ID, "yes", "yes", true, ""},
		{"elsewhere, no partner", "SW1A 1AA", "none", "yes", "yes", false, "live in " + b.Neighbourhood.Name},
		{"under 18", b.Postcode(), "none", "no", "yes", false, "18 or over"},
		{"no right to work", b.Postcode(), "none", "yes", "no", false, "right to work"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := app.Client(t)
			c.Get(a)
			rec := c.Post(a, url.Values{"postcode": {tt.postcode}, "tenant": {tt.tenant}, "over18": {tt.over18}, "right_to_work": {tt.rtw}})
			if tt.eligible {
				webtest.WantRedirect(t, rec, a+"/about-you")
				return
			}
			webtest.WantRedirect(t, rec, a+"/not-eligible")
			page := c.Get(a + "/not-eligible")
			webtest.WantBody(t, page, "You cannot apply for this course", tt.why, "We have not kept any of your answers")
			// Nothing is stored: the next step sends them back to the start.
			webtest.WantRedirect(t, c.Get(a+"/about-you"), a)
		})
	}
	if n := webtest.Count(t, app.DB, "applications", "id NOT LIKE 'demo-app-%'"); n != 0 {
		t.Errorf("got %d applications, want none", n)
	}
}

func TestAboutYouValidation(t *testing.T) {
	app := webtest.NewBareApp(t, dbtest.SQLite(t))
	b := storetest.Pathway(t, app.Store)
	a := webtest.ApplyPath(b)
	tests := []struct {
		name  string
		form  url.Values
		wants []string
	}{
		{"nothing", url.Values{"channel": {"sms"}}, []string{"Enter your full name", "Enter a mobile number or an email address"}},
		{"landline", url.Values{"full_name": {"Ann Lee"}, "mobile": {"0121 496 0000"}, "channel": {"sms"}}, []string{`value="0121 496 0000"`, "mobile"}},
		{"digits in name", url.Values{"full_name": {"R2D2"}, "mobile": {"07700900127"}, "channel": {"sms"}}, []string{`value="R2D2"`}},
		{"long name", url.Values{"full_name": {strings.Repeat("a", 101)}, "mobile": {"07700900127"}, "channel": {"sms"}}, []string{"100 characters or fewer"}},
		{"bad email", url.Values{"full_name": {"Ann Lee"}, "email": {"ann@"}, "channel": {"email"}}, []string{`value="ann@"`, `href="#email"`}},
		{"email channel without email", url.Values{"full_name": {"Ann Lee"}, "mobile": {"07700900127"}, "channel": {"email"}}, []string{"Enter an email address, or choose text message"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := app.Client(t)
			c.Get(a)
			c.Post(a, url.Values{"postcode": {b.Postcode()}, "tenant": {"none"}, "over18": {"yes"}, "right_to_work": {"yes"}})
			rec := c.Post(a+"/about-you", tt.form)
			webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
			webtest.WantBody(t, rec, append([]string{"There is a problem"}, tt.wants...)...)
		})
	}
	for _, name := range []string{"李小龙", "محمد علي", "Zoë Ćosić", "N’Golo Kanté", "Mary-Jane St. John"} {
		c := app.Client(t)
		c.Get(a)
		c.Post(a, url.Values{"postcode": {b.Postcode()}, "tenant": {"none"}, "over18": {"yes"}, "right_to_work": {"yes"}})
		email := "r" + strings.ReplaceAll(url.QueryEscape(name), "%", "") + "@example.com"
		webtest.WantRedirect(t, c.Post(a+"/about-you", url.Values{"full_name": {name}, "email": {email}, "channel": {"email"}}), a+"/check-your-phone")
		c.ProveContact(t, a, email, a+"/your-work")
	}
	if n := webtest.Count(t, app.DB, "applications", "id NOT LIKE 'demo-app-%'"); n != 5 {
		t.Errorf("got %d applications, want 5", n)
	}
}

func TestStepsValidateAnswers(t *testing.T) {
	app := webtest.NewBareApp(t, dbtest.SQLite(t))
	b := storetest.Pathway(t, app.Store)
	a := webtest.ApplyPath(b)
	c := app.Client(t)
	c.Get(a)
	c.Post(a, url.Values{"postcode": {b.Postcode()}, "tenant": {"none"}, "over18": {"yes"}, "right_to_work": {"yes"}})
	c.Post(a+"/about-you", url.Values{"full_name": {"Ann Lee"}, "mobile": {"07700900128"}, "channel": {"sms"}})
	c.ProveContact(t, a, "07700900128", a+"/your-work")
	for _, step := range []struct {
		path string
		form url.Values
		want []string
	}{
		{"/your-work", url.Values{"situation": {"astronaut"}}, []string{"Select your work situation now"}},
		{"/work-experience", url.Values{"sectors": {"retail"}}, []string{"Select how many years", `value="retail" checked`}},
		{"/work-experience", url.Values{"sectors": {"retail", "moon"}, "years": {"1_to_5"}}, []string{"Select the kinds of work you have done from the list", `value="1_to_5" checked`}},
		{"/skills", url.Values{"skills": {"juggling"}}, []string{"Select your skills from the list"}},
		{"/job-preferences", url.Values{"interests": {"catering"}}, []string{"Select how many hours", "Select how long you can travel", `value="catering" checked`}},
	} {
		rec := c.Post(a+step.path, step.form)
		webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
		webtest.WantBody(t, rec, step.want...)
	}
	rec := c.Post(a+"/support", url.Values{"details": {strings.Repeat("x", 501)}})
	webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
	webtest.WantBody(t, rec, "500 characters or fewer")
	webtest.WantStatus(t, c.Post(a+"/choose", url.Values{"pathway": {"nope"}}), http.StatusUnprocessableEntity)
	webtest.WantStatus(t, c.Post(a+"/course-date", url.Values{"cohort": {"nope"}}), http.StatusUnprocessableEntity)
	// Check your answers cannot be reached with steps missing.
	webtest.WantRedirect(t, c.Get(a+"/check"), a+"/your-work")
}

func TestPostsNeedTheCSRFToken(t *testing.T) {
	app := webtest.NewBareApp(t, dbtest.SQLite(t))
	b := storetest.Pathway(t, app.Store)
	a := webtest.ApplyPath(b)
	c := app.Client(t)
	c.Get(a)
	for _, token := range []string{"", "forged"} {
		rec := c.Post(a, url.Values{"csrf_token": {token}, "postcode": {b.Postcode()}, "tenant": {"none"}, "over18": {"yes"}, "right_to_work": {"yes"}})
		if token == "" {
			// post fills in the real token when none is given: send it raw.
			c2 := app.Client(t)
			rec = c2.Post(a, url.Values{"csrf_token": {"x"}, "postcode": {b.Postcode()}})
		}
		webtest.WantStatus(t, rec, http.StatusForbidden)
		webtest.WantBody(t, rec, "this page timed out")
	}
}

func TestHealthAndReadiness(t *testing.T) {
	app := webtest.NewBareApp(t, dbtest.SQLite(t))
	webtest.WantStatus(t, app.Client(t).Get("/healthz"), http.StatusOK)
	webtest.WantStatus(t, app.Client(t).Get("/readyz"), http.StatusOK)
	webtest.WantStatus(t, app.Client(t).Get("/no/such/page"), http.StatusNotFound)
}
