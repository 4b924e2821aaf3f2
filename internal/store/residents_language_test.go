package store_test

import (
	"context"
	"testing"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
)

// A resident's language: the one they applied in, changed when they sign
// in in another, never to a language the portal does not offer.
func TestPreferredLanguage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		st := store.New(db)
		b := storetest.Pathway(t, st)
		contact := storetest.Contact()
		contact.Language = "ar"
		storetest.Draft(t, st, b, contact)
		want := func(code string) {
			t.Helper()
			got, err := st.PreferredLanguage(ctx, contact.Mobile)
			if err != nil || got != code {
				t.Errorf("got %q, %v; want %q", got, err, code)
			}
		}
		want("ar")
		if err := st.SetPreferredLanguage(ctx, contact.Mobile, "pl"); err != nil {
			t.Fatal(err)
		}
		want("pl")
		if err := st.SetPreferredLanguage(ctx, contact.Mobile, "xx"); err != nil {
			t.Fatal(err)
		}
		want("pl")
		if got, err := st.PreferredLanguage(ctx, "+447700900000"); err != nil || got != "en" {
			t.Errorf("unknown contact: got %q, %v; want en", got, err)
		}
		// Applying again in another language records it.
		other := storetest.Pathway(t, st)
		contact.Language = "ur"
		storetest.Draft(t, st, other, contact)
		want("ur")
	})
}
