package store_test

import (
	"context"
	"testing"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/store/storetest"
)

// TestApplicationsForContactPutsADraftFirst checks that an unsent draft comes
// before newer applications already sent: it is what the resident still has
// to do.
func TestApplicationsForContactPutsADraftFirst(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		c := newClock()
		s, first := built(t, db, c)
		second := storetest.Pathway(t, s)
		contact := storetest.Contact()
		draft := storetest.Draft(t, s, first, contact)
		c.add(time.Hour)
		sent := storetest.SubmittedApplication(t, s, second, contact)
		apps, err := s.ApplicationsForContact(ctx, contact.Mobile)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, a := range apps {
			got = append(got, a.ID)
		}
		if want := []string{draft.ID, sent.ID}; len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
			t.Errorf("got applications %q, want the draft first: %q", got, want)
		}
	})
}
