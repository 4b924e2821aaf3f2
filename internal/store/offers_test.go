package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
)

func targetOf(a store.Application) store.Target { return store.Target{ID: a.ID, Version: a.Version} }

func offerStatusOf(t *testing.T, db *gorm.DB, id string) portal.Status {
	t.Helper()
	var s []portal.Status
	if err := db.Table("applications").Where("id = ?", id).Pluck("status", &s).Error; err != nil || len(s) != 1 {
		t.Fatalf("status of %s: %v %v", id, s, err)
	}
	return s[0]
}

func placesTaken(t *testing.T, db *gorm.DB, cohortID string) int {
	t.Helper()
	var n []int
	if err := db.Table("cohorts").Where("id = ?", cohortID).Pluck("places_taken", &n).Error; err != nil || len(n) != 1 {
		t.Fatalf("places taken: %v %v", n, err)
	}
	return n[0]
}

// TestOfferPlaceRules: an offer is made only by someone who may work the
// application, from the shortlist, on the version they saw, in a cohort of
// the pathway that has not started and has a place left.
func TestOfferPlaceRules(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		clock := newClock()
		st := store.New(db).WithClock(clock.now)
		ctx := context.Background()
		b := storetest.Pathway(t, st)
		elsewhere := storetest.Pathway(t, st)
		own := storetest.Staff(t, st, portal.RoleRecruiter, b.Employer).User.Staff()
		coordinator := storetest.Staff(t, st, portal.RoleCoordinator, store.Organisation{}).User.Staff()
		stranger := storetest.Staff(t, st, portal.RoleRecruiter, elsewhere.Employer).User.Staff()
		officer := storetest.Staff(t, st, portal.RoleHousingOfficer, b.Providers[0]).User.Staff()
		app := storetest.Shortlisted(t, st, b)
		submitted := storetest.SubmittedApplication(t, st, b)

		cases := []struct {
			name   string
			by     portal.Staff
			t      store.Target
			cohort string
			want   error
		}{
			{"another employer's recruiter", stranger, targetOf(app), b.Cohort.ID, portal.ErrNotFound},
			{"a housing officer", officer, targetOf(app), b.Cohort.ID, portal.ErrNotFound},
			{"another pathway's cohort", own, targetOf(app), elsewhere.Cohort.ID, store.ErrCohortUnavailable},
			{"no such cohort", own, targetOf(app), "nope", store.ErrCohortUnavailable},
			{"not shortlisted", own, targetOf(submitted), b.Cohort.ID, portal.ErrConflict},
			{"a stale page", own, store.Target{ID: app.ID, Version: app.Version - 1}, b.Cohort.ID, portal.ErrConflict},
		}
		for _, c := range cases {
			if _, err := st.OfferPlace(ctx, c.by, c.t, c.cohort, store.Messages{}); !errors.Is(err, c.want) {
				t.Errorf("%s: err = %v, want %v", c.name, err, c.want)
			}
		}
		if got := offerStatusOf(t, db, app.ID); got != portal.StatusShortlisted {
			t.Fatalf("after refusals: %s, want shortlisted", got)
		}

		got, err := st.OfferPlace(ctx, own, targetOf(app), b.Cohort.ID, store.Messages{BaseURL: "https://portal.example"})
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != portal.StatusPlaceOffered || got.CohortID == nil || *got.CohortID != b.Cohort.ID {
			t.Errorf("offered: %s in %v, want place_offered in %s", got.Status, got.CohortID, b.Cohort.ID)
		}
		var expires []time.Time
		db.Table("applications").Where("id = ?", app.ID).Pluck("offer_expires_at", &expires)
		if want := clock.now().Add(5 * 24 * time.Hour); len(expires) != 1 || !expires[0].Equal(want) {
			t.Errorf("offer expires %v, want %v (the default five-day window)", expires, want)
		}
		offer, err := st.OfferByToken(ctx, storetest.OfferToken(t, st, got))
		if err != nil || offer.PathwayName != b.Name || !offer.StartsOn.Equal(b.Cohort.StartsOn) {
			t.Errorf("offer by token = %+v, %v; want the pathway and cohort", offer, err)
		}
		if n := countRows(t, db, "application_events", "application_id = ? AND to_status = ? AND actor = ?", app.ID, portal.StatusPlaceOffered, portal.ActorRecruiter); n != 1 {
			t.Errorf("offer events = %d, want 1", n)
		}

		// A coordinator may offer too; a cohort that has started may not be offered.
		other := storetest.Shortlisted(t, st, b)
		if _, err := st.OfferPlace(ctx, coordinator, targetOf(other), b.Cohort.ID, store.Messages{}); err != nil {
			t.Errorf("coordinator's offer: %v", err)
		}
		late := storetest.Shortlisted(t, st, b)
		clock.add(40 * 24 * time.Hour)
		if _, err := st.OfferPlace(ctx, own, targetOf(late), b.Cohort.ID, store.Messages{}); !errors.Is(err, store.ErrCohortUnavailable) {
			t.Errorf("offer in a started cohort: %v, want ErrCohortUnavailable", err)
		}
	})
}

// TestOfferPlacesReportsEach: a bulk offer moves what it can and lists the
// rest with their reasons, leaving them untouched.
func TestOfferPlacesReportsEach(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		st := store.New(db)
		ctx := context.Background()
		b := storetest.Pathway(t, st, storetest.Places(1))
		own := storetest.Staff(t, st, portal.RoleRecruiter, b.Employer).User.Staff()
		good, stale, wrong := storetest.Shortlisted(t, st, b), storetest.Shortlisted(t, st, b), storetest.SubmittedApplication(t, st, b)
		out, err := st.OfferPlaces(ctx, own, []store.Target{targetOf(good), {ID: stale.ID, Version: stale.Version + 7}, targetOf(wrong)}, b.Cohort.ID, store.Messages{})
		if err != nil {
			t.Fatal(err)
		}
		if len(out) != 3 || out[0].Err != nil || !errors.Is(out[1].Err, portal.ErrConflict) || !errors.Is(out[2].Err, portal.ErrConflict) {
			t.Fatalf("outcomes = %+v, want ok, conflict, conflict", out)
		}
		if out[1].Reference != stale.Ref() || out[2].Reference != wrong.Ref() {
			t.Errorf("references = %q %q, want %q %q", out[1].Reference, out[2].Reference, stale.Ref(), wrong.Ref())
		}
		for app, want := range map[string]portal.Status{good.ID: portal.StatusPlaceOffered, stale.ID: portal.StatusShortlisted, wrong.ID: portal.StatusSubmitted} {
			if got := offerStatusOf(t, db, app); got != want {
				t.Errorf("%s: %s, want %s", app, got, want)
			}
		}
		// The place taken, a further offer is refused as full.
		if _, err := st.AcceptOffer(ctx, storetest.OfferToken(t, st, good), store.Messages{}); err != nil {
			t.Fatal(err)
		}
		out, _ = st.OfferPlaces(ctx, own, []store.Target{targetOf(stale)}, b.Cohort.ID, store.Messages{})
		if len(out) != 1 || !errors.Is(out[0].Err, store.ErrCohortFull) {
			t.Errorf("offer in a full cohort: %+v, want ErrCohortFull", out)
		}
	})
}

// TestOfferLinks: a link answers once; used again, expired or tampered with
// it gets its own error and changes nothing.
func TestOfferLinks(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		clock := newClock()
		st := store.New(db).WithClock(clock.now)
		ctx := context.Background()
		b := storetest.Pathway(t, st)
		accepted, yes := storetest.Offered(t, st, b)
		declined, no := storetest.Offered(t, st, b)
		_, late := storetest.Offered(t, st, b)

		if got, err := st.AcceptOffer(ctx, yes, store.Messages{}); err != nil || got.Status != portal.StatusPlaceAccepted {
			t.Fatalf("accept: %+v %v", got, err)
		}
		if got, err := st.DeclineOffer(ctx, no, store.Messages{}); err != nil || got.Status != portal.StatusPlaceDeclined {
			t.Fatalf("decline: %+v %v", got, err)
		}
		cases := []struct {
			name  string
			token string
			want  error
		}{
			{"used twice", yes, store.ErrLinkUsed},
			{"declined then accepted", no, store.ErrLinkUsed},
			{"tampered with", yes[:len(yes)-2] + "xx", store.ErrLinkUnknown},
			{"empty", "", store.ErrLinkUnknown},
		}
		for _, c := range cases {
			if _, err := st.AcceptOffer(ctx, c.token, store.Messages{}); !errors.Is(err, c.want) {
				t.Errorf("accept %s: %v, want %v", c.name, err, c.want)
			}
			if _, err := st.DeclineOffer(ctx, c.token, store.Messages{}); !errors.Is(err, c.want) {
				t.Errorf("decline %s: %v, want %v", c.name, err, c.want)
			}
			if _, err := st.OfferByToken(ctx, c.token); !errors.Is(err, c.want) {
				t.Errorf("show %s: %v, want %v", c.name, err, c.want)
			}
		}
		clock.add(5*24*time.Hour + time.Second)
		if _, err := st.AcceptOffer(ctx, late, store.Messages{}); !errors.Is(err, store.ErrLinkExpired) {
			t.Errorf("accept expired: %v, want ErrLinkExpired", err)
		}
		if offerStatusOf(t, db, accepted.ID) != portal.StatusPlaceAccepted || offerStatusOf(t, db, declined.ID) != portal.StatusPlaceDeclined || placesTaken(t, db, b.Cohort.ID) != 1 {
			t.Errorf("after the refusals something changed")
		}
	})
}

// TestLastPlaceRace: 200 residents accepting the last place at once; one
// takes it, the rest are waitlisted, the cohort never overfills.
func TestLastPlaceRace(t *testing.T) {
	const n = 200
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		st := store.New(db)
		ctx := context.Background()
		b := storetest.Pathway(t, st, storetest.Places(3))
		// Two places go first, so the race is for the last one.
		for range 2 {
			_, tok := storetest.Offered(t, st, b)
			if _, err := st.AcceptOffer(ctx, tok, store.Messages{}); err != nil {
				t.Fatal(err)
			}
		}
		tokens := make([]string, n)
		for i := range tokens {
			_, tokens[i] = storetest.Offered(t, st, b)
		}
		var wg sync.WaitGroup
		results := make([]portal.Status, n)
		errs := make([]error, n)
		start := make(chan struct{})
		for i := range tokens {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				var got store.OfferAnswer
				got, errs[i] = st.AcceptOffer(ctx, tokens[i], store.Messages{})
				results[i] = got.Status
			}()
		}
		close(start)
		wg.Wait()
		counts := map[portal.Status]int{}
		for i := range results {
			if errs[i] != nil {
				t.Fatalf("accept %d: %v", i, errs[i])
			}
			counts[results[i]]++
		}
		if counts[portal.StatusPlaceAccepted] != 1 || counts[portal.StatusWaitlisted] != n-1 {
			t.Errorf("outcomes = %v, want 1 accepted and %d waitlisted", counts, n-1)
		}
		if got := placesTaken(t, db, b.Cohort.ID); got != 3 {
			t.Errorf("places taken = %d, want 3 (the capacity)", got)
		}
		if got := countRows(t, db, "applications", "cohort_id = ? AND status = ?", b.Cohort.ID, portal.StatusPlaceAccepted); got != 3 {
			t.Errorf("accepted applications = %d, want 3", got)
		}
	})
}
