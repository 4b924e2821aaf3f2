package apply_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store/storetest"
	"anchorpathways/internal/web/webtest"
)

// journeyAsTenant is webtest.JourneyTo for a resident who rents from the
// pathway's first partner housing provider.
func journeyAsTenant(t *testing.T, c *webtest.Client, b storetest.Built, mobile string) {
	t.Helper()
	a := webtest.ApplyPath(b)
	c.Get(a)
	webtest.WantRedirect(t, c.Post(a, url.Values{"postcode": {b.Postcode()}, "tenant": {b.Providers[0].ID}, "over18": {"yes"}, "right_to_work": {"yes"}}), a+"/about-you")
	c.Get(a + "/about-you")
	webtest.WantRedirect(t, c.Post(a+"/about-you", url.Values{"full_name": {"Ola Tenant"}, "mobile": {mobile}, "channel": {"sms"}}), a+"/check-your-phone")
	c.ProveContact(t, a, mobile, a+"/your-work")
	webtest.WantRedirect(t, c.Post(a+"/your-work", url.Values{"situation": {"at_risk"}}), a+"/work-experience")
	webtest.WantRedirect(t, c.Post(a+"/work-experience", url.Values{"sectors": {"hospitality"}, "years": {"1_to_5"}}), a+"/skills")
	webtest.WantRedirect(t, c.Post(a+"/skills", url.Values{"skills": {"food_hygiene"}}), a+"/job-preferences")
	webtest.WantRedirect(t, c.Post(a+"/job-preferences", url.Values{"interests": {"catering"}, "hours": {"full_time"}, "travel": {"30"}}), a+"/support")
	webtest.WantRedirect(t, c.Post(a+"/support", url.Values{"needs": {"childcare"}}), a+"/choose")
	webtest.WantRedirect(t, c.Post(a+"/choose", url.Values{"pathway": {b.ID}}), a+"/course-date")
	webtest.WantRedirect(t, c.Post(a+"/course-date", url.Values{"cohort": {b.Cohort.ID}}), a+"/check")
}

const shareQuestion = "see how your application is going?"

// TestTenantIsAskedAboutSharingProgress: a tenant of a partner provider is
// asked on "check your answers"; sending without an answer is a 422 with
// the error summary and nothing sent; an answer is stored with the send.
func TestTenantIsAskedAboutSharingProgress(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app, b, ap := newApp(t, db)
		c := app.Client(t)
		journeyAsTenant(t, c, b, "07700 900351")
		rec := c.Get(ap + "/check")
		webtest.WantBody(t, rec, "Can "+b.Providers[0].Name+" "+shareQuestion, `name="share_progress"`,
			"They see how far you have got only if you say yes below")
		if strings.Contains(rec.Body.String(), "sees how your application is going") {
			t.Error("the page says the provider sees progress before the resident said so")
		}

		for _, answer := range []url.Values{nil, {"share_progress": {"maybe"}}} {
			rec = c.Post(ap+"/check", answer)
			webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
			webtest.WantBody(t, rec, "There is a problem", `href="#share_progress"`,
				"Select yes if your housing provider may see how your application is going", "Ola Tenant")
			if got := draftOf(t, db, "+447700900351"); got.Status != portal.StatusDraft {
				t.Fatalf("sent without an answer: status %q", got.Status)
			}
		}

		webtest.WantRedirect(t, c.Post(ap+"/check", url.Values{"share_progress": {"yes"}}), ap+"/confirmation")
		if got := draftOf(t, db, "+447700900351"); got.Status != portal.StatusSubmitted || !got.ShareProgress {
			t.Errorf("after yes: status %q, share_progress %v; want submitted, true", got.Status, got.ShareProgress)
		}
	})
}

// TestNoSharingQuestionForANonTenant: a resident who rents from none of the
// partners is not asked, and sends without an answer.
func TestNoSharingQuestionForANonTenant(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app, b, ap := newApp(t, db)
		c := app.Client(t)
		webtest.JourneyTo(t, c, b, "07700 900352")
		body := c.Get(ap + "/check").Body.String()
		if strings.Contains(body, shareQuestion) || strings.Contains(body, `name="share_progress"`) {
			t.Error("a resident who is nobody's tenant is asked about sharing progress")
		}
		webtest.WantRedirect(t, c.Post(ap+"/check", nil), ap+"/confirmation")
		if got := draftOf(t, db, "+447700900352"); got.Status != portal.StatusSubmitted || got.ShareProgress {
			t.Errorf("status %q, share_progress %v; want submitted, false", got.Status, got.ShareProgress)
		}
	})
}
