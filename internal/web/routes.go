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
	// The two pages a rush lands on are kept for a moment (see pagecache.go).
	s.cache.public["/"], s.cache.public["/pathways/:slug"] = true, true

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
	s.handle(staff, post, "/session/extend", s.staffExtend, AnyStaff)

	// Every staff member's own dashboard, scoped to their organisation.
	s.handle(staff, get, "", s.staffDashboard, AnyStaff)

	// The coordinator's console.
	s.handle(staff, get, "/audit", s.auditLog, coordinator)
	// Console: organisations, neighbourhoods and staff accounts.
	s.handle(staff, get, "/organisations", s.consoleOrganisations, coordinator)
	s.handle(staff, get, "/organisations/new", s.consoleOrganisationNew, coordinator)
	s.handle(staff, post, "/organisations/new", s.consoleOrganisationNewPost, coordinator)
	s.handle(staff, get, "/organisations/:id/edit", s.consoleOrganisationEdit, coordinator)
	s.handle(staff, post, "/organisations/:id/edit", s.consoleOrganisationEditPost, coordinator)
	s.handle(staff, get, "/organisations/:id/remove", s.consoleOrganisationRemove, coordinator)
	s.handle(staff, post, "/organisations/:id/remove", s.consoleOrganisationRemovePost, coordinator)
	s.handle(staff, get, "/neighbourhoods", s.consoleNeighbourhoods, coordinator)
	s.handle(staff, get, "/neighbourhoods/new", s.consoleNeighbourhoodNew, coordinator)
	s.handle(staff, post, "/neighbourhoods/new", s.consoleNeighbourhoodNewPost, coordinator)
	s.handle(staff, get, "/neighbourhoods/:id/edit", s.consoleNeighbourhoodEdit, coordinator)
	s.handle(staff, post, "/neighbourhoods/:id/edit", s.consoleNeighbourhoodEditPost, coordinator)
	s.handle(staff, get, "/users", s.consoleStaff, coordinator)
	s.handle(staff, get, "/users/invite", s.consoleStaffInvite, coordinator)
	s.handle(staff, post, "/users/invite", s.consoleStaffInvitePost, coordinator, s.limit("staff-invite-ip", 60))
	s.handle(staff, get, "/users/:id/role", s.consoleStaffRole, coordinator)
	s.handle(staff, post, "/users/:id/role", s.consoleStaffRolePost, coordinator)
	s.handle(staff, get, "/users/:id/disable", s.consoleStaffDisable, coordinator)
	s.handle(staff, post, "/users/:id/disable", s.consoleStaffDisablePost, coordinator)
	// (end of organisations, neighbourhoods and staff)
	// Console: pathways, roles, courses, cohorts and routing rules.
	s.handle(staff, get, "/pathways", s.consolePathways, coordinator)
	s.handle(staff, get, "/pathways/new", s.consolePathwayNew, coordinator)
	s.handle(staff, post, "/pathways/new", s.consolePathwayCreate, coordinator)
	s.handle(staff, get, "/pathways/:id", s.consolePathway, coordinator)
	s.handle(staff, get, "/pathways/:id/edit", s.consolePathwayEdit, coordinator)
	s.handle(staff, post, "/pathways/:id/edit", s.consolePathwayUpdate, coordinator)
	s.handle(staff, get, "/pathways/:id/roles/new", s.consoleRoleNew, coordinator)
	s.handle(staff, post, "/pathways/:id/roles/new", s.consoleRoleCreate, coordinator)
	s.handle(staff, get, "/pathways/:id/roles/:role/edit", s.consoleRoleEdit, coordinator)
	s.handle(staff, post, "/pathways/:id/roles/:role/edit", s.consoleRoleUpdate, coordinator)
	s.handle(staff, get, "/pathways/:id/roles/:role/remove", s.consoleRoleRemove, coordinator)
	s.handle(staff, post, "/pathways/:id/roles/:role/remove", s.consoleRoleRemovePost, coordinator)
	s.handle(staff, get, "/pathways/:id/courses/new", s.consoleCourseNew, coordinator)
	s.handle(staff, post, "/pathways/:id/courses/new", s.consoleCourseCreate, coordinator)
	s.handle(staff, get, "/courses/:id/edit", s.consoleCourseEdit, coordinator)
	s.handle(staff, post, "/courses/:id/edit", s.consoleCourseUpdate, coordinator)
	s.handle(staff, get, "/courses/:id/cohorts/new", s.consoleCohortNew, coordinator)
	s.handle(staff, post, "/courses/:id/cohorts/new", s.consoleCohortCreate, coordinator)
	s.handle(staff, get, "/cohorts/:id/edit", s.consoleCohortEdit, coordinator)
	s.handle(staff, post, "/cohorts/:id/edit", s.consoleCohortUpdate, coordinator)
	s.handle(staff, get, "/pathways/:id/rules", s.consoleRules, coordinator)
	s.handle(staff, get, "/pathways/:id/rules/new", s.consoleRuleNew, coordinator)
	s.handle(staff, post, "/pathways/:id/rules/new", s.consoleRuleCreate, coordinator)
	s.handle(staff, get, "/rules/:id/edit", s.consoleRuleEdit, coordinator)
	s.handle(staff, post, "/rules/:id/edit", s.consoleRuleUpdate, coordinator)
	s.handle(staff, get, "/rules/:id/delete", s.consoleRuleDelete, coordinator)
	s.handle(staff, post, "/rules/:id/delete", s.consoleRuleDeletePost, coordinator)
	s.handle(staff, get, "/rules/preview", s.consoleRulesPreview, coordinator)
	// (end of pathways, courses, cohorts and rules)

	if s.demo {
		// Demo mode only: what the portal "sent".
		s.handle(e, get, "/dev/outbox", s.devOutbox, DemoOnly)
	}
}
