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

// referralLink is the path of the newest referral link sent to contact.
func referralLink(t *testing.T, app *webtest.App, contact string) string {
	t.Helper()
	m, err := app.Store.LatestOutboxTo(context.Background(), contact)
	if err != nil || m.Secret == nil {
		t.Fatalf("no referral link to %s: %v", contact, err)
	}
	if !strings.Contains(m.Body, "/referral/") {
		t.Fatalf("the newest message to %s is not a referral: %q", contact, m.Body)
	}
	return "/referral/" + *m.Secret
}

func TestOfficerRefersAndTenantAppliesWithoutRetyping(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewBareApp(t, db)
		provider := storetest.Organisation(t, app.Store, portal.KindHousingProvider)
		b := storetest.Pathway(t, app.Store, storetest.PartneredWith(provider))
		officer := app.SignIn(t, storetest.Staff(t, app.Store, portal.RoleHousingOfficer, provider, storetest.EnrolledMFA()))
		webtest.WantBody(t, officer.Get("/staff"), `href="/staff/referrals/new"`)
		webtest.WantStatus(t, officer.Get("/staff/referrals/new"), http.StatusOK)

		// Bad input: 422, the error summary, the input kept.
		rec := officer.Post("/staff/referrals/new", url.Values{"full_name": {"Ola Tenant"}, "mobile": {"12"}, "postcode": {b.Postcode()}})
		webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
		webtest.WantBody(t, rec, "There is a problem", `value="Ola Tenant"`, "Select how the tenant agreed to be referred")

		mobile := storetest.UniqueMobile()
		now := app.Store.Now()
		form := url.Values{"full_name": {"Ola Tenant"}, "mobile": {mobile}, "postcode": {b.Postcode()}, "pathway": {b.ID},
			"tenancy_reference": {"TEN-42"}, "consent_method": {"in_person"}, "officer_note": {"Keen on catering"},
			"consent_on-day": {itoa(now.Day())}, "consent_on-month": {itoa(int(now.Month()))}, "consent_on-year": {itoa(now.Year())}}
		webtest.WantRedirect(t, officer.Post("/staff/referrals/new", form), "/staff/referrals")
		webtest.WantBody(t, officer.Get("/staff/referrals"), "Referral sent", "Ola Tenant", "Not started", "Send the link again")

		// The tenant opens the link: nothing to retype but what is theirs.
		tenant := app.Client(t)
		link := referralLink(t, app, mobile)
		rec = tenant.Get(link)
		webtest.WantStatus(t, rec, http.StatusOK)
		webtest.WantBody(t, rec, "Ola Tenant", b.Postcode(), provider.Name)
		if strings.Contains(rec.Body.String(), "Keen on catering") || strings.Contains(rec.Body.String(), "TEN-42") {
			t.Error("the officer's note or tenancy reference is shown to the link's holder")
		}
		webtest.WantStatus(t, tenant.Post(link, url.Values{}), http.StatusUnprocessableEntity)
		apply := "/pathways/" + b.Slug + "/apply"
		webtest.WantRedirect(t, tenant.Post(link, url.Values{"over18": {"yes"}, "right_to_work": {"yes"}, "share_progress": {"no"}}), apply+"/your-work")
		tenant.Get(apply + "/your-work")
		webtest.WantRedirect(t, tenant.Post(apply+"/your-work", url.Values{"situation": {"at_risk"}}), apply+"/work-experience")
		webtest.WantRedirect(t, tenant.Post(apply+"/work-experience", url.Values{"sectors": {"hospitality"}, "years": {"1_to_5"}}), apply+"/skills")
		webtest.WantRedirect(t, tenant.Post(apply+"/skills", url.Values{"skills": {"food_hygiene"}}), apply+"/job-preferences")
		webtest.WantRedirect(t, tenant.Post(apply+"/job-preferences", url.Values{"interests": {"catering"}, "hours": {"full_time"}, "travel": {"30"}}), apply+"/support")
		webtest.WantRedirect(t, tenant.Post(apply+"/support", url.Values{"needs": {"childcare"}}), apply+"/choose")
		webtest.WantRedirect(t, tenant.Post(apply+"/choose", url.Values{"pathway": {b.ID}}), apply+"/course-date")
		webtest.WantRedirect(t, tenant.Post(apply+"/course-date", url.Values{"cohort": {b.Cohort.ID}}), apply+"/check")
		// The link's page asked about sharing: the check page does not ask
		// again, and says what the tenant's "no" means.
		rec = tenant.Get(apply + "/check")
		webtest.WantBody(t, rec, "Ola Tenant", b.Postcode(), "sees only that you have applied")
		if strings.Contains(rec.Body.String(), `name="share_progress"`) {
			t.Error("the check page asks a referred tenant about sharing again")
		}
		webtest.WantRedirect(t, tenant.Post(apply+"/check", url.Values{}), apply+"/confirmation")
		if n := webtest.Count(t, db, "applications", "referral_source = ? AND status = ?", "housing_officer", portal.StatusSubmitted); n != 1 {
			t.Errorf("sent referred applications = %d, want 1", n)
		}

		// The officer sees "applied"; the link does not work twice.
		webtest.WantBody(t, officer.Get("/staff/referrals"), "Applied")
		rec = app.Client(t).Get(link)
		webtest.WantStatus(t, rec, http.StatusConflict)
		webtest.WantBody(t, rec, "This link has already been used")
		webtest.WantStatus(t, app.Client(t).Get("/referral/not-a-token"), http.StatusNotFound)

		// Another provider's officer sees none of it.
		other := storetest.Organisation(t, app.Store, portal.KindHousingProvider)
		stranger := app.SignIn(t, storetest.Staff(t, app.Store, portal.RoleHousingOfficer, other, storetest.EnrolledMFA()))
		rec = stranger.Get("/staff/referrals")
		webtest.WantStatus(t, rec, http.StatusOK)
		if strings.Contains(rec.Body.String(), "Ola Tenant") {
			t.Error("another provider's officer sees the referral")
		}
	})
}

func TestReferringAKnownTenantSaysSo(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewBareApp(t, db)
		provider := storetest.Organisation(t, app.Store, portal.KindHousingProvider)
		b := storetest.Pathway(t, app.Store, storetest.PartneredWith(provider))
		c := storetest.Contact()
		storetest.SubmittedApplication(t, app.Store, b, c)
		officer := app.SignIn(t, storetest.Staff(t, app.Store, portal.RoleHousingOfficer, provider, storetest.EnrolledMFA()))
		now := app.Store.Now()
		form := url.Values{"full_name": {"Sam Resident"}, "mobile": {c.Mobile}, "postcode": {b.Postcode()}, "pathway": {b.ID},
			"consent_method": {"by_phone"}, "consent_on-day": {itoa(now.Day())}, "consent_on-month": {itoa(int(now.Month()))}, "consent_on-year": {itoa(now.Year())}}
		webtest.WantRedirect(t, officer.Post("/staff/referrals/new", form), "/staff/referrals")
		webtest.WantBody(t, officer.Get("/staff/referrals"), "has already applied", "Applied")
		if n := webtest.Count(t, db, "residents", "mobile = ?", c.Mobile); n != 1 {
			t.Errorf("residents = %d, want 1", n)
		}
	})
}

func TestReferralLinkExpiredHasItsPage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		clk := &fakeClock{}
		app := webtest.NewAppWith(t, db, webtest.Options{Bare: true, Clock: clk.now})
		provider := storetest.Organisation(t, app.Store, portal.KindHousingProvider)
		b := storetest.Pathway(t, app.Store, storetest.PartneredWith(provider))
		officer := storetest.Staff(t, app.Store, portal.RoleHousingOfficer, provider).User.Staff()
		c := storetest.Contact()
		if _, err := app.Store.ReferTenant(context.Background(), officer, store.Referring{Contact: c, Postcode: b.Postcode(), PathwayID: b.ID,
			ConsentMethod: "in_writing", ConsentOn: clk.now()}, store.Messages{}); err != nil {
			t.Fatal(err)
		}
		link := referralLink(t, app, c.Mobile)
		clk.add(store.ReferralLinkFor)
		rec := app.Client(t).Get(link)
		webtest.WantStatus(t, rec, http.StatusConflict)
		webtest.WantBody(t, rec, "This link has expired")
	})
}
