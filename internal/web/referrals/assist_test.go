package referrals_test

import (
	"net/http"
	"net/url"
	"testing"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store/storetest"
	"anchorpathways/internal/web/webtest"
)

func TestAssistedApplicationRecordsTheOfficer(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewBareApp(t, db)
		provider := storetest.Organisation(t, app.Store, portal.KindHousingProvider)
		b := storetest.Pathway(t, app.Store, storetest.PartneredWith(provider))
		member := storetest.Staff(t, app.Store, portal.RoleHousingOfficer, provider, storetest.EnrolledMFA())
		officer := app.SignIn(t, member)
		webtest.WantStatus(t, officer.Get("/staff/referrals/assist"), http.StatusOK)
		rec := officer.Post("/staff/referrals/assist", url.Values{"pathway": {b.ID}, "consent": {"who_sees", "keeping"}})
		webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
		webtest.WantBody(t, rec, "The tenant must agree to each of these before you help them apply")
		apply := "/pathways/" + b.Slug + "/apply"
		webtest.WantRedirect(t, officer.Post("/staff/referrals/assist", url.Values{"pathway": {b.ID}, "consent": {"who_sees", "keeping", "correct"}, "share_progress": {"yes"}}), apply)

		// The same pages the tenant would use; the tenant reads out the code.
		mobile := storetest.UniqueMobile()
		officer.Get(apply)
		webtest.WantRedirect(t, officer.Post(apply, url.Values{"postcode": {b.Postcode()}, "tenant": {provider.ID}, "over18": {"yes"}, "right_to_work": {"yes"}}), apply+"/about-you")
		officer.Get(apply + "/about-you")
		webtest.WantRedirect(t, officer.Post(apply+"/about-you", url.Values{"full_name": {"Ada Tenant"}, "mobile": {mobile}, "channel": {"sms"}}), apply+"/check-your-phone")
		officer.ProveContact(t, apply, mobile, apply+"/your-work")
		webtest.WantRedirect(t, officer.Post(apply+"/your-work", url.Values{"situation": {"at_risk"}}), apply+"/work-experience")
		webtest.WantRedirect(t, officer.Post(apply+"/work-experience", url.Values{"sectors": {"hospitality"}, "years": {"1_to_5"}}), apply+"/skills")
		webtest.WantRedirect(t, officer.Post(apply+"/skills", url.Values{"skills": {"food_hygiene"}}), apply+"/job-preferences")
		webtest.WantRedirect(t, officer.Post(apply+"/job-preferences", url.Values{"interests": {"catering"}, "hours": {"full_time"}, "travel": {"30"}}), apply+"/support")
		webtest.WantRedirect(t, officer.Post(apply+"/support", url.Values{"needs": {"childcare"}}), apply+"/choose")
		webtest.WantRedirect(t, officer.Post(apply+"/choose", url.Values{"pathway": {b.ID}}), apply+"/course-date")
		webtest.WantRedirect(t, officer.Post(apply+"/course-date", url.Values{"cohort": {b.Cohort.ID}}), apply+"/check")
		officer.Get(apply + "/check")
		webtest.WantRedirect(t, officer.Post(apply+"/check", url.Values{}), apply+"/confirmation")
		webtest.WantStatus(t, officer.Get(apply+"/confirmation"), http.StatusOK)

		if n := webtest.Count(t, db, "applications", "assisted_by = ? AND referral_source = ? AND assisted_consent LIKE ? AND contact_mobile = ?",
			member.User.ID, "housing_officer", "%correct%", mobile); n != 1 {
			t.Errorf("assisted applications recorded = %d, want 1", n)
		}
		// The tenant has the reference by text; the officer's browser is not
		// left signed in as the tenant.
		if n := webtest.Count(t, db, "outbox", "recipient = ? AND subject LIKE ?", mobile, "Your application to %"); n != 1 {
			t.Errorf("confirmations to the tenant = %d, want 1", n)
		}
		if rec := officer.Get("/status/applications"); rec.Code == http.StatusOK {
			t.Error("the officer's browser can still see the tenant's applications")
		}
		// The officer follows it among their referrals, with consent.
		webtest.WantBody(t, officer.Get("/staff/referrals"), "Ada Tenant", "Applied")
	})
}
