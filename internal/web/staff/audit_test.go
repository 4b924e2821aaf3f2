package staff_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/web/webtest"
)

// auditStep runs fn and checks it wrote exactly the audit rows in want
// (action → how many), returning them.
func auditStep(t testing.TB, db *gorm.DB, want map[string]int, fn func()) []store.AuditEntry {
	t.Helper()
	var before []string
	if err := db.Table("audit_log").Pluck("id", &before).Error; err != nil {
		t.Fatal(err)
	}
	fn()
	var all []store.AuditEntry
	if err := db.Find(&all).Error; err != nil {
		t.Fatal(err)
	}
	var fresh []store.AuditEntry
	got := map[string]int{}
	for _, e := range all {
		if !slices.Contains(before, e.ID) {
			fresh = append(fresh, e)
			got[e.Action]++
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got audit rows %v, want %v", got, want)
	}
	return fresh
}

// fromRequest checks that audit rows carry the request's ID and the client's address.
func fromRequest(t testing.TB, rows []store.AuditEntry, rec *httptest.ResponseRecorder, c *webtest.Client) {
	t.Helper()
	id := rec.Header().Get(echo.HeaderXRequestID)
	ip, _, _ := strings.Cut(c.IP, ":")
	for _, e := range rows {
		if id == "" || e.RequestID != id || e.ClientIP != ip {
			t.Errorf("%s: got request %q from %q, want %q from %q", e.Action, e.RequestID, e.ClientIP, id, ip)
		}
	}
}

var tbodyRE = regexp.MustCompile(`(?s)<tbody class="govuk-table__body">(.*)</tbody>`)
var auditActionRE = regexp.MustCompile(`<td class="govuk-table__cell" data-label="Action">([^<]+)</td>`)

// auditActionsShown are the actions of the entries on an audit page, read
// back from their labels; an action shown as stored fails the test.
func auditActionsShown(t testing.TB, rec *httptest.ResponseRecorder) []string {
	t.Helper()
	webtest.WantStatus(t, rec, http.StatusOK)
	m := tbodyRE.FindStringSubmatch(rec.Body.String())
	if m == nil {
		return nil
	}
	var out []string
	for _, a := range auditActionRE.FindAllStringSubmatch(m[1], -1) {
		label, action := html.UnescapeString(a[1]), ""
		for _, x := range store.AuditActions {
			if x.Label == label {
				action = x.Action
			}
		}
		if action == "" {
			t.Errorf("an entry's action is shown as %q, not by its label", label)
			continue
		}
		out = append(out, action)
	}
	return out
}

// TestAuditLogFiltersEveryAction: the filter offers every audited action
// by its label, the data-protection ones included (erasure decisions,
// cohort exports, retention runs), and each filter finds its entries.
func TestAuditLogFiltersEveryAction(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := newStaffApp(t, db, true)
		ctx := context.Background()
		by := store.Actor{Staff: app.crew.coordinator.User.Staff(), ClientIP: "203.0.113.9"}
		for _, a := range []string{store.AuditErasure, store.AuditExported, store.AuditRetention} {
			if err := app.Store.Audit(ctx, by, a, "test", a, nil, nil); err != nil {
				t.Fatal(err)
			}
		}
		c := app.Client(t)
		crewSignIn(t, app, c, portal.RoleCoordinator)
		all := c.Get("/staff/audit")
		for _, a := range store.AuditActions {
			webtest.WantBody(t, all, `<option value="`+a.Action+`">`+html.EscapeString(a.Label)+`</option>`)
		}
		for _, a := range []string{store.AuditErasure, store.AuditExported, store.AuditRetention} {
			if got := auditActionsShown(t, c.Get("/staff/audit?action="+a)); !slices.Equal(got, []string{a}) {
				t.Errorf("filter %s: got entries %q", a, got)
			}
		}
	})
}

func TestStaffAuditRows(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := newStaffApp(t, db, false)
		ctx := context.Background()
		boss := addStaff(t, app, "boss@network.example", app.crew.network, portal.RoleCoordinator, true)
		var rec *httptest.ResponseRecorder
		one := func(action string) map[string]int { return map[string]int{action: 1} }

		rows := auditStep(t, db, one(store.AuditInvited), func() {
			_, err := app.Store.Invite(ctx, store.Actor{Staff: boss.Staff(), ClientIP: "192.0.2.1", RequestID: "req-invite"},
				app.crew.network.ID, "cleo@network.example", "Cleo Ordinate", portal.RoleCoordinator, store.Messages{BaseURL: "http://portal.test"})
			if err != nil {
				t.Fatal(err)
			}
		})
		if len(rows) == 1 && (rows[0].ActorID != boss.ID || rows[0].OrganisationID != app.crew.network.ID || rows[0].RequestID != "req-invite") {
			t.Errorf("got invitation row %+v, want it by the coordinator", rows[0])
		}

		c := app.Client(t)
		link := linkTo(t, app, "cleo@network.example", inviteLinkRE)
		c.Get(link)
		rows = auditStep(t, db, one(store.AuditInviteAccepted), func() {
			rec = c.Post(link, url.Values{"full_name": {"Cleo Ordinate"}, "password": {newPassword}, "confirm": {newPassword}})
		})
		fromRequest(t, rows, rec, c)

		rows = auditStep(t, db, one(store.AuditSignInFailed), func() { rec = staffLogin(c, "cleo@network.example", "not her password") })
		fromRequest(t, rows, rec, c)
		rows = auditStep(t, db, one(store.AuditSignIn), func() { rec = staffLogin(c, "cleo@network.example", newPassword) })
		fromRequest(t, rows, rec, c)
		cleo, err := app.Store.StaffByEmail(ctx, "cleo@network.example")
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) == 1 && rows[0].ActorID != cleo.ID {
			t.Errorf("got sign-in by %q, want %q", rows[0].ActorID, cleo.ID)
		}

		c.Get("/staff/mfa/setup")
		secret := staffRow(t, db, cleo.ID).TOTPSecret
		var codes []string
		rows = auditStep(t, db, one(store.AuditMFAEnrolled), func() {
			rec = c.Post("/staff/mfa/setup", url.Values{"code": {totpCode(t, secret, app.clock.now())}})
			for _, m := range recoveryRE.FindAllStringSubmatch(rec.Body.String(), -1) {
				codes = append(codes, m[1])
			}
		})
		fromRequest(t, rows, rec, c)
		if len(codes) == 0 {
			t.Fatal("no recovery codes")
		}

		rows = auditStep(t, db, one(store.AuditSignOut), func() { rec = c.Post("/staff/sign-out", nil) })
		fromRequest(t, rows, rec, c)

		webtest.WantRedirect(t, staffLogin(c, cleo.Email, newPassword), "/staff/login/code")
		c.Get("/staff/login/code")
		app.clock.add(30 * time.Second)
		rows = auditStep(t, db, one(store.AuditMFAFailed), func() {
			rec = c.Post("/staff/login/code", url.Values{"code": {wrongCode(t, secret, app.clock.now())}})
		})
		fromRequest(t, rows, rec, c)
		rows = auditStep(t, db, one(store.AuditMFAPassed), func() {
			rec = c.Post("/staff/login/code", url.Values{"code": {totpCode(t, secret, app.clock.now())}})
		})
		fromRequest(t, rows, rec, c)

		c.Post("/staff/sign-out", nil)
		webtest.WantRedirect(t, staffLogin(c, cleo.Email, newPassword), "/staff/login/code")
		c.Get("/staff/login/code")
		rows = auditStep(t, db, map[string]int{store.AuditRecoveryUsed: 1, store.AuditMFAPassed: 1}, func() {
			rec = c.Post("/staff/login/code", url.Values{"code": {codes[0]}})
		})
		fromRequest(t, rows, rec, c)

		r := app.Client(t)
		r.IP = "198.51.100.9:777"
		r.Get("/staff/password-reset")
		rows = auditStep(t, db, one(store.AuditResetRequested), func() {
			rec = r.Post("/staff/password-reset", url.Values{"email": {cleo.Email}})
		})
		fromRequest(t, rows, rec, r)
		reset := linkTo(t, app, cleo.Email, resetLinkRE)
		r.Get(reset)
		rows = auditStep(t, db, one(store.AuditPasswordReset), func() {
			rec = r.Post(reset, url.Values{"password": {staffPassword}, "confirm": {staffPassword}})
		})
		fromRequest(t, rows, rec, r)

		cleo = staffRow(t, db, cleo.ID)
		signInFully(t, app, c, cleo, staffPassword)
		webtest.WantStatus(t, c.Get("/staff"), http.StatusOK)
		rows = auditStep(t, db, one(store.AuditSignOutAll), func() { rec = c.Post("/staff/sign-out-everywhere", nil) })
		fromRequest(t, rows, rec, c)

		recruiter := addStaff(t, app, "rec@trust.example", app.crew.trust, portal.RoleRecruiter, true)
		rc := app.Client(t)
		rc.IP = "203.0.113.4:80"
		signInFully(t, app, rc, recruiter, staffPassword)
		rows = auditStep(t, db, one(store.AuditRefused), func() { rec = rc.Get("/staff/audit") })
		webtest.WantStatus(t, rec, http.StatusForbidden)
		fromRequest(t, rows, rec, rc)
		if len(rows) == 1 && (rows[0].ActorID != recruiter.ID || rows[0].OrganisationID != app.crew.trust.ID || !strings.Contains(rows[0].TargetID, "/staff/audit")) {
			t.Errorf("got refusal row %+v, want the recruiter and the route", rows[0])
		}
		refusedID := rec.Header().Get(echo.HeaderXRequestID)

		// The coordinator's audit page lists them, and filters by action.
		boss = staffRow(t, db, boss.ID)
		signInFully(t, app, c, boss, staffPassword)
		all := c.Get("/staff/audit")
		shown := auditActionsShown(t, all)
		if len(shown) < 10 || shown[0] != store.AuditMFAPassed || !slices.Contains(shown, store.AuditRefused) {
			t.Errorf("got actions %q, want the newest entries first", shown)
		}
		webtest.WantBody(t, all, refusedID, "rec@trust.example", "203.0.113.4")
		for _, action := range []string{store.AuditSignIn, store.AuditSignInFailed, store.AuditMFAEnrolled, store.AuditMFAPassed, store.AuditMFAFailed,
			store.AuditRecoveryUsed, store.AuditInvited, store.AuditInviteAccepted, store.AuditResetRequested, store.AuditPasswordReset,
			store.AuditSignOut, store.AuditSignOutAll, store.AuditRefused} {
			shown := auditActionsShown(t, c.Get("/staff/audit?action="+action))
			if len(shown) == 0 {
				t.Errorf("filter %s: no entries", action)
			}
			for _, a := range shown {
				if a != action {
					t.Errorf("filter %s: got an entry for %s", action, a)
				}
			}
		}
		// An unknown filter is ignored, not passed to the query.
		if got := auditActionsShown(t, c.Get("/staff/audit?action="+url.QueryEscape("x' OR '1'='1"))); len(got) != len(shown) {
			t.Errorf("got %d entries with a bogus filter, want all %d", len(got), len(shown))
		}
	})
}

var staffRefRE = regexp.MustCompile(`(?:HTH|RTC)-[A-Z0-9]{4}-[A-Z0-9]{4}`)
