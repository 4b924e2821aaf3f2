package webtest

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/store/storetest"
)

// NewBareApp builds the portal on db in demo mode with no data at all: the
// test builds what it stands on with the storetest factories.
func NewBareApp(t testing.TB, db *gorm.DB) *App {
	t.Helper()
	return NewAppWith(t, db, Options{Bare: true})
}

// SignIn signs m in through the real forms, as its owner would: email and
// password, then (for an enrolled account) a TOTP code from m's secret at
// the store's clock; then it loads the dashboard, so the client holds the
// staff session's CSRF token. An account with no second factor must be
// MFA-exempt in a demo-mode app. Signing one account in more than twice
// within one 30-second step fails the test: a code works once and the
// portal accepts only one step of drift ahead, so such a test should sign
// in a second account instead.
func (a *App) SignIn(t testing.TB, m storetest.StaffMember) *Client {
	t.Helper()
	c := a.Client(t)
	WantStatus(t, c.Get("/staff/login"), http.StatusOK)
	rec := c.Post("/staff/login", url.Values{"email": {m.User.Email}, "password": {m.Password}})
	if rec.Code == http.StatusSeeOther && rec.Header().Get("Location") == "/staff/login/code" {
		WantStatus(t, c.Get("/staff/login/code"), http.StatusOK)
		rec = c.Post("/staff/login/code", url.Values{"code": {a.NextTOTP(t, m)}})
	}
	WantRedirect(t, rec, "/staff")
	WantStatus(t, c.Get("/staff"), http.StatusOK)
	return c
}

// NextTOTP is a code for m that the portal will accept now: for the current
// 30-second step of the store's clock, or for the next one when the current
// one has been used (the portal allows one step of drift).
func (a *App) NextTOTP(t testing.TB, m storetest.StaffMember) string {
	t.Helper()
	var last int64
	if err := a.DB.Table("staff_users").Select("totp_last_step").Where("id = ?", m.User.ID).Scan(&last).Error; err != nil {
		t.Fatalf("webtest: last TOTP step: %v", err)
	}
	step := a.Store.Now().Unix() / 30
	if last >= step {
		step = last + 1
	}
	if step > a.Store.Now().Unix()/30+1 {
		t.Fatalf("webtest: %s has used every TOTP code the portal accepts now; sign in another account", m.User.Email)
	}
	return m.TOTP(t, time.Unix(step*30, 0))
}
