package webtest

import (
	"net/url"
	"testing"

	"anchorpathways/internal/store/storetest"
)

// ApplyPath is the apply journey of pathway b, as HTH is the demo pathway's.
func ApplyPath(b storetest.Built) string { return "/pathways/" + b.Slug + "/apply" }

// JourneyTo answers every step up to "check your answers" for a resident
// with this mobile, living in b's neighbourhood, on pathway b and its
// cohort: Journey on a pathway the test built with storetest.Pathway.
func JourneyTo(t testing.TB, c *Client, b storetest.Built, mobile string) {
	t.Helper()
	a := ApplyPath(b)
	c.Get(a)
	WantRedirect(t, c.Post(a, url.Values{"postcode": {b.Postcode()}, "tenant": {"none"}, "over18": {"yes"}, "right_to_work": {"yes"}}), a+"/about-you")
	c.Get(a + "/about-you")
	WantRedirect(t, c.Post(a+"/about-you", url.Values{"full_name": {"Siobhán O'Neill"}, "mobile": {mobile}, "channel": {"sms"}}), a+"/check-your-phone")
	c.ProveContact(t, a, mobile, a+"/your-work")
	WantRedirect(t, c.Post(a+"/your-work", url.Values{"situation": {"at_risk"}}), a+"/work-experience")
	WantRedirect(t, c.Post(a+"/work-experience", url.Values{"sectors": {"hospitality"}, "years": {"1_to_5"}}), a+"/skills")
	WantRedirect(t, c.Post(a+"/skills", url.Values{"skills": {"food_hygiene", "customer_service"}}), a+"/job-preferences")
	WantRedirect(t, c.Post(a+"/job-preferences", url.Values{"interests": {"catering"}, "hours": {"full_time"}, "travel": {"30"}}), a+"/support")
	WantRedirect(t, c.Post(a+"/support", url.Values{"needs": {"childcare"}, "details": {"Not on Fridays"}}), a+"/choose")
	WantRedirect(t, c.Post(a+"/choose", url.Values{"pathway": {b.ID}}), a+"/course-date")
	WantRedirect(t, c.Post(a+"/course-date", url.Values{"cohort": {b.Cohort.ID}}), a+"/check")
}
