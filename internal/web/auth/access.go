// Package auth is who may do what on the web edge: browser sessions with
// CSRF tokens, staff sessions, the access declaration of every route and
// the guards that enforce it, and rate limits. It imports no other web
// package; page imports it to fill a page's CSRF token, flash and header.
package auth

import (
	"strings"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/portal"
)

// Access declares who may use a route. Every route is registered through
// Handle with one, which both enforces it and records it as the route's
// name, so the route table shows every permission and a test can prove no
// route was added without one.
type Access string

// The kinds of access. Staff routes list their roles: "staff:coordinator".
const (
	// Public pages: anyone, no session.
	Public Access = "public"
	// Resident pages: anyone; forms carry a CSRF token, and a browser
	// session is stored once a posted form keeps something (session.go).
	Resident Access = "resident"
	// SignedInResident pages need a resident who proved a contact with a code.
	SignedInResident Access = "resident:signed-in"
	// StaffPending pages need a staff sign-in whose second factor is not done yet.
	StaffPending Access = "staff:pending"
	// StaffAnyStage pages need a staff sign-in, second factor done or not:
	// signing out must work half-way through signing in too.
	StaffAnyStage Access = "staff:any-stage"
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
	if !ok || a == StaffPending || a == StaffAnyStage {
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
	case Public, Resident, SignedInResident, StaffPending, StaffAnyStage, DemoOnly:
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

// Router is what routes are added to: an *echo.Echo or an *echo.Group.
type Router interface {
	Add(method, path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route
}

// Handle registers a route with its access declaration, which it both
// enforces (with the guard the access needs, before m) and records as the
// route's name. Only web/routes.go calls it. It panics at boot on a route
// without a valid declaration, so none can be added by mistake.
func (a *Auth) Handle(r Router, method, path string, h echo.HandlerFunc, acc Access, m ...echo.MiddlewareFunc) {
	if !acc.Valid() {
		panic("web: route " + method + " " + path + " has no valid access declaration")
	}
	var guard []echo.MiddlewareFunc
	switch {
	case acc == SignedInResident:
		guard = append(guard, a.NeedResident)
	case acc == StaffPending:
		guard = append(guard, a.NeedStaff(false, nil))
	case acc == StaffAnyStage:
		guard = append(guard, a.NeedStaffAnyStage)
	case len(acc.Roles()) > 0:
		guard = append(guard, a.NeedStaff(true, acc.Roles()))
	}
	route := r.Add(method, path, h, append(guard, m...)...)
	route.Name = string(acc)
}
