package apply_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
	"anchorpathways/internal/web/auth"
	"anchorpathways/internal/web/webtest"
)

// journey is the apply journey of a factory-built pathway.
func journey(b storetest.Built) string { return "/pathways/" + b.Slug + "/apply" }

// eligible answers the eligibility questions of b's journey in c.
func eligible(t *testing.T, c *webtest.Client, b storetest.Built) string {
	t.Helper()
	j := journey(b)
	c.Get(j)
	webtest.WantRedirect(t, c.Post(j, url.Values{"postcode": {b.Postcode()}, "tenant": {"none"}, "over18": {"yes"}, "right_to_work": {"yes"}}), j+"/about-you")
	c.Get(j + "/about-you")
	return j
}

func aboutYou(c *webtest.Client, j, name, mobile string) *httptest.ResponseRecorder {
	return c.Post(j+"/about-you", url.Values{"full_name": {name}, "mobile": {mobile}, "channel": {"sms"}})
}

// startDraft takes a new browser through eligibility, about you and the
// code, to "your work".
func startDraft(t *testing.T, app *webtest.App, b storetest.Built, mobile string) *webtest.Client {
	t.Helper()
	c := app.Client(t)
	j := eligible(t, c, b)
	webtest.WantRedirect(t, aboutYou(c, j, "Ann Lee", mobile), j+"/check-your-phone")
	c.ProveContact(t, j, mobile, j+"/your-work")
	return c
}

var csrfValue = regexp.MustCompile(`name="csrf_token" value="[^"]+"`)

// mainOf is the page's main content, without its CSRF tokens and with the
// masked contact replaced, for comparing pages shown for two contacts.
func mainOf(body, contact string) string {
	if i := strings.Index(body, "<main"); i >= 0 {
		body = body[i:]
	}
	if i := strings.Index(body, "</main>"); i >= 0 {
		body = body[:i]
	}
	body = csrfValue.ReplaceAllString(body, "csrf")
	return strings.ReplaceAll(body, auth.Mask(contact), "MASKED")
}

func codesTo(t testing.TB, app *webtest.App, contact string) int64 {
	return webtest.Count(t, app.DB, "outbox", "recipient = ? AND subject LIKE ?", contact, "Your Anchor Pathways code%")
}

// A stranger who types a resident's mobile sees what they would see for a
// mobile no one has used, and nothing of the resident's application; the
// resident can still sign in and withdraw it.
func TestStrangerWithAResidentsMobileLearnsNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewBareApp(t, db)
		b := storetest.Pathway(t, app.Store)
		victim := storetest.UniqueMobile()
		sent := storetest.SubmittedApplication(t, app.Store, b, store.Contact{FullName: "Ann Lee", Mobile: victim, Channel: store.ChannelSMS})
		tests := []struct{ name, mobile string }{
			{"a resident's mobile", victim},
			{"a mobile no one has used", storetest.UniqueMobile()},
		}
		var pages, answers []string
		for _, tt := range tests {
			c := app.Client(t)
			j := eligible(t, c, b)
			rec := aboutYou(c, j, "Someone Else", tt.mobile)
			webtest.WantRedirect(t, rec, j+"/check-your-phone")
			page := c.Get(j + "/check-your-phone")
			webtest.WantBody(t, page, "Check your phone", auth.Mask(tt.mobile), "Send a new code", "Change the number")
			pages = append(pages, mainOf(page.Body.String(), tt.mobile))
			rec = c.Post(j+"/check-your-phone", url.Values{"code": {"000000"}})
			webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
			answers = append(answers, mainOf(rec.Body.String(), tt.mobile))
			webtest.WantRedirect(t, c.Get(j+"/already-applied"), j)
			webtest.WantRedirect(t, c.Get(j+"/your-work"), j+"/about-you")
			if strings.Contains(page.Body.String(), "already") || strings.Contains(rec.Body.String(), "already") {
				t.Errorf("%s: a page says %q before the code", tt.name, "already")
			}
		}
		if pages[0] != pages[1] {
			t.Errorf("check your phone differs for a known and an unknown mobile:\n%s\n---\n%s", pages[0], pages[1])
		}
		if answers[0] != answers[1] {
			t.Errorf("a wrong code's answer differs for a known and an unknown mobile:\n%s\n---\n%s", answers[0], answers[1])
		}
		if got := webtest.Count(t, db, "applications", "pathway_id = ?", b.ID); got != 1 {
			t.Errorf("got %d applications to the pathway, want the resident's 1", got)
		}
		if got := webtest.Count(t, db, "residents", "mobile = ?", victim); got != 1 {
			t.Errorf("got %d residents with the mobile, want 1", got)
		}

		// The resident signs in and withdraws.
		r := app.Client(t)
		r.Get("/status")
		webtest.WantRedirect(t, r.Post("/status", url.Values{"contact": {victim}}), "/status/code")
		r.Get("/status/code")
		webtest.WantRedirect(t, r.Post("/status/code", url.Values{"code": {app.LatestCode(t, victim)}}), "/status/applications")
		webtest.WantBody(t, r.Get("/status/applications"), sent.Ref())
		withdraw := "/status/applications/" + sent.ID + "/withdraw"
		r.Get(withdraw)
		webtest.WantRedirect(t, r.Post(withdraw, nil), "/status/applications")
		if got := webtest.Count(t, db, "applications", "id = ? AND status = ?", sent.ID, portal.StatusWithdrawn); got != 1 {
			t.Errorf("got %d withdrawn, want the resident's application withdrawn", got)
		}
		// And can apply again, in a browser of their own.
		again := startDraft(t, app, b, victim)
		webtest.WantStatus(t, again.Get(journey(b)+"/your-work"), http.StatusOK)
		if got := webtest.Count(t, db, "applications", "pathway_id = ? AND closed_at IS NULL AND contact_mobile = ?", b.ID, victim); got != 1 {
			t.Errorf("got %d open applications for the resident, want their new 1", got)
		}
	})
}

// A stranger can neither move their draft onto a resident's mobile nor
// attach to the resident's draft; the resident picks their draft up.
func TestStrangerCannotAlterOrAttachToAResidentsDraft(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewBareApp(t, db)
		b := storetest.Pathway(t, app.Store)
		victim := storetest.UniqueMobile()
		draft := storetest.Draft(t, app.Store, b, store.Contact{FullName: "Ann Lee", Mobile: victim, Channel: store.ChannelSMS})

		own := storetest.UniqueMobile()
		s := startDraft(t, app, b, own)
		j := journey(b)
		s.Get(j + "/about-you")
		webtest.WantRedirect(t, aboutYou(s, j, "Ann Lee", victim), j+"/check-your-phone")
		s.Get(j + "/check-your-phone")
		webtest.WantStatus(t, s.Post(j+"/check-your-phone", url.Values{"code": {"000000"}}), http.StatusUnprocessableEntity)
		webtest.WantBody(t, s.Get(j+"/about-you"), `value="Ann Lee"`)

		var got store.Application
		if err := db.Where("id = ?", draft.ID).Take(&got).Error; err != nil {
			t.Fatal(err)
		}
		if got.Version != draft.Version || got.FullName != draft.FullName {
			t.Errorf("the resident's draft changed: got version %d name %q, want %d %q", got.Version, got.FullName, draft.Version, draft.FullName)
		}
		if n := webtest.Count(t, db, "applications", "contact_mobile = ?", victim); n != 1 {
			t.Errorf("got %d applications naming the resident's mobile, want their own 1", n)
		}

		// The resident, with their code, carries on with their own draft.
		r := app.Client(t)
		eligible(t, r, b)
		webtest.WantRedirect(t, aboutYou(r, j, "Ann Lee-Smith", victim), j+"/check-your-phone")
		r.ProveContact(t, j, victim, j+"/your-work")
		if n := webtest.Count(t, db, "applications", "resident_id = ?", draft.ResidentID); n != 1 {
			t.Errorf("got %d applications for the resident, want their 1 draft", n)
		}
		if n := webtest.Count(t, db, "applications", "id = ? AND full_name = ?", draft.ID, "Ann Lee-Smith"); n != 1 {
			t.Error("the resident's draft did not take what they typed")
		}
	})
}

func TestProvingTheContact(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewBareApp(t, db)
		b := storetest.Pathway(t, app.Store)
		j := journey(b)
		begin := func(t *testing.T) (*webtest.Client, string) {
			c := app.Client(t)
			eligible(t, c, b)
			mobile := storetest.UniqueMobile()
			webtest.WantRedirect(t, aboutYou(c, j, "Ann Lee", mobile), j+"/check-your-phone")
			webtest.WantStatus(t, c.Get(j+"/check-your-phone"), http.StatusOK)
			return c, mobile
		}
		wrongFor := func(code string) string {
			if code == "000000" {
				return "111111"
			}
			return "000000"
		}
		t.Run("right code", func(t *testing.T) {
			c, mobile := begin(t)
			before := c.Cookie("ap_session")
			webtest.WantRedirect(t, c.Post(j+"/check-your-phone", url.Values{"code": {app.LatestCode(t, mobile)}}), j+"/your-work")
			if c.Cookie("ap_session") == before {
				t.Error("the session token did not change at sign-in")
			}
			webtest.WantStatus(t, c.Get(j+"/your-work"), http.StatusOK)
			if n := webtest.Count(t, db, "applications", "contact_mobile = ? AND resident_id IN (SELECT id FROM residents WHERE mobile = ?)", mobile, mobile); n != 1 {
				t.Errorf("got %d drafts for the proved mobile, want 1", n)
			}
			// Signed in: /status shows the draft at once.
			webtest.WantRedirect(t, c.Get("/status"), "/status/applications")
		})
		t.Run("wrong code", func(t *testing.T) {
			c, mobile := begin(t)
			rec := c.Post(j+"/check-your-phone", url.Values{"code": {wrongFor(app.LatestCode(t, mobile))}})
			webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
			webtest.WantBody(t, rec, "That code is not right or has expired", "Check your phone")
			rec = c.Post(j+"/check-your-phone", url.Values{"code": {"12a"}})
			webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
			webtest.WantBody(t, rec, "The code is 6 numbers")
			if n := webtest.Count(t, db, "residents", "mobile = ?", mobile); n != 0 {
				t.Errorf("got %d residents for an unproved mobile, want 0", n)
			}
		})
		t.Run("too many wrong codes", func(t *testing.T) {
			c, mobile := begin(t)
			code := app.LatestCode(t, mobile)
			var rec = c.Post(j+"/check-your-phone", url.Values{"code": {wrongFor(code)}})
			for i := 1; i < store.CodeMaxAttempts; i++ {
				rec = c.Post(j+"/check-your-phone", url.Values{"code": {wrongFor(code)}})
			}
			webtest.WantBody(t, rec, "too many times")
			rec = c.Post(j+"/check-your-phone", url.Values{"code": {code}})
			webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
			webtest.WantBody(t, rec, "too many times")
			// A new code works.
			webtest.WantRedirect(t, c.Post(j+"/check-your-phone/resend", nil), j+"/check-your-phone")
			c.ProveContact(t, j, mobile, j+"/your-work")
		})
		t.Run("a new code leaves the first working", func(t *testing.T) {
			c, mobile := begin(t)
			first := app.LatestCode(t, mobile)
			webtest.WantRedirect(t, c.Post(j+"/check-your-phone/resend", nil), j+"/check-your-phone")
			if got := codesTo(t, app, mobile); got != 2 {
				t.Errorf("got %d codes sent, want 2", got)
			}
			c.Get(j + "/check-your-phone")
			webtest.WantRedirect(t, c.Post(j+"/check-your-phone", url.Values{"code": {first}}), j+"/your-work")
		})
		t.Run("over the per-contact limit", func(t *testing.T) {
			c, mobile := begin(t)
			first := app.LatestCode(t, mobile)
			for range 3 {
				webtest.WantRedirect(t, c.Post(j+"/check-your-phone/resend", nil), j+"/check-your-phone")
			}
			if got := codesTo(t, app, mobile); got != 3 {
				t.Errorf("got %d codes sent, want 3", got)
			}
			webtest.WantBody(t, c.Get(j+"/check-your-phone"), "we did not send another")
			webtest.WantRedirect(t, c.Post(j+"/check-your-phone", url.Values{"code": {first}}), j+"/your-work")
		})
		t.Run("change the number", func(t *testing.T) {
			c, _ := begin(t)
			webtest.WantBody(t, c.Get(j+"/about-you"), `value="Ann Lee"`)
			other := storetest.UniqueMobile()
			webtest.WantRedirect(t, aboutYou(c, j, "Ann Lee", other), j+"/check-your-phone")
			webtest.WantBody(t, c.Get(j+"/check-your-phone"), auth.Mask(other))
			c.ProveContact(t, j, other, j+"/your-work")
		})
	})
}
