package staff_test

import (
	"net/http"
	"testing"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/web/webtest"
)

// A staff member half-way through signing in (password done, second factor
// not yet) can sign out from either second-factor page: the button is
// there, and the session ends on the server.
func TestPendingStaffCanSignOut(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := newStaffApp(t, db, false)
		tests := []struct {
			name     string
			email    string
			enrolled bool
			page     string
		}{
			{"authenticator code", "pending-code@example.org", true, "/staff/login/code"},
			{"authenticator set-up", "pending-setup@example.org", false, "/staff/mfa/setup"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				u := addStaff(t, app, tt.email, store.Organisation{}, portal.RoleCoordinator, tt.enrolled)
				c := app.Client(t)
				webtest.WantRedirect(t, staffLogin(c, u.Email, staffPassword), tt.page)
				page := c.Get(tt.page)
				webtest.WantStatus(t, page, http.StatusOK)
				webtest.WantBody(t, page, `action="/staff/sign-out"`, ">Sign out</button>")
				webtest.WantRedirect(t, c.Post("/staff/sign-out", nil), "/staff/login")
				if got := webtest.Count(t, app.DB, "staff_sessions", "staff_id = ?", u.ID); got != 0 {
					t.Errorf("got %d staff sessions after signing out, want 0", got)
				}
				webtest.WantRedirect(t, c.Get(tt.page), "/staff/login")
			})
		}
	})
}
