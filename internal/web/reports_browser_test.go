package web_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store/storetest"
	"anchorpathways/internal/web/webtest"
)

// TestImpactReportInBrowser opens the impact report as the coordinator at a
// phone's width and a desk's: the SVG funnel and neighbourhood chart and
// every table pass axe-core, nothing scrolls sideways on the phone, and bad
// dates show the error summary. The figures stand on factory-built history
// (storetest.History, until the recruiters' moves are merged); the demo
// accounts are used only to sign in.
func TestImpactReportInBrowser(t *testing.T) {
	for _, w := range staffWidths {
		t.Run(w.name, func(t *testing.T) {
			app := webtest.NewApp(t, dbtest.SQLite(t))
			p := storetest.Pathway(t, app.Store)
			now := app.Store.Now()
			for i := range 3 {
				a := storetest.SubmittedApplication(t, app.Store, p)
				steps := []storetest.Step{{To: portal.StatusPlaceAccepted, At: now.Add(time.Minute)}}
				o := storetest.Outcome{}
				if i == 0 {
					steps = append(steps, storetest.Step{To: portal.StatusJobStarted, At: now.Add(2 * time.Minute)})
					o = storetest.Outcome{JobKind: "substantive", JobStartedOn: now.Add(time.Hour)}
				}
				storetest.History(t, app.Store, a, o, steps...)
			}
			srv := httptest.NewServer(app.Echo)
			t.Cleanup(srv.Close)
			b := newStaffBrowser(t, srv.URL, w.name, w.width, w.height)
			b.signInDemo(demoStaffEmail(t, portal.RoleCoordinator))

			b.visit(srv.URL + "/staff/reports")
			b.at("Impact report", "impact report")
			b.wantText("The funnel", "By neighbourhood", p.Neighbourhood.Name, "Places filled", "Download this table as a CSV file")

			b.fill("From", "the first of May")
			b.button("Show the report", http.StatusUnprocessableEntity)
			b.at("Impact report", "impact report, bad date")
			b.wantStaffErrors("Enter the start date as year-month-day, like 2026-01-31")

			b.visit(srv.URL + "/staff/retention")
			b.at("How long data is kept", "retention schedule")
			b.visit(srv.URL + "/staff/erasure-requests")
			b.at("Erasure requests", "erasure requests")
		})
	}
}
