package status_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
	"anchorpathways/internal/web/webtest"
)

// applicant makes a resident with a sent application (through the store
// factories) and returns the mobile they proved.
func applicant(t *testing.T, app *webtest.App) string {
	t.Helper()
	mobile := storetest.UniqueMobile()
	storetest.SubmittedApplication(t, app.Store, storetest.Pathway(t, app.Store), store.Contact{FullName: "Ann Lee", Mobile: mobile, Channel: store.ChannelSMS})
	return mobile
}

// askForCode asks /status for a code to contact in a new browser at ip.
func askForCode(t *testing.T, app *webtest.App, ip, contact string) *webtest.Client {
	t.Helper()
	c := app.Client(t)
	c.IP = ip + ":1"
	c.Get("/status")
	webtest.WantRedirect(t, c.Post("/status", url.Values{"contact": {contact}}), "/status/code")
	webtest.WantStatus(t, c.Get("/status/code"), http.StatusOK)
	return c
}

// A wrong code gets the same answer whether or not the contact has applied.
func TestWrongCodeAnswerIsTheSameForKnownAndUnknownContacts(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewApp(t, db)
		known := applicant(t, app)
		tests := []struct{ name, contact string }{
			{"known", known},
			{"unknown", storetest.UniqueMobile()},
		}
		var answers [][]string
		for i, tt := range tests {
			c := askForCode(t, app, "198.51.100."+string(rune('1'+i)), tt.contact)
			var got []string
			for range store.CodeMaxAttempts {
				rec := c.Post("/status/code", url.Values{"code": {"000000"}})
				webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
				got = append(got, errorText(rec.Body.String()))
			}
			answers = append(answers, got)
		}
		for i := range answers[0] {
			if answers[0][i] != answers[1][i] {
				t.Errorf("wrong code %d: got %q for a known contact, %q for an unknown one; want the same", i+1, answers[0][i], answers[1][i])
			}
		}
		if want := "That code is not right or has expired"; len(answers[0]) == 0 || !contains(answers[0][0], want) {
			t.Errorf("got %q, want %q", answers[0], want)
		}
	})
}

// A stranger guessing at a resident's contact uses up only their own
// session's attempts: the resident's code still works.
func TestStrangersGuessesLeaveTheResidentsCode(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewApp(t, db)
		mobile := applicant(t, app)
		resident := askForCode(t, app, "198.51.100.1", mobile)
		code := latestCode(t, app, mobile)
		stranger := askForCode(t, app, "198.51.100.2", mobile)
		wrong := "000000"
		if code == wrong {
			wrong = "111111"
		}
		var rec = stranger.Post("/status/code", url.Values{"code": {wrong}})
		for i := 1; i < store.CodeMaxAttempts+2; i++ {
			rec = stranger.Post("/status/code", url.Values{"code": {wrong}})
		}
		webtest.WantBody(t, rec, "too many times")
		// The resident's code, even typed in the stranger's browser, is
		// not the stranger's to use.
		webtest.WantStatus(t, stranger.Post("/status/code", url.Values{"code": {code}}), http.StatusUnprocessableEntity)
		webtest.WantRedirect(t, resident.Post("/status/code", url.Values{"code": {code}}), "/status/applications")
	})
}

// Code requests from anywhere neither end the resident's live code nor
// stop it working; over the per-contact limit they send nothing new.
func TestCodeRequestsFromStrangersDoNotEndTheResidentsCode(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewApp(t, db)
		mobile := applicant(t, app)
		resident := askForCode(t, app, "198.51.100.1", mobile)
		code := latestCode(t, app, mobile)
		for i := range 4 {
			askForCode(t, app, "203.0.113."+string(rune('1'+i)), mobile)
		}
		if got, want := codesTo(t, app, mobile), int64(3); got != want {
			t.Errorf("got %d codes sent, want %d", got, want)
		}
		// The resident asks again over the limit: told so, and the code
		// already sent still signs them in.
		webtest.WantRedirect(t, resident.Post("/status", url.Values{"contact": {mobile}}), "/status/code")
		webtest.WantBody(t, resident.Get("/status/code"), "we did not send another")
		webtest.WantRedirect(t, resident.Post("/status/code", url.Values{"code": {code}}), "/status/applications")
		webtest.WantStatus(t, resident.Get("/status/applications"), http.StatusOK)
	})
}

// errorText is the first error message of a page's error summary.
func errorText(body string) string {
	m := errorRE.FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return m[1]
}

var errorRE = regexp.MustCompile(`<a href="#code">([^<]*)</a>`)

func contains(s, part string) bool { return strings.Contains(s, part) }
