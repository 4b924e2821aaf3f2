package status_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
	"anchorpathways/internal/web"
	"anchorpathways/internal/web/webtest"
	"anchorpathways/static"
)

var codeRE = regexp.MustCompile(`your code is (\d{6})`)

// latestCode reads the newest sign-in code sent to contact from the outbox.
func latestCode(t testing.TB, app *webtest.App, contact string) string {
	t.Helper()
	msg, err := app.Store.LatestOutboxTo(context.Background(), contact)
	if err != nil {
		t.Fatalf("no message to the resident: %v", err)
	}
	m := codeRE.FindStringSubmatch(msg.Body)
	if m == nil {
		t.Fatalf("newest message has no code: %q", msg.Body)
	}
	return m[1]
}

func signIn(t testing.TB, app *webtest.App, c *webtest.Client, typed, contact string) {
	t.Helper()
	c.Get("/status")
	webtest.WantRedirect(t, c.Post("/status", url.Values{"contact": {typed}}), "/status/code")
	c.Get("/status/code")
	webtest.WantRedirect(t, c.Post("/status/code", url.Values{"code": {latestCode(t, app, contact)}}), "/status/applications")
}

func TestStatusSignInWithdraw(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewApp(t, db)
		applicant := app.Client(t)
		webtest.Journey(t, applicant, "07700 900200")
		applicant.Post(webtest.HTH+"/check", nil)
		ref := webtest.RefPattern.FindString(applicant.Get(webtest.HTH + "/confirmation").Body.String())

		c := app.Client(t)
		webtest.WantRedirect(t, c.Get("/status/applications"), "/status")
		c.Get("/status")
		webtest.WantRedirect(t, c.Post("/status", url.Values{"contact": {"07700 900 200"}}), "/status/code")
		page := c.Get("/status/code")
		webtest.WantBody(t, page, "07*** ***200", "Enter your code")
		code := latestCode(t, app, "+447700900200")
		wrong := "000000"
		if code == wrong {
			wrong = "111111"
		}
		rec := c.Post("/status/code", url.Values{"code": {wrong}})
		webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
		webtest.WantBody(t, rec, "That code is not right or has expired")
		webtest.WantStatus(t, c.Post("/status/code", url.Values{"code": {"12a"}}), http.StatusUnprocessableEntity)
		before := c.Cookie("ap_session")
		webtest.WantRedirect(t, c.Post("/status/code", url.Values{"code": {code[:3] + " " + code[3:]}}), "/status/applications")
		if c.Cookie("ap_session") == before {
			t.Error("the session token did not change at sign-in")
		}
		list := c.Get("/status/applications")
		webtest.WantStatus(t, list, http.StatusOK)
		webtest.WantBody(t, list, ref, "Hospitality to Health", "Sent", "Withdraw")

		// The code works once, and only in the browser it was sent for.
		webtest.WantStatus(t, c.Post("/status/code", url.Values{"code": {code}}), http.StatusSeeOther)
		other := app.Client(t)
		other.Get("/status")
		other.Post("/status", url.Values{"contact": {"07700900200"}})
		other.Get("/status/code")
		webtest.WantStatus(t, other.Post("/status/code", url.Values{"code": {code}}), http.StatusUnprocessableEntity)

		var a store.Application
		if err := db.Where("reference = ?", ref).Take(&a).Error; err != nil {
			t.Fatal(err)
		}
		withdraw := "/status/applications/" + a.ID + "/withdraw"
		webtest.WantBody(t, c.Get(withdraw), "Are you sure you want to withdraw")
		webtest.WantRedirect(t, c.Post(withdraw, nil), "/status/applications")
		webtest.WantBody(t, c.Get("/status/applications"), "You have withdrawn your application", "Withdrawn")
		if err := db.Where("id = ?", a.ID).Take(&a).Error; err != nil {
			t.Fatal(err)
		}
		if a.Status != "withdrawn" || a.ClosedAt == nil {
			t.Errorf("got status %s closed %v, want withdrawn and closed", a.Status, a.ClosedAt)
		}
		// Withdrawing twice is refused, not repeated.
		webtest.WantStatus(t, c.Post(withdraw, nil), http.StatusConflict)

		// Someone signed in with another contact cannot reach it.
		stranger := app.Client(t)
		webtest.Journey(t, stranger, "07700 900201")
		signIn(t, app, stranger, "07700900201", "+447700900201")
		stranger.Get("/status/applications")
		webtest.WantStatus(t, stranger.Get(withdraw), http.StatusNotFound)
		webtest.WantStatus(t, stranger.Post(withdraw, nil), http.StatusNotFound)
	})
}

func TestUnknownContactGetsTheSameAnswerAndNoCode(t *testing.T) {
	app := webtest.NewApp(t, dbtest.SQLite(t))
	c := app.Client(t)
	c.Get("/status")
	webtest.WantRedirect(t, c.Post("/status", url.Values{"contact": {"nobody@example.com"}}), "/status/code")
	if n := webtest.Count(t, app.DB, "outbox", "recipient = ?", "nobody@example.com"); n != 0 {
		t.Errorf("got %d messages to a stranger, want 0", n)
	}
	rec := c.Post("/status", url.Values{"contact": {"not a contact"}})
	webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
	webtest.WantBody(t, rec, "Enter a UK mobile number", `value="not a contact"`)
}

func TestWrongCodesSpendTheCode(t *testing.T) {
	app := webtest.NewApp(t, dbtest.SQLite(t))
	webtest.Journey(t, app.Client(t), "07700 900202")
	c := app.Client(t)
	c.Get("/status")
	c.Post("/status", url.Values{"contact": {"07700900202"}})
	code := latestCode(t, app, "+447700900202")
	wrong := "999999"
	if code == wrong {
		wrong = "888888"
	}
	c.Get("/status/code")
	var rec = c.Post("/status/code", url.Values{"code": {wrong}})
	for i := 1; i < store.CodeMaxAttempts; i++ {
		rec = c.Post("/status/code", url.Values{"code": {wrong}})
	}
	webtest.WantBody(t, rec, "too many times")
	rec = c.Post("/status/code", url.Values{"code": {code}})
	webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
	webtest.WantBody(t, rec, "too many times")
}

func TestCodeRequestLimitIgnoresSpoofedForwardedFor(t *testing.T) {
	app := webtest.NewApp(t, dbtest.SQLite(t))
	c := app.Client(t)
	c.Get("/status")
	limited := false
	for i := 0; i < 15; i++ {
		form := url.Values{"contact": {"someone" + string(rune('a'+i)) + "@example.com"}, "csrf_token": {c.CSRF()}}
		req, _ := http.NewRequest(http.MethodPost, "/status", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", "203.0.113."+string(rune('0'+i%10)))
		rec := c.Do(req)
		if rec.Code == http.StatusTooManyRequests {
			limited = true
			if i < 10 {
				t.Errorf("limited after %d requests, want 10 allowed", i)
			}
			break
		}
	}
	if !limited {
		t.Error("15 code requests from one address with changing X-Forwarded-For were never limited")
	}
	// Per contact too: a few codes per quarter hour whatever the address;
	// past that, the same page and no new code.
	st := app.Store
	mobile := storetest.UniqueMobile()
	storetest.SubmittedApplication(t, st, storetest.Pathway(t, st), store.Contact{FullName: "Ann Lee", Mobile: mobile, Channel: store.ChannelSMS})
	for i := 0; i < 5; i++ {
		d := app.Client(t)
		d.IP = "198.51.100." + string(rune('1'+i)) + ":1"
		d.Get("/status")
		webtest.WantRedirect(t, d.Post("/status", url.Values{"contact": {mobile}}), "/status/code")
	}
	if got := codesTo(t, app, mobile); got != 3 {
		t.Errorf("got %d codes for one contact, want 3", got)
	}
}

// codesTo counts the one-time codes sent to contact.
func codesTo(t testing.TB, app *webtest.App, contact string) int64 {
	return webtest.Count(t, app.DB, "outbox", "recipient = ? AND subject LIKE ?", contact, "Your Anchor Pathways code%")
}

func TestResumeDraftAfterSignIn(t *testing.T) {
	app := webtest.NewApp(t, dbtest.SQLite(t))
	first := app.Client(t)
	first.Get(webtest.HTH)
	first.Post(webtest.HTH, url.Values{"postcode": {"B35 7PR"}, "tenant": {"none"}, "over18": {"yes"}, "right_to_work": {"yes"}})
	first.Post(webtest.HTH+"/about-you", url.Values{"full_name": {"Ann Lee"}, "email": {"Ann.Lee@Example.com"}, "channel": {"email"}})
	first.ProveContact(t, webtest.HTH, "ann.lee@example.com", webtest.HTH+"/your-work")
	first.Post(webtest.HTH+"/your-work", url.Values{"situation": {"unemployed"}})
	// The tab is closed; later, on another phone:
	c := app.Client(t)
	signIn(t, app, c, "ann.lee@example.com", "ann.lee@example.com")
	list := c.Get("/status/applications")
	webtest.WantBody(t, list, "Not sent yet", "Continue application")
	var a store.Application
	if err := app.DB.Where("contact_email = ?", "ann.lee@example.com").Take(&a).Error; err != nil {
		t.Fatal(err)
	}
	webtest.WantRedirect(t, c.Post("/status/applications/"+a.ID+"/continue", nil), webtest.HTH+"/work-experience")
	webtest.WantBody(t, c.Get(webtest.HTH+"/your-work"), `value="unemployed" checked`)
	// Starting again from the pathway page with the same email continues the same draft.
	c.Get(webtest.HTH)
	c.Post(webtest.HTH, url.Values{"postcode": {"B35 7PR"}, "tenant": {"none"}, "over18": {"yes"}, "right_to_work": {"yes"}})
	if n := webtest.Count(t, app.DB, "applications", "id NOT LIKE 'demo-app-%'"); n != 1 {
		t.Errorf("got %d applications, want 1", n)
	}
}

func TestLogsCarryNoPersonalData(t *testing.T) {
	var buf bytes.Buffer
	db := dbtest.SQLite(t)
	st := store.New(db)
	if err := st.SeedDemo(context.Background(), store.Messages{}); err != nil {
		t.Fatal(err)
	}
	assets, _ := static.New(static.FS)
	e, err := web.New(web.Deps{Store: st, Assets: assets, Demo: true, Logger: slog.New(slog.NewJSONHandler(&buf, nil))})
	if err != nil {
		t.Fatal(err)
	}
	app := &webtest.App{Echo: e, Store: st, DB: db}
	c := app.Client(t)
	webtest.Journey(t, c, "07700 900204")
	c.Post(webtest.HTH+"/check", nil)
	signIn(t, app, c, "07700 900204", "+447700900204")
	logs := buf.String()
	if !strings.Contains(logs, `"route":"/pathways/:slug/apply/about-you"`) {
		t.Fatalf("no request lines logged:\n%s", logs)
	}
	for _, secret := range []string{"900204", "Siobh", "B35 7PR", "B35+7PR", "Not on Fridays", latestCode(t, app, "+447700900204")} {
		if strings.Contains(logs, secret) {
			t.Errorf("logs contain %q", secret)
		}
	}
}

func TestDemoOutboxOnlyInDemoMode(t *testing.T) {
	db := dbtest.SQLite(t)
	st := store.New(db)
	assets, _ := static.New(static.FS)
	e, err := web.New(web.Deps{Store: st, Assets: assets})
	if err != nil {
		t.Fatal(err)
	}
	live := (&webtest.App{Echo: e, Store: st, DB: db}).Client(t)
	webtest.WantStatus(t, live.Get("/dev/outbox"), http.StatusNotFound)
	if strings.Contains(live.Get("/").Body.String(), "Hospitality to Health") {
		t.Error("demo records exist without demo mode")
	}
	demo := webtest.NewApp(t, dbtest.SQLite(t)).Client(t)
	webtest.WantStatus(t, demo.Get("/dev/outbox"), http.StatusOK)
}
