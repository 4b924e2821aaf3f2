package webtest

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
)

// The demo staff accounts (demo mode lets them skip the second factor).
const (
	DemoCoordinator    = "coordinator@demo.anchor-pathways.test"
	DemoHousingOfficer = "housing.officer@demo.anchor-pathways.test"
	DemoRecruiter      = "recruiter@demo.anchor-pathways.test"
)

// HTH is the apply journey of the demo pathway Hospitality to Health.
const HTH = "/pathways/hospitality-to-health/apply"

// RefPattern finds a Hospitality to Health application reference in a page.
var RefPattern = regexp.MustCompile(`HTH-[A-Z0-9]{4}-[A-Z0-9]{4}`)

// SignInStaff signs a demo account in through the real form and loads the
// dashboard, so the client holds the staff session's CSRF token.
func (a *App) SignInStaff(t testing.TB, email string) *Client {
	t.Helper()
	c := a.Client(t)
	WantStatus(t, c.Get("/staff/login"), http.StatusOK)
	WantRedirect(t, c.Post("/staff/login", url.Values{"email": {email}, "password": {store.DemoPassword}}), "/staff")
	WantStatus(t, c.Get("/staff"), http.StatusOK)
	return c
}

// Journey answers every step up to "check your answers" for a resident
// with this mobile, on the demo pathway and cohort.
func Journey(t testing.TB, c *Client, mobile string) {
	t.Helper()
	c.Get(HTH)
	WantRedirect(t, c.Post(HTH, url.Values{"postcode": {"B35 7PR"}, "tenant": {"none"}, "over18": {"yes"}, "right_to_work": {"yes"}}), HTH+"/about-you")
	c.Get(HTH + "/about-you")
	WantRedirect(t, c.Post(HTH+"/about-you", url.Values{"full_name": {"Siobhán O'Neill"}, "mobile": {mobile}, "channel": {"sms"}}), HTH+"/check-your-phone")
	c.ProveContact(t, HTH, mobile, HTH+"/your-work")
	WantRedirect(t, c.Post(HTH+"/your-work", url.Values{"situation": {"at_risk"}}), HTH+"/work-experience")
	WantRedirect(t, c.Post(HTH+"/work-experience", url.Values{"sectors": {"hospitality"}, "years": {"1_to_5"}}), HTH+"/skills")
	WantRedirect(t, c.Post(HTH+"/skills", url.Values{"skills": {"food_hygiene", "customer_service"}}), HTH+"/job-preferences")
	WantRedirect(t, c.Post(HTH+"/job-preferences", url.Values{"interests": {"catering"}, "hours": {"full_time"}, "travel": {"30"}}), HTH+"/support")
	WantRedirect(t, c.Post(HTH+"/support", url.Values{"needs": {"childcare"}, "details": {"Not on Fridays"}}), HTH+"/choose")
	WantRedirect(t, c.Post(HTH+"/choose", url.Values{"pathway": {store.DemoHTHID}}), HTH+"/course-date")
	WantRedirect(t, c.Post(HTH+"/course-date", url.Values{"cohort": {store.DemoHTHCohortID}}), HTH+"/check")
}

var codePattern = regexp.MustCompile(`your code is (\d{6})`)

// LatestCode is the newest one-time code in the outbox for contact (a mobile
// or email as typed; it is normalised first).
func (a *App) LatestCode(t testing.TB, contact string) string {
	t.Helper()
	to := contact
	if strings.Contains(contact, "@") {
		to, _ = portal.NormaliseEmail(contact)
	} else if m, err := portal.NormaliseMobile(contact); err == nil {
		to = m
	}
	msg, err := a.Store.LatestOutboxTo(context.Background(), to)
	if err != nil {
		t.Fatalf("no message to %s: %v", to, err)
	}
	m := codePattern.FindStringSubmatch(msg.Body)
	if m == nil {
		t.Fatalf("the newest message to %s has no code: %q", to, msg.Body)
	}
	return m[1]
}

// ProveContact loads the apply journey's "check your phone" page at journey
// (such as HTH), enters the newest code sent to contact, and wants a
// redirect to next, which it loads (a right code renews the CSRF token).
func (c *Client) ProveContact(t testing.TB, journey, contact, next string) {
	t.Helper()
	WantStatus(t, c.Get(journey+"/check-your-phone"), http.StatusOK)
	WantRedirect(t, c.Post(journey+"/check-your-phone", url.Values{"code": {c.app.LatestCode(t, contact)}}), next)
	c.Get(next)
}
