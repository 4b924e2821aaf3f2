package web

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
)

// Access declares who may use a route. Every route is registered through
// handle with one, which both enforces it and records it as the route's
// name, so the route table shows every permission and a test can prove no
// route was added without one.
type Access string

// The kinds of access. Staff routes list their roles: "staff:coordinator".
const (
	// Public pages: anyone, no session.
	Public Access = "public"
	// Resident pages: anyone, with a browser session (forms, CSRF).
	Resident Access = "resident"
	// SignedInResident pages need a resident who proved a contact with a code.
	SignedInResident Access = "resident:signed-in"
	// StaffPending pages need a staff sign-in whose second factor is not done yet.
	StaffPending Access = "staff:pending"
	// DemoOnly pages exist only in demo mode.
	DemoOnly Access = "demo"
)

// Staff is access for signed-in staff (second factor done) in these roles.
func Staff(roles ...portal.Role) Access {
	parts := make([]string, len(roles))
	for i, r := range roles {
		parts[i] = string(r)
	}
	return Access("staff:" + strings.Join(parts, ","))
}

// AnyStaff is every staff role.
var AnyStaff = Staff(portal.RoleCoordinator, portal.RoleHousingOfficer, portal.RoleRecruiter)

// Roles are the staff roles an access admits (none for non-staff access).
func (a Access) Roles() []portal.Role {
	rest, ok := strings.CutPrefix(string(a), "staff:")
	if !ok || a == StaffPending {
		return nil
	}
	var out []portal.Role
	for _, r := range strings.Split(rest, ",") {
		out = append(out, portal.Role(r))
	}
	return out
}

// Valid reports whether a is a declaration (and not, say, echo's default
// route name).
func (a Access) Valid() bool {
	switch a {
	case Public, Resident, SignedInResident, StaffPending, DemoOnly:
		return true
	}
	roles := a.Roles()
	for _, r := range roles {
		if !r.Valid() {
			return false
		}
	}
	return len(roles) > 0
}

type router interface {
	Add(method, path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route
}

// handle registers a route with its access declaration.
func (s *Server) handle(r router, method, path string, h echo.HandlerFunc, a Access, m ...echo.MiddlewareFunc) {
	if !a.Valid() {
		panic("web: route " + method + " " + path + " has no valid access declaration")
	}
	var guard []echo.MiddlewareFunc
	switch {
	case a == SignedInResident:
		guard = append(guard, s.needResident)
	case a == StaffPending:
		guard = append(guard, s.needStaff(false, nil))
	case len(a.Roles()) > 0:
		guard = append(guard, s.needStaff(true, a.Roles()))
	}
	route := r.Add(method, path, h, append(guard, m...)...)
	route.Name = string(a)

}

const ctxStaff = "staff"

// staffFrom returns the signed-in staff session of the request, if any.
func staffFrom(c echo.Context) (store.LiveStaffSession, bool) {
	s, ok := c.Get(ctxStaff).(store.LiveStaffSession)
	return s, ok
}

// needStaff admits a signed-in staff member: with the second factor done
// and in one of roles (when full), or part-way through signing in. Others
// go to the sign-in page (GET) or are refused; refusals of signed-in staff
// are audited.
func (s *Server) needStaff(full bool, roles []portal.Role) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			sess, ok := staffFrom(c)
			if !ok {
				if c.Request().Method == http.MethodGet {
					if expired, _ := c.Get(ctxStaffExpired).(bool); expired {
						return c.Redirect(http.StatusSeeOther, "/staff/login?signed-out=1")
					}
					return c.Redirect(http.StatusSeeOther, "/staff/login")
				}
				return portal.ErrForbidden
			}
			if full && !sess.MFAPassed {
				return c.Redirect(http.StatusSeeOther, s.mfaStep(sess))
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
					_ = s.store.Audit(c.Request().Context(), s.actor(c), store.AuditRefused, "route", c.Request().Method+" "+c.Path(), nil, nil)
					return portal.ErrForbidden
				}
			}
			return next(c)
		}
	}
}

// mfaStep is where a staff member goes to finish signing in.
func (s *Server) mfaStep(sess store.LiveStaffSession) string {
	if sess.User.TOTPEnabled {
		return "/staff/login/code"
	}
	return "/staff/mfa/setup"
}

// actor is who is acting, for the audit log.
func (s *Server) actor(c echo.Context) store.Actor {
	a := store.Actor{ClientIP: c.RealIP(), RequestID: c.Response().Header().Get(echo.HeaderXRequestID)}
	if sess, ok := staffFrom(c); ok {
		a.Staff = sess.User.Staff()
	}
	return a
}

// me is the signed-in staff member (only under a staff route).
func me(c echo.Context) portal.Staff {
	sess, _ := staffFrom(c)
	return sess.User.Staff()
}

// flash leaves a message for the staff member's next page.
func (s *Server) flash(c echo.Context, msg string) error {
	sess, ok := staffFrom(c)
	if !ok {
		return nil
	}
	return s.store.SetStaffFlash(c.Request().Context(), sess.IDHash, msg)
}
