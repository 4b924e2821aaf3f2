package store_test

import (
	"context"
	"testing"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
)

// TestNotProgressingAPlaceHolderOffersThePlaceOn: a recruiter stopping an
// application that has taken a place gives the place back and offers it to
// the next person waiting, in the same change.
func TestNotProgressingAPlaceHolderOffersThePlaceOn(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		st := store.New(db)
		ctx := context.Background()
		b := storetest.Pathway(t, st, storetest.Places(1))
		holder, holderToken := storetest.Offered(t, st, b)
		waiting, waitingToken := storetest.Offered(t, st, b)
		if got, err := st.AcceptOffer(ctx, holderToken, store.Messages{}); err != nil || got.Status != portal.StatusPlaceAccepted {
			t.Fatalf("first accept: %v, %v", got.Status, err)
		}
		if got, err := st.AcceptOffer(ctx, waitingToken, store.Messages{}); err != nil || got.Status != portal.StatusWaitlisted {
			t.Fatalf("second accept: %v, %v; want waitlisted", got.Status, err)
		}
		var h store.Application
		if err := db.Where("id = ?", holder.ID).Take(&h).Error; err != nil {
			t.Fatal(err)
		}
		recruiter := storetest.Staff(t, st, portal.RoleRecruiter, b.Employer).User.Staff()
		if _, err := st.NotProgressApplication(ctx, recruiter, store.Target{ID: h.ID, Version: h.Version}, portal.Reasons()[0].Kind, store.Messages{}); err != nil {
			t.Fatal(err)
		}
		var taken int
		if err := db.Table("cohorts").Select("places_taken").Where("id = ?", b.Cohort.ID).Scan(&taken).Error; err != nil {
			t.Fatal(err)
		}
		var w store.Application
		if err := db.Where("id = ?", waiting.ID).Take(&w).Error; err != nil {
			t.Fatal(err)
		}
		if taken != 0 || w.Status != portal.StatusPlaceOffered {
			t.Errorf("after stopping the place holder: %d places taken, the waiting resident is %s; want 0 and a new offer", taken, w.Status)
		}
	})
}
