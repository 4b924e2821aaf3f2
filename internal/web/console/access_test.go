package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
	"anchorpathways/internal/web/webtest"
)

// consoleRoutes are this console's routes, with real IDs in them.
func consoleRoutes(t testing.TB, app *webtest.App, net network) [][2]string {
	t.Helper()
	ids := map[string]string{"organisations": net.trust.ID, "neighbourhoods": net.castleVale.ID, "users": net.coordinator.User.ID}
	var out [][2]string
	for _, r := range app.Echo.Routes() {
		parts := strings.Split(r.Path, "/")
		if len(parts) < 3 || parts[1] != "staff" || ids[parts[2]] == "" {
			continue
		}
		if r.Name != "staff:coordinator" {
			t.Errorf("%s %s: got access %q, want coordinators only", r.Method, r.Path, r.Name)
		}
		out = append(out, [2]string{r.Method, strings.ReplaceAll(r.Path, ":id", ids[parts[2]])})
	}
	return out
}

func TestConsoleRoutesRefuseOtherRoles(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewBareApp(t, db)
		net := newNetwork(t, app)
		routes := consoleRoutes(t, app, net)
		if len(routes) != 19 {
			t.Fatalf("got %d console routes, want 19", len(routes))
		}
		forms := url.Values{"name": {"Taken Over"}, "kind": {"employer"}, "sectors": {"B1 1"}, "providers": {net.pioneer.ID},
			"email": {"intruder@example.com"}, "full_name": {"Ian Truder"}, "organisation": {net.trust.ID}, "role": {"coordinator"}, "version": {"1"}}
		// The factories audited what they made: count only what follows.
		changes := []string{store.AuditCreated, store.AuditUpdated, store.AuditDeleted, store.AuditInvited, store.AuditRoleChanged, store.AuditStaffDisabled}
		before := webtest.Count(t, db, "audit_log", "action IN ?", changes)
		for _, m := range []storetest.StaffMember{net.recruiter, net.officer} {
			who := m.User.Email
			c := app.SignIn(t, m)
			for _, r := range routes {
				var rec interface{ Result() *http.Response }
				if r[0] == http.MethodGet {
					rec = c.Get(r[1])
				} else {
					rec = c.Post(r[1], forms)
				}
				if got := rec.Result().StatusCode; got != http.StatusForbidden {
					t.Errorf("%s: %s %s: got %d, want 403", who, r[0], r[1], got)
				}
			}
		}
		if n := webtest.Count(t, db, "audit_log", "action IN ?", changes) - before; n != 0 {
			t.Errorf("refused requests changed something: %d audit rows", n)
		}
		if n := webtest.Count(t, db, "audit_log", "action = ?", store.AuditRefused); n != int64(2*len(routes)) {
			t.Errorf("got %d refusals audited, want %d", n, 2*len(routes))
		}
		if n := webtest.Count(t, db, "organisations", "name = ? OR removed_at IS NOT NULL", "Taken Over"); n != 0 {
			t.Errorf("refused requests changed organisations")
		}
	})
}
