package staff_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/web/webtest"
)

// An authenticator code works once, even inside its 30-second window.
func TestTOTPCodeWorksOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := newStaffApp(t, db, false)
		u := addStaff(t, app, "once@example.org", app.crew.network, portal.RoleCoordinator, true)
		code := totpCode(t, u.TOTPSecret, app.clock.now())
		first := app.Client(t)
		webtest.WantRedirect(t, staffLogin(first, u.Email, staffPassword), "/staff/login/code")
		first.Get("/staff/login/code")
		webtest.WantRedirect(t, first.Post("/staff/login/code", url.Values{"code": {code}}), "/staff")
		// Someone who watched it being typed tries it at once.
		second := app.Client(t)
		second.IP = "192.0.2.99:1"
		webtest.WantRedirect(t, staffLogin(second, u.Email, staffPassword), "/staff/login/code")
		second.Get("/staff/login/code")
		rec := second.Post("/staff/login/code", url.Values{"code": {code}})
		webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
		webtest.WantBody(t, rec, "already been used")
	})
}

// Recovery codes can be typed without their hyphen or in lower case, and a
// reload of the set-up page keeps the secret an app may already have scanned.
func TestRecoveryCodeFormsAndSetupReload(t *testing.T) {
	app := newStaffApp(t, dbtest.SQLite(t), false)
	u := addStaff(t, app, "new@example.org", app.crew.network, portal.RoleCoordinator, false)
	c := app.Client(t)
	webtest.WantRedirect(t, staffLogin(c, u.Email, staffPassword), "/staff/mfa/setup")
	c.Get("/staff/mfa/setup")
	secret := staffRow(t, app.DB, u.ID).TOTPSecret
	c.Get("/staff/mfa/setup")
	if again := staffRow(t, app.DB, u.ID).TOTPSecret; again != secret || secret == "" {
		t.Fatalf("reloading set-up changed the secret from %q to %q", secret, again)
	}
	page := c.Post("/staff/mfa/setup", url.Values{"code": {totpCode(t, secret, app.clock.now())}})
	webtest.WantStatus(t, page, http.StatusOK)
	var codes []string
	for _, m := range recoveryRE.FindAllStringSubmatch(page.Body.String(), -1) {
		codes = append(codes, m[1])
	}
	if len(codes) != 10 {
		t.Fatalf("got %d recovery codes, want 10", len(codes))
	}
	c.Post("/staff/sign-out", nil)
	webtest.WantRedirect(t, staffLogin(c, u.Email, staffPassword), "/staff/login/code")
	c.Get("/staff/login/code")
	typed := strings.ToLower(strings.ReplaceAll(codes[0], "-", " "))
	webtest.WantRedirect(t, c.Post("/staff/login/code", url.Values{"code": {typed}}), "/staff")
}
