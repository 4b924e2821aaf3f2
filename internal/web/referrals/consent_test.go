package referrals_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
	"anchorpathways/internal/web/webtest"
)

// selfApplyAsTenant answers every step of b's journey as a tenant of
// provider, then sends the application with share as the answer to "can
// your housing provider see how it is going".
func selfApplyAsTenant(t *testing.T, c *webtest.Client, b storetest.Built, provider store.Organisation, mobile, share string) {
	t.Helper()
	a := webtest.ApplyPath(b)
	c.Get(a)
	webtest.WantRedirect(t, c.Post(a, url.Values{"postcode": {b.Postcode()}, "tenant": {provider.ID}, "over18": {"yes"}, "right_to_work": {"yes"}}), a+"/about-you")
	c.Get(a + "/about-you")
	webtest.WantRedirect(t, c.Post(a+"/about-you", url.Values{"full_name": {"Ola Tenant"}, "mobile": {mobile}, "channel": {"sms"}}), a+"/check-your-phone")
	c.ProveContact(t, a, mobile, a+"/your-work")
	webtest.WantRedirect(t, c.Post(a+"/your-work", url.Values{"situation": {"at_risk"}}), a+"/work-experience")
	webtest.WantRedirect(t, c.Post(a+"/work-experience", url.Values{"sectors": {"hospitality"}, "years": {"1_to_5"}}), a+"/skills")
	webtest.WantRedirect(t, c.Post(a+"/skills", url.Values{"skills": {"food_hygiene"}}), a+"/job-preferences")
	webtest.WantRedirect(t, c.Post(a+"/job-preferences", url.Values{"interests": {"catering"}, "hours": {"full_time"}, "travel": {"30"}}), a+"/support")
	webtest.WantRedirect(t, c.Post(a+"/support", url.Values{"needs": {"childcare"}, "details": {"Not on Fridays"}}), a+"/choose")
	webtest.WantRedirect(t, c.Post(a+"/choose", url.Values{"pathway": {b.ID}}), a+"/course-date")
	webtest.WantRedirect(t, c.Post(a+"/course-date", url.Values{"cohort": {b.Cohort.ID}}), a+"/check")
	webtest.WantBody(t, c.Get(a+"/check"), "see how your application is going?")
	webtest.WantRedirect(t, c.Post(a+"/check", url.Values{"share_progress": {share}}), a+"/confirmation")
}

// TestSelfApplicantsChoiceDecidesWhatTheOfficerSees: a tenant who applied
// on their own says yes or no to sharing their progress; their provider's
// officer, referring them later, sees the progress step or only "applied".
// The officer's own note shows on the list to that provider's officers only.
func TestSelfApplicantsChoiceDecidesWhatTheOfficerSees(t *testing.T) {
	for _, tc := range []struct {
		share       string
		want, never string
	}{
		{"yes", ">Shortlisted</strong>", ">Applied</strong>"},
		{"no", ">Applied</strong>", ">Shortlisted</strong>"},
	} {
		t.Run("share "+tc.share, func(t *testing.T) {
			dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
				app := webtest.NewBareApp(t, db)
				provider := storetest.Organisation(t, app.Store, portal.KindHousingProvider)
				b := storetest.Pathway(t, app.Store, storetest.PartneredWith(provider))
				mobile := storetest.UniqueMobile()
				selfApplyAsTenant(t, app.Client(t), b, provider, mobile, tc.share)
				var a store.Application
				if err := db.Where("contact_mobile = ?", mobile).Take(&a).Error; err != nil {
					t.Fatal(err)
				}
				if a.Status != portal.StatusSubmitted || a.ShareProgress != (tc.share == "yes") {
					t.Fatalf("sent application: status %q, share_progress %v; want submitted, %v", a.Status, a.ShareProgress, tc.share == "yes")
				}
				if _, err := app.Store.ShortlistApplication(context.Background(), storetest.Coordinator(),
					store.Target{ID: a.ID, Version: a.Version}, store.Messages{}); err != nil {
					t.Fatal(err)
				}

				officer := app.SignIn(t, storetest.Staff(t, app.Store, portal.RoleHousingOfficer, provider, storetest.EnrolledMFA()))
				now := app.Store.Now()
				form := url.Values{"full_name": {"Ola Tenant"}, "mobile": {mobile}, "postcode": {b.Postcode()}, "pathway": {b.ID},
					"consent_method": {"by_phone"}, "officer_note": {"Prefers mornings"},
					"consent_on-day": {itoa(now.Day())}, "consent_on-month": {itoa(int(now.Month()))}, "consent_on-year": {itoa(now.Year())}}
				webtest.WantRedirect(t, officer.Post("/staff/referrals/new", form), "/staff/referrals")
				rec := officer.Get("/staff/referrals")
				webtest.WantBody(t, rec, "has already applied", tc.want, "Prefers mornings")
				if strings.Contains(rec.Body.String(), tc.never) {
					t.Errorf("the officer's list shows %q; the tenant answered %q", tc.never, tc.share)
				}
				for _, hidden := range []string{"Not on Fridays", "childcare", "hospitality"} {
					if strings.Contains(rec.Body.String(), hidden) {
						t.Errorf("the officer's list shows the tenant's answer %q", hidden)
					}
				}

				// A colleague at the provider sees the note; another provider's officer sees nothing.
				colleague := app.SignIn(t, storetest.Staff(t, app.Store, portal.RoleHousingOfficer, provider, storetest.EnrolledMFA()))
				webtest.WantBody(t, colleague.Get("/staff/referrals"), "Prefers mornings")
				other := storetest.Organisation(t, app.Store, portal.KindHousingProvider)
				stranger := app.SignIn(t, storetest.Staff(t, app.Store, portal.RoleHousingOfficer, other, storetest.EnrolledMFA()))
				if body := stranger.Get("/staff/referrals").Body.String(); strings.Contains(body, "Prefers mornings") || strings.Contains(body, "Ola Tenant") {
					t.Error("another provider's officer sees the referral or its note")
				}
				// A recruiter of the pathway's employer may not open the list,
				// and their view of the application has no note.
				recruiter := app.SignIn(t, storetest.Staff(t, app.Store, portal.RoleRecruiter, b.Employer, storetest.EnrolledMFA()))
				if rec := recruiter.Get("/staff/referrals"); rec.Code == http.StatusOK {
					t.Errorf("a recruiter opens the referrals list: %d", rec.Code)
				}
				if body := recruiter.Get("/staff/applications/" + a.ID).Body.String(); strings.Contains(body, "Prefers mornings") {
					t.Error("the recruiter sees the officer's note")
				}
			})
		})
	}
}
