package console_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/web/webtest"
)

func TestConsoleStaffAccounts(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewBareApp(t, db)
		net := newNetwork(t, app)
		ctx := context.Background()
		c := app.SignIn(t, net.coordinator)
		webtest.WantBody(t, c.Get("/staff/users"), "Cora Ordinator", "Hamid Officer", "Rita Cruiter", "Recruiter")
		found := c.Get("/staff/users?q=RITA")
		webtest.WantBody(t, found, "Rita Cruiter")
		if strings.Contains(found.Body.String(), "Hamid Officer") {
			t.Error("search by name found another account")
		}
		webtest.WantBody(t, c.Get("/staff/users?q=housing.officer@"), "Hamid Officer")

		// Invite.
		c.Get("/staff/users/invite")
		rec := c.Post("/staff/users/invite", url.Values{})
		webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
		webtest.WantBody(t, rec, `href="#email"`, `href="#full_name"`, `href="#organisation"`, `href="#role"`)
		rec = c.Post("/staff/users/invite", url.Values{"email": {"Nadia@Pioneer.Example"}, "full_name": {"Nadia Begum"}, "organisation": {net.pioneer.ID}, "role": {"recruiter"}})
		webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
		webtest.WantBody(t, rec, `href="#role">Choose a role that fits Pioneer Housing Group`, `value="Nadia@Pioneer.Example"`, `value="`+net.pioneer.ID+`" selected`)
		rec = c.Post("/staff/users/invite", url.Values{"email": {net.recruiter.User.Email}, "full_name": {"Rita Again"}, "organisation": {net.trust.ID}, "role": {"recruiter"}})
		webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
		webtest.WantBody(t, rec, "There is already an account with this email address")
		webtest.WantRedirect(t, c.Post("/staff/users/invite", url.Values{"email": {"Nadia@Pioneer.Example"}, "full_name": {"Nadia Begum"},
			"organisation": {net.pioneer.ID}, "role": {"housing_officer"}}), "/staff/users")
		webtest.WantBody(t, c.Get("/staff/users"), "Invitation sent to nadia@pioneer.example", "Nadia Begum", "Invited")
		u, err := app.Store.StaffByEmail(ctx, "nadia@pioneer.example")
		if err != nil || u.Role != portal.RoleHousingOfficer || u.OrganisationID != net.pioneer.ID {
			t.Fatalf("got %+v, %v", u, err)
		}
		if n := webtest.Count(t, db, "outbox", "recipient = ? AND body LIKE ?", "nadia@pioneer.example", "%/staff/invitations/%"); n != 1 {
			t.Errorf("got %d invitation emails, want 1", n)
		}
		if n := len(auditRows(t, db, store.AuditInvited, "staff", u.ID)); n != 1 {
			t.Errorf("got %d invitation audit rows, want 1", n)
		}

		// Change role: it must fit the organisation; a misfit left by older
		// data can be put right, once, with the version checked.
		role := "/staff/users/" + net.officer.User.ID + "/role"
		v := loadForm(t, c, role)
		rec = c.Post(role, url.Values{"version": {v}, "role": {"recruiter"}})
		webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
		webtest.WantBody(t, rec, "Choose a role that fits Pioneer Housing Group")
		misfit := store.StaffUser{ID: portal.NewID(), OrganisationID: net.trust.ID, Email: "misfit@uhb.example", FullName: "Mo Fit",
			Role: portal.RoleHousingOfficer, Version: 1, CreatedAt: time.Now().UTC(), UpdatedAt: time.Now().UTC()}
		if err := db.Create(&misfit).Error; err != nil {
			t.Fatal(err)
		}
		other := app.SignIn(t, net.coordinator)
		misfitRole := "/staff/users/" + misfit.ID + "/role" // IDs in URLs are refused unless shaped like one
		v1, v2 := loadForm(t, c, misfitRole), loadForm(t, other, misfitRole)
		webtest.WantRedirect(t, c.Post(misfitRole, url.Values{"version": {v1}, "role": {"recruiter"}}), "/staff/users")
		rec = other.Post(misfitRole, url.Values{"version": {v2}, "role": {"coordinator"}})
		webtest.WantStatus(t, rec, http.StatusConflict)
		webtest.WantBody(t, rec, "Someone else has changed this staff account", "Recruiter", "Coordinator")
		if u, _ := app.Store.StaffByID(ctx, misfit.ID); u.Role != portal.RoleRecruiter {
			t.Errorf("got role %s, want recruiter", u.Role)
		}
		wantOneAudit(t, db, store.AuditRoleChanged, "staff", misfit.ID, `"role":"housing_officer"`, `"role":"recruiter"`)

		// Disable: never oneself; another account is signed out at once.
		webtest.WantBody(t, c.Get("/staff/users/"+net.coordinator.User.ID+"/disable"), "You cannot disable your own account")
		rec = c.Post("/staff/users/"+net.coordinator.User.ID+"/disable", nil)
		webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
		webtest.WantBody(t, rec, `href="#account">You cannot disable your own account`)
		recruiter := app.SignIn(t, net.recruiter)
		c.Get("/staff/users/" + net.recruiter.User.ID + "/disable")
		webtest.WantRedirect(t, c.Post("/staff/users/"+net.recruiter.User.ID+"/disable", nil), "/staff/users")
		webtest.WantBody(t, c.Get("/staff/users"), "Rita Cruiter’s account disabled", "Disabled")
		webtest.WantRedirect(t, recruiter.Get("/staff"), "/staff/login?signed-out=1")
		if n := webtest.Count(t, db, "staff_sessions", "staff_id = ?", net.recruiter.User.ID); n != 0 {
			t.Errorf("got %d sessions of the disabled account, want 0", n)
		}
		again := app.Client(t)
		again.Get("/staff/login")
		webtest.WantStatus(t, again.Post("/staff/login", url.Values{"email": {net.recruiter.User.Email}, "password": {net.recruiter.Password}}), http.StatusUnprocessableEntity)
		wantOneAudit(t, db, store.AuditStaffDisabled, "staff", net.recruiter.User.ID, `"disabled":false`, `"disabled":true`)
		if n := webtest.Count(t, db, "audit_log", "action = ? AND target_id = ?", store.AuditStaffDisabled, net.coordinator.User.ID); n != 0 {
			t.Errorf("refused self-disable wrote %d audit rows", n)
		}
	})
}
