package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
)

// TestFreedPlacesGoToTheWaitingList: a withdrawal, a decline and an expiry
// each pass a freed place to the waiting list, best ranked first, then the
// longest waiting, as a new offer with its own link.
func TestFreedPlacesGoToTheWaitingList(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		clock := newClock()
		st := store.New(db).WithClock(clock.now)
		ctx := context.Background()
		b := storetest.Pathway(t, st, storetest.Places(1))
		holder, holderTok := storetest.Offered(t, st, b)
		early, earlyTok := storetest.Offered(t, st, b)
		ranked, rankedTok := storetest.Offered(t, st, b)
		last, lastTok := storetest.Offered(t, st, b)
		// ranked fits the pathway best, though it joins the list after early.
		if err := db.Exec("UPDATE applications SET routing = ? WHERE id = ?",
			fmt.Sprintf(`[{"PathwayID":%q,"Score":50}]`, b.ID), ranked.ID).Error; err != nil {
			t.Fatal(err)
		}
		for _, tok := range []string{holderTok, earlyTok, rankedTok, lastTok} {
			clock.add(time.Minute)
			if _, err := st.AcceptOffer(ctx, tok, store.Messages{}); err != nil {
				t.Fatal(err)
			}
		}
		want := func(step string, statuses map[string]portal.Status, taken int) {
			t.Helper()
			for id, s := range statuses {
				if got := offerStatusOf(t, db, id); got != s {
					t.Errorf("%s: %s is %s, want %s", step, id, got, s)
				}
			}
			if got := placesTaken(t, db, b.Cohort.ID); got != taken {
				t.Errorf("%s: places taken %d, want %d", step, got, taken)
			}
		}
		want("all answered", map[string]portal.Status{holder.ID: portal.StatusPlaceAccepted, early.ID: portal.StatusWaitlisted,
			ranked.ID: portal.StatusWaitlisted, last.ID: portal.StatusWaitlisted}, 1)

		// The holder withdraws: the place is free and goes to the best ranked.
		clock.add(time.Hour)
		if err := st.WithdrawApplication(ctx, holder.ID, *holder.ContactMobile, store.Messages{}); err != nil {
			t.Fatal(err)
		}
		want("withdrawn", map[string]portal.Status{holder.ID: portal.StatusWithdrawn, ranked.ID: portal.StatusPlaceOffered,
			early.ID: portal.StatusWaitlisted}, 0)
		if n := countRows(t, db, "application_events", "application_id = ? AND to_status = ? AND actor = ?", ranked.ID, portal.StatusPlaceOffered, portal.ActorSystem); n != 1 {
			t.Errorf("promotion events = %d, want 1 by the system", n)
		}
		// The promoted resident declines with the new link; the next (longest waiting) is offered.
		clock.add(time.Hour)
		if _, err := st.DeclineOffer(ctx, storetest.OfferToken(t, st, ranked), store.Messages{}); err != nil {
			t.Fatal(err)
		}
		want("declined", map[string]portal.Status{ranked.ID: portal.StatusPlaceDeclined, early.ID: portal.StatusPlaceOffered,
			last.ID: portal.StatusWaitlisted}, 0)

		// Nothing is due before the reply-by date; after it the offer ends and the last is offered.
		if n, err := st.ExpireOffers(ctx, store.Messages{}); err != nil || n != 0 {
			t.Errorf("expire before the date: %d %v, want 0", n, err)
		}
		clock.add(5*24*time.Hour + time.Minute)
		if n, err := st.ExpireOffers(ctx, store.Messages{}); err != nil || n != 1 {
			t.Errorf("expire after the date: %d %v, want 1", n, err)
		}
		want("expired", map[string]portal.Status{early.ID: portal.StatusOfferExpired, last.ID: portal.StatusPlaceOffered}, 0)
		if n := countRows(t, db, "outbox", "recipient = ? AND subject LIKE ?", *early.ContactMobile, "%has ended"); n != 1 {
			t.Errorf("expiry messages = %d, want 1", n)
		}
		// The last accepts the promoted offer and takes the place.
		if got, err := st.AcceptOffer(ctx, storetest.OfferToken(t, st, last), store.Messages{}); err != nil || got.Status != portal.StatusPlaceAccepted {
			t.Errorf("accept after promotion: %+v %v", got, err)
		}
		want("accepted", map[string]portal.Status{last.ID: portal.StatusPlaceAccepted}, 1)
	})
}

// TestExpireOffersTwice: two instances running the job at once end each
// offer once, with one event and one message each.
func TestExpireOffersTwice(t *testing.T) {
	const n = 12
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		clock := newClock()
		st := store.New(db).WithClock(clock.now)
		ctx := context.Background()
		b := storetest.Pathway(t, st, storetest.Places(n))
		apps := make([]store.Application, n)
		for i := range apps {
			apps[i], _ = storetest.Offered(t, st, b)
		}
		clock.add(6 * 24 * time.Hour)
		var wg sync.WaitGroup
		counts := make([]int, 2)
		errs := make([]error, 2)
		for i := range counts {
			wg.Add(1)
			go func() {
				defer wg.Done()
				counts[i], errs[i] = st.ExpireOffers(ctx, store.Messages{})
			}()
		}
		wg.Wait()
		if errs[0] != nil || errs[1] != nil {
			t.Fatalf("errors: %v", errs)
		}
		if counts[0]+counts[1] != n {
			t.Errorf("ended %d + %d offers, want %d in all", counts[0], counts[1], n)
		}
		for _, a := range apps {
			if got := countRows(t, db, "application_events", "application_id = ? AND to_status = ?", a.ID, portal.StatusOfferExpired); got != 1 {
				t.Errorf("%s: %d expiry events, want 1", a.ID, got)
			}
			if got := countRows(t, db, "outbox", "recipient = ? AND subject LIKE ?", *a.ContactMobile, "%has ended"); got != 1 {
				t.Errorf("%s: %d expiry messages, want 1", a.ID, got)
			}
		}
	})
}
