package auth

import (
	"crypto/subtle"
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
)

const (
	staffCookie     = "ap_staff"
	ctxStaffExpired = "staff-expired"
	staffCSP        = "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)

// StaffSessions loads a staff session from its cookie, ends it when it is
// idle, too old, or its account or organisation has gone, and checks the
// CSRF token of every unsafe request made with it (ErrCSRF). Requests
// without a staff session fall back to the browser session (sign-in
// forms). The /staff route group uses it as middleware.
func (a *Auth) StaffSessions(next echo.HandlerFunc) echo.HandlerFunc {
	withBrowserSession := a.Sessions(next)
	return func(c echo.Context) error {
		ck, err := c.Cookie(staffCookie)
		if err != nil || ck.Value == "" {
			return withBrowserSession(c)
		}
		sess, err := a.store.LoadStaffSession(c.Request().Context(), store.HashToken(ck.Value))
		if errors.Is(err, portal.ErrNotFound) {
			// Timed out, signed out elsewhere, or disabled: say so at sign-in.
			a.ClearStaffCookie(c)
			c.Set(ctxStaffExpired, true)
			return withBrowserSession(c)
		}
		if err != nil {
			return err
		}
		if c.Request().Method != http.MethodGet && c.Request().Method != http.MethodHead {
			token := c.FormValue("csrf_token")
			if token == "" || subtle.ConstantTimeCompare([]byte(token), []byte(sess.CSRFToken)) != 1 {
				return ErrCSRF
			}
		}
		if err := a.store.TouchStaffSession(c.Request().Context(), sess.IDHash); err != nil {
			return err
		}
		c.Set(ctxStaff, sess)
		h := c.Response().Header()
		h.Set("Cache-Control", "no-store")
		// Staff pages may run the site's own script (the time-out warning).
		h.Set("Content-Security-Policy", staffCSP)
		err = next(c)
		if c.Request().Method == http.MethodPost && err == nil && c.Response().Status < 400 {
			// A console change may alter public pages: show it at once.
			a.purge()
		}
		return err
	}
}

// SetStaffCookie gives the browser a staff session token (at sign-in).
func (a *Auth) SetStaffCookie(c echo.Context, token string) {
	c.SetCookie(&http.Cookie{Name: staffCookie, Value: token, Path: "/staff", HttpOnly: true, Secure: a.secure,
		SameSite: http.SameSiteStrictMode, MaxAge: int(store.StaffAbsoluteLimit.Seconds())})
}

// ClearStaffCookie removes the staff session cookie (sign-out, expiry).
func (a *Auth) ClearStaffCookie(c echo.Context) {
	c.SetCookie(&http.Cookie{Name: staffCookie, Value: "", Path: "/staff", MaxAge: -1, HttpOnly: true, Secure: a.secure, SameSite: http.SameSiteStrictMode})
}
