package staff_test

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/web/webtest"
)

func TestStaffSessionFixation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := newStaffApp(t, db, true)
		const planted = "planted-by-someone-else-0123456789abcdefghijk"
		c := app.Client(t)
		c.SetCookie("ap_staff", planted)
		c.Get("/staff/login")
		c.SetCookie("ap_staff", planted) // still sent with the form
		rec := c.Post("/staff/login", staffLoginForm(app.crew.coordinator))
		webtest.WantRedirect(t, rec, "/staff")
		got := c.Cookie("ap_staff")
		if got == "" || got == planted {
			t.Fatalf("got staff cookie %q after sign-in, want a new one", got)
		}
		ck := setCookie(rec, "ap_staff")
		if ck == nil || !ck.HttpOnly || ck.SameSite != http.SameSiteStrictMode || ck.Path != "/staff" {
			t.Errorf("got staff cookie %+v, want HttpOnly, SameSite=Strict, Path=/staff", ck)
		}
		sum := sha256.Sum256([]byte(planted))
		if n := webtest.Count(t, db, "staff_sessions", "id_hash = ?", hex.EncodeToString(sum[:])); n != 0 {
			t.Error("the planted token became a session")
		}
		if n := webtest.Count(t, db, "staff_sessions", "id_hash = ?", got); n != 0 {
			t.Error("the session token is stored in clear")
		}
		webtest.WantStatus(t, c.Get("/staff"), http.StatusOK)

		attacker := app.Client(t)
		attacker.SetCookie("ap_staff", planted)
		webtest.WantRedirect(t, attacker.Get("/staff"), signedOut)

		// Signing in again gives yet another token; the old one dies with sign-out.
		old := got
		webtest.WantRedirect(t, c.Post("/staff/sign-out", nil), "/staff/login")
		crewSignIn(t, app, c, portal.RoleCoordinator)
		if c.Cookie("ap_staff") == old {
			t.Error("a second sign-in reused the session token")
		}
		attacker.SetCookie("ap_staff", old)
		webtest.WantRedirect(t, attacker.Get("/staff"), signedOut)
	})
}

func TestStaffIdleAndAbsoluteExpiry(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := newStaffApp(t, db, true)
		c := app.Client(t)
		crewSignIn(t, app, c, portal.RoleCoordinator)
		webtest.WantStatus(t, c.Get("/staff"), http.StatusOK)
		// Activity within 30 minutes keeps it alive, again and again.
		for range 3 {
			app.clock.add(29 * time.Minute)
			webtest.WantStatus(t, c.Get("/staff"), http.StatusOK)
		}
		app.clock.add(31 * time.Minute)
		webtest.WantRedirect(t, c.Get("/staff"), signedOut)
		if c.Cookie("ap_staff") != "" {
			t.Error("the expired session's cookie was not cleared")
		}
		webtest.WantBody(t, c.Get(signedOut), "You have been signed out")

		// Absolute limit: busy all day, the session still ends at 12 hours.
		crewSignIn(t, app, c, portal.RoleCoordinator)
		for i := 1; i < 36; i++ {
			app.clock.add(20 * time.Minute)
			if rec := c.Get("/staff"); rec.Code != http.StatusOK {
				t.Fatalf("after %s of activity: got status %d, want 200", time.Duration(i)*20*time.Minute, rec.Code)
			}
		}
		app.clock.add(20 * time.Minute)
		webtest.WantRedirect(t, c.Get("/staff"), signedOut)
	})
}

func TestStaffDisabledAccountAndRemovedOrganisation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := newStaffApp(t, db, true)
		recruiter, officer, coordinator := app.Client(t), app.Client(t), app.Client(t)
		crewSignIn(t, app, recruiter, portal.RoleRecruiter)
		crewSignIn(t, app, officer, portal.RoleHousingOfficer)
		crewSignIn(t, app, coordinator, portal.RoleCoordinator)
		for _, c := range []*webtest.Client{recruiter, officer, coordinator} {
			webtest.WantStatus(t, c.Get("/staff"), http.StatusOK)
		}

		if err := db.Exec("UPDATE staff_users SET disabled_at = ? WHERE email = ?", app.clock.now(), app.crew.recruiter.User.Email).Error; err != nil {
			t.Fatal(err)
		}
		webtest.WantRedirect(t, recruiter.Get("/staff"), signedOut)
		rec := staffLogin(app.Client(t), app.crew.recruiter.User.Email, app.crew.recruiter.Password)
		webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
		webtest.WantBody(t, rec, wrongCredentials)

		if err := db.Exec("UPDATE organisations SET removed_at = ? WHERE id = ?", app.clock.now(), app.crew.pioneer.ID).Error; err != nil {
			t.Fatal(err)
		}
		webtest.WantRedirect(t, officer.Get("/staff"), signedOut)
		webtest.WantStatus(t, coordinator.Get("/staff"), http.StatusOK)
		rec = staffLogin(app.Client(t), app.crew.officer.User.Email, app.crew.officer.Password)
		webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
		webtest.WantBody(t, rec, wrongCredentials)
	})
}

func TestStaffSignOutAndSignOutEverywhere(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := newStaffApp(t, db, true)
		a, b := app.Client(t), app.Client(t)
		crewSignIn(t, app, a, portal.RoleCoordinator)
		crewSignIn(t, app, b, portal.RoleCoordinator)
		page := a.Get("/staff")
		webtest.WantStatus(t, page, http.StatusOK)
		webtest.WantBody(t, page, `action="/staff/sign-out"`)
		webtest.WantStatus(t, b.Get("/staff"), http.StatusOK)

		// Without the form's token nothing happens.
		webtest.WantStatus(t, a.Post("/staff/sign-out", url.Values{"csrf_token": {"forged"}}), http.StatusForbidden)
		webtest.WantStatus(t, a.Get("/staff"), http.StatusOK)

		token := a.Cookie("ap_staff")
		webtest.WantRedirect(t, a.Post("/staff/sign-out", nil), "/staff/login")
		webtest.WantRedirect(t, a.Get("/staff"), "/staff/login")
		webtest.WantStatus(t, b.Get("/staff"), http.StatusOK)
		// The server ended it: the old cookie, replayed, is worthless.
		replay := app.Client(t)
		replay.SetCookie("ap_staff", token)
		webtest.WantRedirect(t, replay.Get("/staff"), signedOut)

		c := app.Client(t)
		crewSignIn(t, app, a, portal.RoleCoordinator)
		crewSignIn(t, app, c, portal.RoleCoordinator)
		officer := app.Client(t)
		crewSignIn(t, app, officer, portal.RoleHousingOfficer)
		webtest.WantStatus(t, a.Get("/staff"), http.StatusOK)
		webtest.WantRedirect(t, a.Post("/staff/sign-out-everywhere", nil), "/staff/login")
		for name, cl := range map[string]*webtest.Client{"this browser": a, "another browser": b, "a third browser": c} {
			if rec := cl.Get("/staff"); rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/staff/login") {
				t.Errorf("%s: got %d to %q, want signed out", name, rec.Code, rec.Header().Get("Location"))
			}
		}
		webtest.WantStatus(t, officer.Get("/staff"), http.StatusOK)
	})
}
