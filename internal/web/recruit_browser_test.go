package web_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"anchorpathways/internal/browsertest"
	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
	"anchorpathways/internal/web/webtest"
)

// poolApplicant is a sent application to b whose routing scored it, from
// a resident of its own.
func poolApplicant(t *testing.T, st *store.Store, b storetest.Built, score int) store.Application {
	t.Helper()
	return lifecycleApplicant(t, st, b, storetest.Contact(), score)
}

// TestRecruiterWorksThePoolInBrowser: a recruiter opens their pathway's
// pool from the dashboard, shortlists the best fit from its page, then
// stops two others in bulk (the reason forgotten first), by visible labels
// only, at phone and desktop widths; axe-core checks every state.
func TestRecruiterWorksThePoolInBrowser(t *testing.T) {
	for _, w := range staffWidths {
		t.Run(w.name, func(t *testing.T) {
			app := webtest.NewBareApp(t, dbtest.SQLite(t))
			srv := httptest.NewServer(app.Echo)
			t.Cleanup(srv.Close)
			bp := storetest.Pathway(t, app.Store, storetest.Places(10))
			best := poolApplicant(t, app.Store, bp, 9)
			second := poolApplicant(t, app.Store, bp, 5)
			third := poolApplicant(t, app.Store, bp, 2)
			const password = "kestrel harbour lantern meadow"
			m := storetest.Staff(t, app.Store, portal.RoleRecruiter, bp.Employer, storetest.MFAExempt(), storetest.Password(password))

			b := newStaffBrowser(t, srv.URL, w.name, w.width, w.height)
			b.visit(srv.URL + "/staff/login")
			b.at("Sign in to Anchor Pathways staff", "sign in")
			b.fill("Email address", m.User.Email)
			b.fill("Password", password)
			b.button("Sign in", http.StatusOK)
			b.at("Applications", "dashboard")

			b.link("Applicants for "+bp.Name, http.StatusOK)
			b.at("Applicants", "pool")
			b.wantText(store.Pseudonym(best.Ref()), "Has worked in a kitchen", "Sent: 3")

			b.link(store.Pseudonym(best.Ref()), http.StatusOK)
			b.at(store.Pseudonym(best.Ref()), "application")
			b.button("Shortlist", http.StatusOK)
			b.at(store.Pseudonym(best.Ref()), "application, shortlisted")
			b.wantText("Shortlisted", "Offer a place")

			b.link("Back", http.StatusOK)
			b.at("Applicants", "pool, one shortlisted")
			browsertest.CheckByLabel(t, b.ctx, "Select "+store.Pseudonym(second.Ref()))
			browsertest.CheckByLabel(t, b.ctx, "Select "+store.Pseudonym(third.Ref()))
			b.fill("With the applicants you selected", "Do not progress, with a reason")
			b.button("Continue", http.StatusOK)
			b.at("2 applicants will be not progressed", "bulk confirmation")
			b.button("Confirm", http.StatusUnprocessableEntity)
			b.at("2 applicants will be not progressed", "bulk confirmation, no reason")
			b.wantStaffErrors("Select why the applications are not going forward")
			r, _ := portal.ReasonFor("places_filled")
			b.choose("Why are they not going forward?", r.Text)
			b.button("Confirm", http.StatusOK)
			b.at("2 applicants moved", "bulk done")
			b.link("Back to the applicants", http.StatusOK)
			b.at("Applicants", "pool after bulk")
			b.wantText("Not taken forward: 2", "Shortlisted: 1")
		})
	}
}
