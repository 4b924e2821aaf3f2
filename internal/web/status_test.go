package web_test

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
	"anchorpathways/internal/web"
	"anchorpathways/static"
)

var codeRE = regexp.MustCompile(`your code is (\d{6})`)

// latestCode reads the newest sign-in code sent to contact from the outbox.
func latestCode(t testing.TB, app *testApp, contact string) string {
	t.Helper()
	msg, err := app.store.LatestOutboxTo(context.Background(), contact)
	if err != nil {
		t.Fatalf("no message to the resident: %v", err)
	}
	m := codeRE.FindStringSubmatch(msg.Body)
	if m == nil {
		t.Fatalf("newest message has no code: %q", msg.Body)
	}
	return m[1]
}

func signIn(t testing.TB, app *testApp, c *client, typed, contact string) {
	t.Helper()
	c.get("/status")
	wantRedirect(t, c.post("/status", url.Values{"contact": {typed}}), "/status/code")
	c.get("/status/code")
	wantRedirect(t, c.post("/status/code", url.Values{"code": {latestCode(t, app, contact)}}), "/status/applications")
}

func TestStatusSignInWithdraw(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := newTestApp(t, db)
		applicant := app.client(t)
		journey(t, applicant, "07700 900200")
		applicant.post(hth+"/check", nil)
		ref := refRE.FindString(applicant.get(hth + "/confirmation").Body.String())

		c := app.client(t)
		wantRedirect(t, c.get("/status/applications"), "/status")
		c.get("/status")
		wantRedirect(t, c.post("/status", url.Values{"contact": {"07700 900 200"}}), "/status/code")
		page := c.get("/status/code")
		wantBody(t, page, "07*** ***200", "Enter your code")
		code := latestCode(t, app, "+447700900200")
		wrong := "000000"
		if code == wrong {
			wrong = "111111"
		}
		rec := c.post("/status/code", url.Values{"code": {wrong}})
		wantStatus(t, rec, http.StatusUnprocessableEntity)
		wantBody(t, rec, "That code is not right")
		wantStatus(t, c.post("/status/code", url.Values{"code": {"12a"}}), http.StatusUnprocessableEntity)
		before := c.jar["ap_session"]
		wantRedirect(t, c.post("/status/code", url.Values{"code": {code[:3] + " " + code[3:]}}), "/status/applications")
		if c.jar["ap_session"] == before {
			t.Error("the session token did not change at sign-in")
		}
		list := c.get("/status/applications")
		wantStatus(t, list, http.StatusOK)
		wantBody(t, list, ref, "Hospitality to Health", "Sent", "Withdraw")

		// The code works once.
		other := app.client(t)
		other.get("/status")
		other.post("/status", url.Values{"contact": {"07700900200"}})
		newCode := latestCode(t, app, "+447700900200")
		other.get("/status/code")
		rec = other.post("/status/code", url.Values{"code": {code}})
		if code != newCode {
			wantStatus(t, rec, http.StatusUnprocessableEntity)
		}

		var a store.Application
		if err := db.Where("reference = ?", ref).Take(&a).Error; err != nil {
			t.Fatal(err)
		}
		withdraw := "/status/applications/" + a.ID + "/withdraw"
		wantBody(t, c.get(withdraw), "Are you sure you want to withdraw")
		wantRedirect(t, c.post(withdraw, nil), "/status/applications")
		wantBody(t, c.get("/status/applications"), "You have withdrawn your application", "Withdrawn")
		if err := db.Where("id = ?", a.ID).Take(&a).Error; err != nil {
			t.Fatal(err)
		}
		if a.Status != "withdrawn" || a.ClosedAt == nil {
			t.Errorf("got status %s closed %v, want withdrawn and closed", a.Status, a.ClosedAt)
		}
		// Withdrawing twice is refused, not repeated.
		wantStatus(t, c.post(withdraw, nil), http.StatusConflict)

		// Someone signed in with another contact cannot reach it.
		stranger := app.client(t)
		journey(t, stranger, "07700 900201")
		signIn(t, app, stranger, "07700900201", "+447700900201")
		stranger.get("/status/applications")
		wantStatus(t, stranger.get(withdraw), http.StatusNotFound)
		wantStatus(t, stranger.post(withdraw, nil), http.StatusNotFound)
	})
}

func TestUnknownContactGetsTheSameAnswerAndNoCode(t *testing.T) {
	app := newTestApp(t, dbtest.SQLite(t))
	c := app.client(t)
	c.get("/status")
	wantRedirect(t, c.post("/status", url.Values{"contact": {"nobody@example.com"}}), "/status/code")
	if n := count(t, app.db, "outbox", "recipient = ?", "nobody@example.com"); n != 0 {
		t.Errorf("got %d messages to a stranger, want 0", n)
	}
	rec := c.post("/status", url.Values{"contact": {"not a contact"}})
	wantStatus(t, rec, http.StatusUnprocessableEntity)
	wantBody(t, rec, "Enter a UK mobile number", `value="not a contact"`)
}

func TestWrongCodesSpendTheCode(t *testing.T) {
	app := newTestApp(t, dbtest.SQLite(t))
	journey(t, app.client(t), "07700 900202")
	c := app.client(t)
	c.get("/status")
	c.post("/status", url.Values{"contact": {"07700900202"}})
	code := latestCode(t, app, "+447700900202")
	wrong := "999999"
	if code == wrong {
		wrong = "888888"
	}
	c.get("/status/code")
	var rec = c.post("/status/code", url.Values{"code": {wrong}})
	for i := 1; i < store.CodeMaxAttempts; i++ {
		rec = c.post("/status/code", url.Values{"code": {wrong}})
	}
	wantBody(t, rec, "too many times")
	rec = c.post("/status/code", url.Values{"code": {code}})
	wantStatus(t, rec, http.StatusUnprocessableEntity)
	wantBody(t, rec, "too many times")
}

func TestCodeRequestLimitIgnoresSpoofedForwardedFor(t *testing.T) {
	app := newTestApp(t, dbtest.SQLite(t))
	c := app.client(t)
	c.get("/status")
	limited := false
	for i := 0; i < 15; i++ {
		form := url.Values{"contact": {"someone" + string(rune('a'+i)) + "@example.com"}, "csrf_token": {c.csrf}}
		req, _ := http.NewRequest(http.MethodPost, "/status", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", "203.0.113."+string(rune('0'+i%10)))
		rec := c.do(req)
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
	// Per contact too: a few codes per quarter hour whatever the address.
	journey(t, app.client(t), "07700 900203")
	got := 0
	for i := 0; i < 5; i++ {
		d := app.client(t)
		d.ip = "198.51.100." + string(rune('1'+i)) + ":1"
		d.get("/status")
		if d.post("/status", url.Values{"contact": {"07700900203"}}).Code == http.StatusSeeOther {
			got++
		}
	}
	if got != 3 {
		t.Errorf("got %d codes for one contact, want 3", got)
	}
}

func TestResumeDraftAfterSignIn(t *testing.T) {
	app := newTestApp(t, dbtest.SQLite(t))
	first := app.client(t)
	first.get(hth)
	first.post(hth, url.Values{"postcode": {"B35 7PR"}, "tenant": {"none"}, "over18": {"yes"}, "right_to_work": {"yes"}})
	first.post(hth+"/about-you", url.Values{"full_name": {"Ann Lee"}, "email": {"Ann.Lee@Example.com"}, "channel": {"email"}})
	first.post(hth+"/your-work", url.Values{"situation": {"unemployed"}, "hours": {"part_time"}, "travel": {"60"}})
	// The tab is closed; later, on another phone:
	c := app.client(t)
	signIn(t, app, c, "ann.lee@example.com", "ann.lee@example.com")
	list := c.get("/status/applications")
	wantBody(t, list, "Not sent yet", "Continue application")
	var a store.Application
	if err := app.db.Take(&a).Error; err != nil {
		t.Fatal(err)
	}
	wantRedirect(t, c.post("/status/applications/"+a.ID+"/continue", nil), hth+"/support")
	wantBody(t, c.get(hth+"/your-work"), `value="unemployed" checked`, `value="part_time" checked`)
	// Starting again from the pathway page with the same email continues the same draft.
	c.get(hth)
	c.post(hth, url.Values{"postcode": {"B35 7PR"}, "tenant": {"none"}, "over18": {"yes"}, "right_to_work": {"yes"}})
	if n := count(t, app.db, "applications", "1 = 1"); n != 1 {
		t.Errorf("got %d applications, want 1", n)
	}
}

func TestLogsCarryNoPersonalData(t *testing.T) {
	var buf bytes.Buffer
	db := dbtest.SQLite(t)
	st := store.New(db)
	if err := st.SeedDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	assets, _ := static.New(static.FS)
	e, err := web.New(web.Deps{Store: st, Assets: assets, Demo: true, Logger: slog.New(slog.NewJSONHandler(&buf, nil))})
	if err != nil {
		t.Fatal(err)
	}
	app := &testApp{e: e, store: st, db: db}
	c := app.client(t)
	journey(t, c, "07700 900204")
	c.post(hth+"/check", nil)
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
	live := (&testApp{e: e, store: st, db: db}).client(t)
	wantStatus(t, live.get("/dev/outbox"), http.StatusNotFound)
	if strings.Contains(live.get("/").Body.String(), "Hospitality to Health") {
		t.Error("demo records exist without demo mode")
	}
	demo := newTestApp(t, dbtest.SQLite(t)).client(t)
	wantStatus(t, demo.get("/dev/outbox"), http.StatusOK)
}
