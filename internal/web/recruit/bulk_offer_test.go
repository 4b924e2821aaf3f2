package recruit_test

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
	"anchorpathways/internal/web/webtest"
)

func keyOf(a store.Application) string { return a.ID + "." + strconv.Itoa(a.Version) }

// TestBulkOfferPlaces: the pool offers places to a selection in a cohort the
// confirmation asks for; those in the wrong stage or changed meanwhile are
// listed and untouched; a full cohort refuses every offer, each listed.
func TestBulkOfferPlaces(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		w := newWorld(t, db)
		st := w.app.Store
		pool := "/staff/pathways/" + w.b.ID + "/pool"
		a1 := storetest.Shortlisted(t, st, w.b)
		a2 := storetest.Shortlisted(t, st, w.b)
		stale := storetest.Shortlisted(t, st, w.b)
		sent := storetest.SubmittedApplication(t, st, w.b)

		webtest.WantBody(t, w.recruiter.Get(pool), `value="offer_places"`)
		q := url.Values{"action": {"offer_places"},
			"app": {keyOf(a1), keyOf(a2), stale.ID + "." + strconv.Itoa(stale.Version-1), keyOf(sent)}}
		rec := w.recruiter.Get(pool + "/bulk?" + q.Encode())
		webtest.WantStatus(t, rec, http.StatusOK)
		webtest.WantBody(t, rec, "4 applicants will be offered a place", "Which course date are the places on?",
			`value="`+w.b.Cohort.ID+`" checked`, "0 of 10 places taken")

		// No cohort chosen: 422, the selection kept.
		rec = w.recruiter.Post(pool+"/bulk", q)
		webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
		webtest.WantBody(t, rec, "Select the course date to offer places on", `value="`+keyOf(a1)+`"`)

		q.Set("cohort", w.b.Cohort.ID)
		rec = w.recruiter.Post(pool+"/bulk", q)
		webtest.WantStatus(t, rec, http.StatusOK)
		webtest.WantBody(t, rec, "2 applicants moved", "2 could not be moved",
			store.Pseudonym(stale.Ref()), store.Pseudonym(sent.Ref()), "someone changed it")
		for id, want := range map[string]portal.Status{a1.ID: portal.StatusPlaceOffered, a2.ID: portal.StatusPlaceOffered,
			stale.ID: portal.StatusShortlisted, sent.ID: portal.StatusSubmitted} {
			if got := statusOf(t, db, id); got != want {
				t.Errorf("%s: status %s, want %s", id, got, want)
			}
		}
		if n := webtest.Count(t, db, "resident_links", "subject_id IN (?, ?) AND used_at IS NULL", a1.ID, a2.ID); n != 2 {
			t.Errorf("offer links = %d, want 2", n)
		}
		if n := webtest.Count(t, db, "resident_links", "subject_id IN (?, ?)", stale.ID, sent.ID); n != 0 {
			t.Errorf("links for those not moved = %d, want 0", n)
		}

		// A full cohort: every offer refused with that reason.
		if err := db.Exec("UPDATE cohorts SET places_taken = capacity WHERE id = ?", w.b.Cohort.ID).Error; err != nil {
			t.Fatal(err)
		}
		stale = storetest.Shortlisted(t, st, w.b)
		q = url.Values{"action": {"offer_places"}, "cohort": {w.b.Cohort.ID}, "app": {keyOf(stale)}}
		rec = w.recruiter.Post(pool+"/bulk", q)
		webtest.WantStatus(t, rec, http.StatusOK)
		webtest.WantBody(t, rec, "0 applicants moved", "1 could not be moved", "The course date is full")
		if got := statusOf(t, db, stale.ID); got != portal.StatusShortlisted {
			t.Errorf("offered into a full cohort: %s", got)
		}

		// Another pathway's cohort is not offerable from this pool.
		other := storetest.Pathway(t, st)
		q.Set("cohort", other.Cohort.ID)
		webtest.WantBody(t, w.recruiter.Post(pool+"/bulk", q), "can no longer be offered")
		// Out of reach: another employer's pool; a housing officer.
		webtest.WantStatus(t, w.recruiter.Get("/staff/pathways/"+other.ID+"/pool/bulk?"+q.Encode()), http.StatusNotFound)
		webtest.WantStatus(t, w.officer.Post(pool+"/bulk", q), http.StatusForbidden)
	})
}
