package auth

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
)

const ctxStaff = "staff"

// StaffFrom returns the signed-in staff session of the request, if any.
// Any handler may call it.
func StaffFrom(c echo.Context) (store.LiveStaffSession, bool) {
	s, ok := c.Get(ctxStaff).(store.LiveStaffSession)
	return s, ok
}

// StaffExpired reports whether the request came with a staff session that
// has ended (timed out, signed out elsewhere, disabled).
func StaffExpired(c echo.Context) bool {
	expired, _ := c.Get(ctxStaffExpired).(bool)
	return expired
}

// NeedStaff admits a signed-in staff member: with the second factor done
// and in one of roles (when full), or part-way through signing in. Others
// go to the sign-in page (GET) or are refused with portal.ErrForbidden;
// refusals of signed-in staff are audited, and if the audit row cannot be
// written that error comes back instead (a refusal is never left
// unrecorded). Handle adds it; routes need not.
func (a *Auth) NeedStaff(full bool, roles []portal.Role) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			sess, ok := StaffFrom(c)
			if !ok {
				if c.Request().Method == http.MethodGet {
					if StaffExpired(c) {
						return c.Redirect(http.StatusSeeOther, "/staff/login?signed-out=1")
					}
					return c.Redirect(http.StatusSeeOther, "/staff/login")
				}
				return portal.ErrForbidden
			}
			if full && !sess.MFAPassed {
				return c.Redirect(http.StatusSeeOther, MFAStep(sess))
			}
			if !full && sess.MFAPassed {
				return c.Redirect(http.StatusSeeOther, "/staff")
			}
			if full {
				allowed := false
				for _, r := range roles {
					allowed = allowed || sess.User.Role == r
				}
				if !allowed {
					if err := a.store.Audit(c.Request().Context(), Actor(c), store.AuditRefused, "route", c.Request().Method+" "+c.Path(), nil, nil); err != nil {
						return fmt.Errorf("auth: audit refusal: %w", err)
					}
					return portal.ErrForbidden
				}
			}
			return next(c)
		}
	}
}

// NeedStaffAnyStage admits anyone with a staff session, whether or not the
// second factor is done (sign-out). Without one: the sign-in page (GET) or
// portal.ErrForbidden. Handle adds it; routes need not.
func (a *Auth) NeedStaffAnyStage(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if _, ok := StaffFrom(c); !ok {
			if c.Request().Method == http.MethodGet {
				return c.Redirect(http.StatusSeeOther, "/staff/login")
			}
			return portal.ErrForbidden
		}
		return next(c)
	}
}

// NeedResident lets through only a resident who has proved a contact
// recently (else to /status); each request keeps the sign-in alive. It
// returns the store's error if the session cannot be saved.
func (a *Auth) NeedResident(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		sess := CurrentSession(c)
		if sess == nil || sess.Contact(a.store.Now()) == "" {
			return c.Redirect(http.StatusSeeOther, "/status")
		}
		sess.Data.SignedInUntil = a.store.Now().Add(SignedInFor)
		if err := a.Save(c, sess); err != nil {
			return err
		}
		return next(c)
	}
}

// MFAStep is where a staff member goes to finish signing in.
func MFAStep(sess store.LiveStaffSession) string {
	if sess.User.TOTPEnabled {
		return "/staff/login/code"
	}
	return "/staff/mfa/setup"
}

// Actor is who is acting, for the audit log: the staff member if signed
// in, and always the client address and request ID.
func Actor(c echo.Context) store.Actor {
	a := store.Actor{ClientIP: c.RealIP(), RequestID: c.Response().Header().Get(echo.HeaderXRequestID)}
	if sess, ok := StaffFrom(c); ok {
		a.Staff = sess.User.Staff()
	}
	return a
}

// Me is the signed-in staff member (the zero Staff outside a staff route).
func Me(c echo.Context) portal.Staff {
	sess, _ := StaffFrom(c)
	return sess.User.Staff()
}

// Flash leaves a message for the staff member's next page; without a
// staff session it does nothing. It returns the store's error.
func (a *Auth) Flash(c echo.Context, msg string) error {
	sess, ok := StaffFrom(c)
	if !ok {
		return nil
	}
	return a.store.SetStaffFlash(c.Request().Context(), sess.IDHash, msg)
}
