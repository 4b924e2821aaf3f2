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

// TestOfferMessagesInEachResidentsLanguage: each offer message goes in
// the language its resident chose, with a link that opens in it; a place
// freed by a resident reading Arabic is offered to the next in line in
// that resident's own language, not the Arabic of the page that freed it.
func TestOfferMessagesInEachResidentsLanguage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		st := store.New(db)
		ctx := context.Background()
		b := storetest.Pathway(t, st, storetest.Places(1))
		holder, waiting := storetest.Contact(), storetest.Contact()
		for c, lang := range map[store.Contact]string{holder: "ar", waiting: "pl"} {
			storetest.Shortlisted(t, st, b, c)
			if err := st.SetPreferredLanguage(ctx, c.Mobile, lang); err != nil {
				t.Fatal(err)
			}
		}
		latest := func(to string) store.OutboxMessage {
			t.Helper()
			m, err := st.LatestOutboxTo(ctx, to)
			if err != nil {
				t.Fatal(err)
			}
			return m
		}
		apps := map[string]store.Application{}
		for _, c := range []store.Contact{holder, waiting} {
			var a store.Application
			if err := db.Where("contact_mobile = ?", c.Mobile).Take(&a).Error; err != nil {
				t.Fatal(err)
			}
			a, err := st.OfferPlace(ctx, storetest.Coordinator(), store.Target{ID: a.ID, Version: a.Version}, b.Cohort.ID, store.Messages{BaseURL: "https://p.example"})
			if err != nil {
				t.Fatal(err)
			}
			apps[c.Mobile] = a
		}
		if m := latest(holder.Mobile); !strings.Contains(m.Body, "لك مكان") || !strings.Contains(m.Body, "?lang=ar") {
			t.Errorf("the Arabic resident's offer: %q", m.Body)
		}
		if m := latest(waiting.Mobile); !strings.Contains(m.Body, "oferujemy Ci miejsce") || !strings.Contains(m.Body, "?lang=pl") {
			t.Errorf("the Polish resident's offer: %q", m.Body)
		}
		if _, err := st.AcceptOffer(ctx, storetest.OfferToken(t, st, apps[holder.Mobile]), store.Messages{}); err != nil {
			t.Fatal(err)
		}
		if m := latest(holder.Mobile); !strings.Contains(m.Body, "مكانك") {
			t.Errorf("the Arabic resident's acceptance: %q", m.Body)
		}
		if _, err := st.AcceptOffer(ctx, storetest.OfferToken(t, st, apps[waiting.Mobile]), store.Messages{}); err != nil {
			t.Fatal(err)
		}
		if m := latest(waiting.Mobile); !strings.Contains(m.Body, "liscie oczekujacych") {
			t.Errorf("the Polish resident's waiting list message: %q", m.Body)
		}
		// The Arabic resident withdraws from a page in Arabic: the place goes
		// to the Polish resident, in Polish.
		if err := st.WithdrawApplication(ctx, apps[holder.Mobile].ID, holder.Mobile, store.Messages{}.In("ar")); err != nil {
			t.Fatal(err)
		}
		if m := latest(waiting.Mobile); !strings.Contains(m.Body, "oferujemy Ci miejsce") {
			t.Errorf("the place freed from an Arabic page was offered as %q", m.Body)
		}
		if _, err := st.DeclineOffer(ctx, storetest.OfferToken(t, st, apps[waiting.Mobile]), store.Messages{}); err != nil {
			t.Fatal(err)
		}
		if m := latest(waiting.Mobile); !strings.Contains(m.Body, "zostalo odrzucone") {
			t.Errorf("the Polish resident's declined message: %q", m.Body)
		}
	})
}
