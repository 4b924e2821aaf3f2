package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/portal"
)

const (
	get  = http.MethodGet
	post = http.MethodPost
)

// routes is the whole URL table. Each line says who may use the route; the
// declaration is enforced by handle and checked by a test over every route.
func (s *Server) routes(e *echo.Echo) {
	coordinator := Staff(portal.RoleCoordinator)

	// Public pages: no session, no cookie, cacheable.
	s.handle(e, get, "/", s.home, Public)
	s.handle(e, get, "/pathways/:slug", s.pathway, Public)
	s.handle(e, get, "/healthz", s.healthz, Public)
	s.handle(e, get, "/readyz", s.readyz, Public)
	s.handle(e, get, "/static/*", echo.WrapHandler(s.assets), Public)

	// The resident journey: a server-side session, CSRF on every POST.
	apply := e.Group("/pathways/:slug/apply", s.sessions)
	s.handle(apply, get, "", s.eligibility, Resident)
	s.handle(apply, post, "", s.eligibilityPost, Resident, s.limit("start", 60))
	s.handle(apply, get, "/not-eligible", s.notEligible, Resident)
	s.handle(apply, get, "/about-you", s.aboutYou, Resident, s.needEligible)
	s.handle(apply, post, "/about-you", s.aboutYouPost, Resident, s.needEligible, s.limit("start", 60))
	s.handle(apply, get, "/already-applied", s.alreadyApplied, Resident)
	s.handle(apply, get, "/your-work", s.yourWork, Resident, s.needDraft)
	s.handle(apply, post, "/your-work", s.yourWorkPost, Resident, s.needDraft)
	s.handle(apply, get, "/support", s.support, Resident, s.needDraft)
	s.handle(apply, post, "/support", s.supportPost, Resident, s.needDraft)
	s.handle(apply, get, "/choose", s.choose, Resident, s.needDraft)
	s.handle(apply, post, "/choose", s.choosePost, Resident, s.needDraft)
	s.handle(apply, get, "/course-date", s.courseDate, Resident, s.needDraft)
	s.handle(apply, post, "/course-date", s.courseDatePost, Resident, s.needDraft)
	s.handle(apply, get, "/check", s.check, Resident, s.needDraft)
	s.handle(apply, post, "/check", s.checkPost, Resident, s.needDraft)
	s.handle(apply, get, "/confirmation", s.confirmation, Resident)

	// A resident's own applications, after a one-time code.
	status := e.Group("/status", s.sessions)
	s.handle(status, get, "", s.statusStart, Resident)
	s.handle(status, post, "", s.statusStartPost, Resident, s.limit("code-request-ip", 10))
	s.handle(status, get, "/code", s.statusCode, Resident)
	s.handle(status, post, "/code", s.statusCodePost, Resident, s.limit("code-attempt-ip", 30))
	s.handle(status, get, "/applications", s.statusApplications, SignedInResident)
	s.handle(status, post, "/applications/:id/continue", s.statusContinue, SignedInResident)
	s.handle(status, get, "/applications/:id/withdraw", s.statusWithdraw, SignedInResident)
	s.handle(status, post, "/applications/:id/withdraw", s.statusWithdrawPost, SignedInResident)
	s.handle(status, post, "/sign-out", s.statusSignOut, Resident)

	// Staff sign-in: forms on a browser session until a staff session exists.
	staff := e.Group("/staff", s.staffSessions)
	s.handle(staff, get, "/login", s.staffLogin, Resident)
	s.handle(staff, post, "/login", s.staffLoginPost, Resident, s.limit("staff-login-ip", 100))
	s.handle(staff, get, "/login/code", s.staffCode, StaffPending)
	s.handle(staff, post, "/login/code", s.staffCodePost, StaffPending)
	s.handle(staff, get, "/mfa/setup", s.staffMFASetup, StaffPending)
	s.handle(staff, post, "/mfa/setup", s.staffMFASetupPost, StaffPending)
	s.handle(staff, get, "/invitations/:token", s.staffInvitation, Resident)
	s.handle(staff, post, "/invitations/:token", s.staffInvitationPost, Resident, s.limit("staff-token-ip", 30))
	s.handle(staff, get, "/password-reset", s.staffResetRequest, Resident)
	s.handle(staff, post, "/password-reset", s.staffResetRequestPost, Resident, s.limit("staff-reset-ip", 10))
	s.handle(staff, get, "/password-reset/:token", s.staffReset, Resident)
	s.handle(staff, post, "/password-reset/:token", s.staffResetPost, Resident, s.limit("staff-token-ip", 30))
	s.handle(staff, post, "/sign-out", s.staffSignOut, AnyStaff)
	s.handle(staff, post, "/sign-out-everywhere", s.staffSignOutEverywhere, AnyStaff)

	// Every staff member's own dashboard, scoped to their organisation.
	s.handle(staff, get, "", s.staffDashboard, AnyStaff)

	// The coordinator's console.
	s.handle(staff, get, "/audit", s.auditLog, coordinator)
	// Console: organisations, neighbourhoods and staff accounts.
	// (end of organisations, neighbourhoods and staff)
	// Console: pathways, roles, courses, cohorts and routing rules.
	// (end of pathways, courses, cohorts and rules)

	if s.demo {
		// Demo mode only: what the portal "sent".
		s.handle(e, get, "/dev/outbox", s.devOutbox, DemoOnly)
	}
}
