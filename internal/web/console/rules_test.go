package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/store"
	"anchorpathways/internal/web/webtest"
)

func TestConsoleRulesAndPreview(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewBareApp(t, db)
		net := newNetwork(t, app)
		fixture := newPathways(t, app, net)
		hth := fixture.hth
		c := app.SignIn(t, net.coordinator)
		// The factories audited what they made: count only what follows.
		changes := []string{store.AuditCreated, store.AuditUpdated, store.AuditDeleted}
		madeBefore := webtest.Count(t, db, "audit_log", "action IN ?", changes)
		preview := "/staff/rules/preview?situation=unemployed&sectors=retail&skills=customer_service&interests=customer_service_roles&hours=full_time&travel=30"
		rtcFirst := func(want bool) {
			t.Helper()
			rec := c.Get(preview)
			webtest.WantStatus(t, rec, http.StatusOK)
			body := rec.Body.String()
			rtc, hthAt := strings.Index(body, ">Retail to Council Services<"), strings.Index(body, ">Hospitality to Health<")
			if rtc < 0 || hthAt < 0 || (rtc < hthAt) != want {
				t.Fatalf("retail first: got %v, want %v:\n%s", rtc < hthAt, want, webtest.Snippet(body))
			}
		}
		rec := c.Get(preview)
		// Retail: 30 (sector) + 15 (skill) + 25 (interest) + 5 (hours); health: 10 (skill).
		webtest.WantBody(t, rec, "<td class=\"govuk-table__cell govuk-table__cell--numeric\" data-label=\"Score\">75</td>", "<td class=\"govuk-table__cell govuk-table__cell--numeric\" data-label=\"Score\">10</td>",
			"You have worked in retail: council customer service teams use the same skills.", `value="retail" checked`)
		rtcFirst(true)
		if n := webtest.Count(t, db, "audit_log", "action IN ?", changes) - madeBefore; n != 0 {
			t.Errorf("the preview wrote %d audit rows", n)
		}

		rules := "/staff/pathways/" + hth.ID + "/rules"
		webtest.WantBody(t, c.Get(rules), "Kinds of work done", "Hospitality (hotels, restaurants, cafés, bars)")
		webtest.WantStatus(t, c.Get(rules+"/new"), http.StatusOK)
		bad := c.Post(rules+"/new", url.Values{"factor": {"skill"}, "value": {"retail"}, "weight": {"120"}, "reason": {""}})
		webtest.WantStatus(t, bad, http.StatusUnprocessableEntity)
		webtest.WantBody(t, bad, "Select an answer from the list under Skills", "Weight must be a whole number from -100 to 100")
		dup := c.Post(rules+"/new", url.Values{"factor": {"sector"}, "value": {"hospitality"}, "weight": {"5"}, "reason": {"Again."}})
		webtest.WantStatus(t, dup, http.StatusUnprocessableEntity)
		webtest.WantBody(t, dup, "This pathway already has a rule for this answer")
		noReason := c.Post(rules+"/new", url.Values{"factor": {"interest"}, "value": {"customer_service_roles"}, "weight": {"100"}})
		webtest.WantStatus(t, noReason, http.StatusUnprocessableEntity)
		webtest.WantBody(t, noReason, "Enter the reason residents see when this rule matches")

		webtest.WantRedirect(t, c.Post(rules+"/new", url.Values{"factor": {"interest"}, "value": {"customer_service_roles"}, "weight": {"100"},
			"reason": {"Hospital receptions need customer service."}}), rules)
		list := c.Get(rules)
		webtest.WantBody(t, list, "Routing rule saved", "Hospital receptions need customer service.")
		var id string
		for _, m := range pwRuleRE.FindAllStringSubmatch(list.Body.String(), -1) {
			if !fixture.rules[m[1]] {
				id = m[1]
			}
		}
		if id == "" {
			t.Fatal("the new rule is not listed")
		}
		pwWantOneAudit(t, db, store.AuditCreated, store.TargetRoutingRule, id, "customer_service_roles")
		rtcFirst(false)
		webtest.WantBody(t, c.Get(preview), "Hospital receptions need customer service.")

		edit := "/staff/rules/" + id + "/edit"
		v := pwVersion(t, c, edit)
		webtest.WantRedirect(t, c.Post(edit, url.Values{"factor": {"interest"}, "value": {"customer_service_roles"}, "weight": {"-20"}, "reason": {""}, "version": {v}}), rules)
		pwWantOneAudit(t, db, store.AuditUpdated, store.TargetRoutingRule, id, "-20")
		rtcFirst(true)
		stale := c.Post(edit, url.Values{"factor": {"interest"}, "value": {"customer_service_roles"}, "weight": {"50"}, "reason": {"x"}, "version": {v}})
		webtest.WantStatus(t, stale, http.StatusConflict)
		webtest.WantBody(t, stale, "Someone else has changed this routing rule")

		del := "/staff/rules/" + id + "/delete"
		webtest.WantStatus(t, c.Post(del, url.Values{"version": {v}}), http.StatusConflict)
		v = pwVersion(t, c, del)
		webtest.WantRedirect(t, c.Post(del, url.Values{"version": {v}}), rules)
		if n := webtest.Count(t, db, "routing_rules", "id = ?", id); n != 0 {
			t.Error("the rule is still there")
		}
		pwWantOneAudit(t, db, store.AuditDeleted, store.TargetRoutingRule, id, "customer_service_roles")
	})
}
