package store_test

import (
	"context"
	"strings"
	"testing"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
)

// TestStaffMovesSpeakTheResidentsLanguage: a staff member's move (whose
// page is in English) texts the resident in the language they chose.
func TestStaffMovesSpeakTheResidentsLanguage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		st := store.New(db)
		ctx := context.Background()
		b := storetest.Pathway(t, st, storetest.Places(10))
		who := castFor(t, st, b)
		m := store.Messages{BaseURL: "https://portal.test"}
		tg := func(a store.Application) store.Target { return store.Target{ID: a.ID, Version: a.Version} }

		ar := storetest.Contact()
		app := scored(t, st, b, 1, ar)
		if err := st.SetPreferredLanguage(ctx, ar.Mobile, "ar"); err != nil {
			t.Fatal(err)
		}
		if _, err := st.ShortlistApplication(ctx, who.own, tg(app), m); err != nil {
			t.Fatal(err)
		}
		if msg, _ := st.LatestOutboxTo(ctx, ar.Mobile); !strings.Contains(msg.Body, "القائمة المختصرة") || !strings.Contains(msg.Subject, "القائمة المختصرة") {
			t.Errorf("Arabic resident got %q / %q", msg.Subject, msg.Body)
		}

		en := storetest.Contact()
		app2 := scored(t, st, b, 2, en)
		if _, err := st.NotProgressApplication(ctx, who.own, tg(app2), "places_filled", m); err != nil {
			t.Fatal(err)
		}
		if msg, _ := st.LatestOutboxTo(ctx, en.Mobile); !strings.Contains(msg.Body, "is not going any further this time") {
			t.Errorf("English resident got %q", msg.Body)
		}

		pl := storetest.Contact()
		app3 := scored(t, st, b, 3, pl)
		if err := st.SetPreferredLanguage(ctx, pl.Mobile, "ar"); err != nil {
			t.Fatal(err)
		}
		// A caller that chose a language (the resident's page) keeps it.
		if _, err := st.ShortlistApplication(ctx, who.own, tg(app3), m.In("pl")); err != nil {
			t.Fatal(err)
		}
		if msg, _ := st.LatestOutboxTo(ctx, pl.Mobile); !strings.Contains(msg.Body, "krotkiej liscie") {
			t.Errorf("chosen Polish: got %q", msg.Body)
		}
	})
}
