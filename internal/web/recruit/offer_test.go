package recruit_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
	"anchorpathways/internal/web/webtest"
)

// TestOfferAPlace: the pathway's recruiter offers a place in a cohort; a
// missing or full cohort is a 422, a stale page the conflict page; a
// housing officer is refused and another employer's recruiter finds nothing.
func TestOfferAPlace(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewBareApp(t, db)
		st := app.Store
		b := storetest.Pathway(t, st, storetest.Places(1))
		elsewhere := storetest.Pathway(t, st)
		recruiter := app.SignIn(t, storetest.Staff(t, st, portal.RoleRecruiter, b.Employer, storetest.EnrolledMFA()))
		stranger := app.SignIn(t, storetest.Staff(t, st, portal.RoleRecruiter, elsewhere.Employer, storetest.EnrolledMFA()))
		officer := app.SignIn(t, storetest.Staff(t, st, portal.RoleHousingOfficer, b.Providers[0], storetest.EnrolledMFA()))
		a := storetest.Shortlisted(t, st, b)
		path := "/staff/applications/" + a.ID + "/offer"

		webtest.WantStatus(t, officer.Get(path), http.StatusForbidden)
		webtest.WantStatus(t, stranger.Get(path), http.StatusNotFound)
		webtest.WantStatus(t, stranger.Post(path, url.Values{"cohort": {b.Cohort.ID}, "version": {fmt.Sprint(a.Version)}}), http.StatusNotFound)

		rec := recruiter.Get(path)
		webtest.WantStatus(t, rec, http.StatusOK)
		webtest.WantBody(t, rec, a.Ref(), "Community Hub", "1 of 1 places left", "Offer the place")

		rec = recruiter.Post(path, url.Values{"cohort": {""}, "version": {fmt.Sprint(a.Version)}})
		webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
		webtest.WantBody(t, rec, "Select the course date to offer a place on")
		rec = recruiter.Post(path, url.Values{"cohort": {elsewhere.Cohort.ID}, "version": {fmt.Sprint(a.Version)}})
		webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
		webtest.WantBody(t, rec, "can no longer be offered")

		rec = recruiter.Post(path, url.Values{"cohort": {b.Cohort.ID}, "version": {fmt.Sprint(a.Version)}})
		webtest.WantRedirect(t, rec, "/staff/applications/"+a.ID)
		if got := statusOf(t, db, a.ID); got != portal.StatusPlaceOffered {
			t.Fatalf("after the offer: %s", got)
		}
		token := storetest.OfferToken(t, st, a)
		// The same page posted again is stale: the conflict page, no second offer.
		rec = recruiter.Post(path, url.Values{"cohort": {b.Cohort.ID}, "version": {fmt.Sprint(a.Version)}})
		webtest.WantStatus(t, rec, http.StatusConflict)
		if n := webtest.Count(t, db, "resident_links", "subject_id = ? AND used_at IS NULL", a.ID); n != 1 {
			t.Errorf("live offer links = %d, want 1", n)
		}

		// Once the place is taken, offering another is refused as full.
		if _, err := st.AcceptOffer(t.Context(), token, store.Messages{}); err != nil {
			t.Fatal(err)
		}
		next := storetest.Shortlisted(t, st, b)
		rec = recruiter.Post("/staff/applications/"+next.ID+"/offer", url.Values{"cohort": {b.Cohort.ID}, "version": {fmt.Sprint(next.Version)}})
		webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
		webtest.WantBody(t, rec, "That course date is full")
		// Not shortlisted: no form.
		sub := storetest.SubmittedApplication(t, st, b)
		webtest.WantBody(t, recruiter.Get("/staff/applications/"+sub.ID+"/offer"), "only to a shortlisted application")
	})
}
