package storetest

import (
	"context"
	"testing"

	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
)

// Shortlisted is SubmittedApplication, then shortlisted.
func Shortlisted(t testing.TB, st *store.Store, b Built, contact ...store.Contact) store.Application {
	t.Helper()
	app := SubmittedApplication(t, st, b, contact...)
	app, err := st.ShortlistApplication(context.Background(), Coordinator(), store.Target{ID: app.ID, Version: app.Version}, store.Messages{})
	if err != nil {
		t.Fatalf("storetest.Shortlisted: %v", err)
	}
	return app
}

// Coordinator is a coordinator acting, for factories that need someone who
// may work every application.
func Coordinator() portal.Staff {
	return portal.Staff{ID: "storetest-coordinator", Role: portal.RoleCoordinator}
}

// Offered is Shortlisted then OfferPlace in the pathway's cohort by a
// coordinator; it returns the application and the token texted to the
// resident.
func Offered(t testing.TB, st *store.Store, b Built, contact ...store.Contact) (store.Application, string) {
	t.Helper()
	app := Shortlisted(t, st, b, contact...)
	app, err := st.OfferPlace(context.Background(), Coordinator(), store.Target{ID: app.ID, Version: app.Version}, b.Cohort.ID, store.Messages{})
	if err != nil {
		t.Fatalf("storetest.Offered: %v", err)
	}
	return app, OfferToken(t, st, app)
}

// OfferToken is the token of the latest offer link texted (or emailed) to
// the application's resident, read from the outbox (where it waits, apart
// from the text, until delivered).
func OfferToken(t testing.TB, st *store.Store, app store.Application) string {
	t.Helper()
	to := ""
	if app.ContactMobile != nil {
		to = *app.ContactMobile
	} else if app.ContactEmail != nil {
		to = *app.ContactEmail
	}
	var secrets []string
	err := st.DB().Table("outbox").Where("recipient = ? AND body LIKE ? AND secret IS NOT NULL", to, "%/offers/%").
		Order("created_at DESC").Limit(1).Pluck("secret", &secrets).Error
	if err != nil || len(secrets) == 0 {
		t.Fatalf("storetest.OfferToken: no offer link to %s (%v)", to, err)
	}
	return secrets[0]
}
