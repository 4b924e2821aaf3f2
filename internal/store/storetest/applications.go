package storetest

import (
	"context"
	"fmt"
	"testing"

	"anchorpathways/internal/store"
)

// Contact returns contact details no other call returns: a name, a unique
// mobile, texts preferred.
func Contact() store.Contact {
	return store.Contact{FullName: "Sam Resident", Mobile: UniqueMobile(), Channel: store.ChannelSMS}
}

// Draft starts a draft application to the pathway through StartApplication,
// with eligible answers (b.Eligible) and contact (Contact() when none is
// given), assigned to the pathway's cohort, and returns it.
func Draft(t testing.TB, st *store.Store, b Built, contact ...store.Contact) store.Application {
	t.Helper()
	ctx := context.Background()
	c := Contact()
	if len(contact) > 0 {
		c = contact[0]
	}
	app, err := st.StartApplication(ctx, b.ID, b.Eligible(), c)
	if err != nil {
		t.Fatalf("storetest.Draft: %v", err)
	}
	cohort := b.Cohort.ID
	app, err = st.UpdateDraft(ctx, app.ID, func(a *store.Application) error {
		a.CohortID = &cohort
		return nil
	})
	if err != nil {
		t.Fatalf("storetest.Draft: cohort: %v", err)
	}
	return app
}

// SubmittedApplication is Draft then SubmitApplication: it returns the
// application submitted, with its reference; the confirmation message is in
// the outbox.
func SubmittedApplication(t testing.TB, st *store.Store, b Built, contact ...store.Contact) store.Application {
	t.Helper()
	app := Draft(t, st, b, contact...)
	sub, err := st.SubmitApplication(context.Background(), app.ID, store.Messages{})
	if err != nil {
		t.Fatalf("storetest.SubmittedApplication: %v", err)
	}
	return sub.Application
}

// RuleOption changes a routing rule before it is created.
type RuleOption func(*store.RuleInput)

// RoutingRule adds a rule to the pathway through CreateRoutingRule (by
// default: factor "skill", a value no other call uses, weight 10) and
// returns it as stored.
func RoutingRule(t testing.TB, st *store.Store, pathwayID string, opts ...RuleOption) store.RoutingRuleRow {
	t.Helper()
	ctx := context.Background()
	in := store.RuleInput{Factor: "skill", Value: fmt.Sprintf("value_%d", next()), Weight: 10, Reason: "Your skills fit this pathway."}
	for _, o := range opts {
		o(&in)
	}
	id, err := st.CreateRoutingRule(ctx, Actor(), pathwayID, in)
	if err != nil {
		t.Fatalf("storetest.RoutingRule: %v", err)
	}
	r, err := st.RuleForConsole(ctx, id)
	if err != nil {
		t.Fatalf("storetest.RoutingRule: read back: %v", err)
	}
	return r
}
