package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/portal"
	"anchorpathways/internal/web/auth"
)

const (
	get  = http.MethodGet
	post = http.MethodPost
)

// routes is the whole URL table. Each line says who may use the route; the
// declaration is enforced by auth.Handle and checked by a test over every route.
func (s *Server) routes(e *echo.Echo) {
	a := s.auth
	coordinator := auth.Staff(portal.RoleCoordinator)

	// Public pages: no session, no cookie, cacheable.
	a.Handle(e, get, "/", s.public.Home, auth.Public)
	a.Handle(e, get, "/pathways/:slug", s.public.Pathway, auth.Public)
	a.Handle(e, get, "/privacy", s.public.Privacy, auth.Public)
	a.Handle(e, get, "/accessibility", s.public.Accessibility, auth.Public)
	a.Handle(e, get, "/healthz", s.public.Healthz, auth.Public)
	a.Handle(e, get, "/readyz", s.public.Readyz, auth.Public)
	a.Handle(e, get, "/static/*", echo.WrapHandler(s.assets), auth.Public)
	// The pages a rush lands on, and the statements linked from every page,
	// are kept for a moment (see pagecache.go).
	s.cache.public["/"], s.cache.public["/pathways/:slug"] = true, true
	s.cache.public["/privacy"], s.cache.public["/accessibility"] = true, true

	// The resident journey: a server-side session, CSRF on every POST.
	applyGroup := e.Group("/pathways/:slug/apply", a.Sessions)
	a.Handle(applyGroup, get, "", s.apply.Eligibility, auth.Resident)
	a.Handle(applyGroup, post, "", s.apply.EligibilityPost, auth.Resident, a.Limit("start", 60))
	a.Handle(applyGroup, get, "/not-eligible", s.apply.NotEligible, auth.Resident)
	a.Handle(applyGroup, get, "/about-you", s.apply.AboutYou, auth.Resident, s.apply.NeedEligible)
	a.Handle(applyGroup, post, "/about-you", s.apply.AboutYouPost, auth.Resident, s.apply.NeedEligible, a.Limit("start", 60))
	a.Handle(applyGroup, get, "/check-your-phone", s.apply.CheckYourPhone, auth.Resident, s.apply.NeedEligible)
	a.Handle(applyGroup, post, "/check-your-phone", s.apply.CheckYourPhonePost, auth.Resident, s.apply.NeedEligible, a.Limit("code-attempt-ip", 30))
	a.Handle(applyGroup, post, "/check-your-phone/resend", s.apply.ResendCode, auth.Resident, s.apply.NeedEligible, a.Limit("code-request-ip", 10))
	a.Handle(applyGroup, get, "/already-applied", s.apply.AlreadyApplied, auth.Resident)
	a.Handle(applyGroup, get, "/your-work", s.apply.YourWork, auth.Resident, s.apply.NeedDraft)
	a.Handle(applyGroup, post, "/your-work", s.apply.YourWorkPost, auth.Resident, s.apply.NeedDraft)
	a.Handle(applyGroup, get, "/work-experience", s.apply.WorkExperience, auth.Resident, s.apply.NeedDraft)
	a.Handle(applyGroup, post, "/work-experience", s.apply.WorkExperiencePost, auth.Resident, s.apply.NeedDraft)
	a.Handle(applyGroup, get, "/skills", s.apply.Skills, auth.Resident, s.apply.NeedDraft)
	a.Handle(applyGroup, post, "/skills", s.apply.SkillsPost, auth.Resident, s.apply.NeedDraft)
	a.Handle(applyGroup, get, "/job-preferences", s.apply.JobPreferences, auth.Resident, s.apply.NeedDraft)
	a.Handle(applyGroup, post, "/job-preferences", s.apply.JobPreferencesPost, auth.Resident, s.apply.NeedDraft)
	a.Handle(applyGroup, get, "/support", s.apply.Support, auth.Resident, s.apply.NeedDraft)
	a.Handle(applyGroup, post, "/support", s.apply.SupportPost, auth.Resident, s.apply.NeedDraft)
	a.Handle(applyGroup, get, "/choose", s.apply.Choose, auth.Resident, s.apply.NeedDraft)
	a.Handle(applyGroup, post, "/choose", s.apply.ChoosePost, auth.Resident, s.apply.NeedDraft)
	a.Handle(applyGroup, get, "/course-date", s.apply.CourseDate, auth.Resident, s.apply.NeedDraft)
	a.Handle(applyGroup, post, "/course-date", s.apply.CourseDatePost, auth.Resident, s.apply.NeedDraft)
	a.Handle(applyGroup, get, "/check", s.apply.Check, auth.Resident, s.apply.NeedDraft)
	a.Handle(applyGroup, post, "/check", s.apply.CheckPost, auth.Resident, s.apply.NeedEligible) // the draft is checked as it is sent
	a.Handle(applyGroup, get, "/confirmation", s.apply.Confirmation, auth.Resident)
	// Optional equality monitoring after sending (issue 9), kept apart from the application.
	a.Handle(applyGroup, get, "/equality", s.privacy.Equality, auth.Resident)
	a.Handle(applyGroup, post, "/equality", s.privacy.EqualityPost, auth.Resident, a.Limit("start", 60))

	// A resident's own applications, after a one-time code.
	statusGroup := e.Group("/status", a.Sessions)
	a.Handle(statusGroup, get, "", s.status.Start, auth.Resident)
	a.Handle(statusGroup, post, "", s.status.StartPost, auth.Resident, a.Limit("code-request-ip", 10))
	a.Handle(statusGroup, get, "/code", s.status.Code, auth.Resident)
	a.Handle(statusGroup, post, "/code", s.status.CodePost, auth.Resident, a.Limit("code-attempt-ip", 30))
	a.Handle(statusGroup, get, "/applications", s.status.Applications, auth.SignedInResident)
	a.Handle(statusGroup, post, "/applications/:id/continue", s.status.Continue, auth.SignedInResident)
	a.Handle(statusGroup, get, "/applications/:id/withdraw", s.status.Withdraw, auth.SignedInResident)
	a.Handle(statusGroup, post, "/applications/:id/withdraw", s.status.WithdrawPost, auth.SignedInResident)
	a.Handle(statusGroup, post, "/sign-out", s.status.SignOut, auth.Resident)
	// A resident's data rights (issue 9): read, download, ask for erasure.
	a.Handle(statusGroup, get, "/your-data", s.privacy.YourData, auth.SignedInResident)
	a.Handle(statusGroup, get, "/your-data/download", s.privacy.YourDataFile, auth.SignedInResident)
	a.Handle(statusGroup, post, "/your-data/erase", s.privacy.ErasePost, auth.SignedInResident)

	// Offers of a place, answered by the single-use link texted to the
	// resident (no sign-in): forms on the signed CSRF cookie, the answer
	// rate-limited. The result pages say nothing about whose answer it was.
	offerGroup := e.Group("/offers", a.Sessions)
	a.Handle(offerGroup, get, "/:token", s.respond.Offer, auth.Resident)
	a.Handle(offerGroup, post, "/:token", s.respond.OfferPost, auth.Resident, a.Limit("offer-answer-ip", 30))
	a.Handle(e, get, "/offers/answered/:result", s.respond.OfferResult, auth.Public)
	// (end of offers)

	// Staff sign-in: forms on a browser session until a staff session exists.
	staffGroup := e.Group("/staff", a.StaffSessions)
	a.Handle(staffGroup, get, "/login", s.staff.Login, auth.Resident)
	a.Handle(staffGroup, post, "/login", s.staff.LoginPost, auth.Resident, a.Limit("staff-login-ip", 100))
	a.Handle(staffGroup, get, "/login/code", s.staff.Code, auth.StaffPending)
	a.Handle(staffGroup, post, "/login/code", s.staff.CodePost, auth.StaffPending)
	a.Handle(staffGroup, get, "/mfa/setup", s.staff.MFASetup, auth.StaffPending)
	a.Handle(staffGroup, post, "/mfa/setup", s.staff.MFASetupPost, auth.StaffPending)
	a.Handle(staffGroup, get, "/invitations/:token", s.staff.Invitation, auth.Resident)
	a.Handle(staffGroup, post, "/invitations/:token", s.staff.InvitationPost, auth.Resident, a.Limit("staff-token-ip", 30))
	a.Handle(staffGroup, get, "/password-reset", s.staff.ResetRequest, auth.Resident)
	a.Handle(staffGroup, post, "/password-reset", s.staff.ResetRequestPost, auth.Resident, a.Limit("staff-reset-ip", 10))
	a.Handle(staffGroup, get, "/password-reset/:token", s.staff.Reset, auth.Resident)
	a.Handle(staffGroup, post, "/password-reset/:token", s.staff.ResetPost, auth.Resident, a.Limit("staff-token-ip", 30))
	a.Handle(staffGroup, post, "/sign-out", s.staff.SignOut, auth.StaffAnyStage)
	a.Handle(staffGroup, post, "/sign-out-everywhere", s.staff.SignOutEverywhere, auth.AnyStaff)
	a.Handle(staffGroup, post, "/session/extend", s.staff.Extend, auth.AnyStaff)

	// Every staff member's own dashboard, scoped to their organisation.
	a.Handle(staffGroup, get, "", s.staff.Dashboard, auth.AnyStaff)

	// The coordinator's console.
	a.Handle(staffGroup, get, "/audit", s.staff.AuditLog, coordinator)
	// Console: organisations, neighbourhoods and staff accounts.
	a.Handle(staffGroup, get, "/organisations", s.console.Organisations, coordinator)
	a.Handle(staffGroup, get, "/organisations/new", s.console.OrganisationNew, coordinator)
	a.Handle(staffGroup, post, "/organisations/new", s.console.OrganisationNewPost, coordinator)
	a.Handle(staffGroup, get, "/organisations/:id/edit", s.console.OrganisationEdit, coordinator)
	a.Handle(staffGroup, post, "/organisations/:id/edit", s.console.OrganisationEditPost, coordinator)
	a.Handle(staffGroup, get, "/organisations/:id/remove", s.console.OrganisationRemove, coordinator)
	a.Handle(staffGroup, post, "/organisations/:id/remove", s.console.OrganisationRemovePost, coordinator)
	a.Handle(staffGroup, get, "/neighbourhoods", s.console.Neighbourhoods, coordinator)
	a.Handle(staffGroup, get, "/neighbourhoods/new", s.console.NeighbourhoodNew, coordinator)
	a.Handle(staffGroup, post, "/neighbourhoods/new", s.console.NeighbourhoodNewPost, coordinator)
	a.Handle(staffGroup, get, "/neighbourhoods/:id/edit", s.console.NeighbourhoodEdit, coordinator)
	a.Handle(staffGroup, post, "/neighbourhoods/:id/edit", s.console.NeighbourhoodEditPost, coordinator)
	a.Handle(staffGroup, get, "/users", s.console.Staff, coordinator)
	a.Handle(staffGroup, get, "/users/invite", s.console.StaffInvite, coordinator)
	a.Handle(staffGroup, post, "/users/invite", s.console.StaffInvitePost, coordinator, a.Limit("staff-invite-ip", 60))
	a.Handle(staffGroup, get, "/users/:id/role", s.console.StaffRole, coordinator)
	a.Handle(staffGroup, post, "/users/:id/role", s.console.StaffRolePost, coordinator)
	a.Handle(staffGroup, get, "/users/:id/disable", s.console.StaffDisable, coordinator)
	a.Handle(staffGroup, post, "/users/:id/disable", s.console.StaffDisablePost, coordinator)
	// (end of organisations, neighbourhoods and staff)
	// Console: pathways, roles, courses, cohorts and routing rules.
	a.Handle(staffGroup, get, "/pathways", s.console.Pathways, coordinator)
	a.Handle(staffGroup, get, "/pathways/new", s.console.PathwayNew, coordinator)
	a.Handle(staffGroup, post, "/pathways/new", s.console.PathwayNewPost, coordinator)
	a.Handle(staffGroup, get, "/pathways/:id", s.console.Pathway, coordinator)
	a.Handle(staffGroup, get, "/pathways/:id/edit", s.console.PathwayEdit, coordinator)
	a.Handle(staffGroup, post, "/pathways/:id/edit", s.console.PathwayEditPost, coordinator)
	a.Handle(staffGroup, post, "/pathways/:id/publish", s.console.PathwayPublishPost, coordinator)
	a.Handle(staffGroup, post, "/pathways/:id/unpublish", s.console.PathwayUnpublishPost, coordinator)
	// languages: a pathway's text in Urdu, Polish and Arabic.
	a.Handle(staffGroup, get, "/pathways/:id/translations", s.console.PathwayTranslations, coordinator)
	a.Handle(staffGroup, post, "/pathways/:id/translations", s.console.PathwayTranslationsPost, coordinator)
	a.Handle(staffGroup, get, "/pathways/:id/roles/new", s.console.RoleNew, coordinator)
	a.Handle(staffGroup, post, "/pathways/:id/roles/new", s.console.RoleNewPost, coordinator)
	a.Handle(staffGroup, get, "/pathways/:id/roles/:role/edit", s.console.RoleEdit, coordinator)
	a.Handle(staffGroup, post, "/pathways/:id/roles/:role/edit", s.console.RoleEditPost, coordinator)
	a.Handle(staffGroup, get, "/pathways/:id/roles/:role/remove", s.console.RoleRemove, coordinator)
	a.Handle(staffGroup, post, "/pathways/:id/roles/:role/remove", s.console.RoleRemovePost, coordinator)
	a.Handle(staffGroup, get, "/pathways/:id/courses/new", s.console.CourseNew, coordinator)
	a.Handle(staffGroup, post, "/pathways/:id/courses/new", s.console.CourseNewPost, coordinator)
	a.Handle(staffGroup, get, "/courses/:id/edit", s.console.CourseEdit, coordinator)
	a.Handle(staffGroup, post, "/courses/:id/edit", s.console.CourseEditPost, coordinator)
	a.Handle(staffGroup, get, "/courses/:id/cohorts/new", s.console.CohortNew, coordinator)
	a.Handle(staffGroup, post, "/courses/:id/cohorts/new", s.console.CohortNewPost, coordinator)
	a.Handle(staffGroup, get, "/cohorts/:id/edit", s.console.CohortEdit, coordinator)
	a.Handle(staffGroup, post, "/cohorts/:id/edit", s.console.CohortEditPost, coordinator)
	a.Handle(staffGroup, get, "/pathways/:id/rules", s.console.Rules, coordinator)
	a.Handle(staffGroup, get, "/pathways/:id/rules/new", s.console.RuleNew, coordinator)
	a.Handle(staffGroup, post, "/pathways/:id/rules/new", s.console.RuleNewPost, coordinator)
	a.Handle(staffGroup, get, "/rules/:id/edit", s.console.RuleEdit, coordinator)
	a.Handle(staffGroup, post, "/rules/:id/edit", s.console.RuleEditPost, coordinator)
	a.Handle(staffGroup, get, "/rules/:id/delete", s.console.RuleDelete, coordinator)
	a.Handle(staffGroup, post, "/rules/:id/delete", s.console.RuleDeletePost, coordinator)
	a.Handle(staffGroup, get, "/rules/preview", s.console.RulesPreview, coordinator)
	// (end of pathways, courses, cohorts and rules)
	// Recruitment: offering a place (recruiters of the pathway's employer, the coordinator).
	a.Handle(staffGroup, get, "/applications/:id/offer", s.recruit.Offer, auth.Staff(portal.RoleRecruiter, portal.RoleCoordinator))
	a.Handle(staffGroup, post, "/applications/:id/offer", s.recruit.OfferPost, auth.Staff(portal.RoleRecruiter, portal.RoleCoordinator))
	// (end of offering a place)

	// Recruitment, part C: interview slots, the interview's outcome, the job
	// start and the 13/26-week in-work answers (the employer's recruiters;
	// the coordinator).
	recruiters := auth.Staff(portal.RoleRecruiter, portal.RoleCoordinator)
	a.Handle(staffGroup, get, "/pathways/:id/interviews", s.recruit.Interviews, recruiters)
	a.Handle(staffGroup, post, "/pathways/:id/interviews", s.recruit.InterviewsPost, recruiters)
	a.Handle(staffGroup, post, "/interview-slots/:id/remove", s.recruit.InterviewSlotRemovePost, recruiters)
	a.Handle(staffGroup, get, "/applications/:id/interview-outcome", s.recruit.InterviewOutcome, recruiters)
	a.Handle(staffGroup, post, "/applications/:id/interview-outcome", s.recruit.InterviewOutcomePost, recruiters)
	a.Handle(staffGroup, get, "/applications/:id/job-started", s.recruit.JobStarted, recruiters)
	a.Handle(staffGroup, post, "/applications/:id/job-started", s.recruit.JobStartedPost, recruiters)
	a.Handle(staffGroup, get, "/applications/:id/in-work", s.recruit.InWork, recruiters)
	a.Handle(staffGroup, post, "/applications/:id/in-work", s.recruit.InWorkPost, recruiters)
	// Recruiters' workspace (issue 7B): the pool, one application, simple
	// and bulk moves, the cohort export. Scoped to the recruiter's employer
	// inside every query; the coordinator may use all of it (recruiters is
	// declared with part C's block above).
	a.Handle(staffGroup, get, "/pathways/:id/pool", s.recruit.Pool, recruiters)
	a.Handle(staffGroup, get, "/pathways/:id/pool/bulk", s.recruit.Bulk, recruiters)
	a.Handle(staffGroup, post, "/pathways/:id/pool/bulk", s.recruit.BulkPost, recruiters)
	a.Handle(staffGroup, get, "/pathways/:id/cohorts/:cohort/export.csv", s.recruit.Export, recruiters)
	a.Handle(staffGroup, get, "/applications/:id", s.recruit.Application, recruiters)
	a.Handle(staffGroup, post, "/applications/:id/move", s.recruit.MovePost, recruiters)
	a.Handle(staffGroup, post, "/applications/:id/notes", s.recruit.NotePost, recruiters)
	// (end of recruiters' workspace)
	// Residents by texted link, no sign-in: book or move an interview, answer
	// "still working there?". Guessing tokens is rate-limited per address.
	interviewGroup := e.Group("/interviews", a.Sessions)
	a.Handle(interviewGroup, get, "/done", s.sustain.Done, auth.Resident)
	a.Handle(interviewGroup, get, "/:token", s.sustain.Interview, auth.Resident, a.Limit("resident-link-ip", 60))
	a.Handle(interviewGroup, post, "/:token", s.sustain.InterviewPost, auth.Resident, a.Limit("resident-link-ip", 60))
	inWorkGroup := e.Group("/in-work", a.Sessions)
	a.Handle(inWorkGroup, get, "/done", s.sustain.Done, auth.Resident)
	a.Handle(inWorkGroup, get, "/:token", s.sustain.InWork, auth.Resident, a.Limit("resident-link-ip", 60))
	a.Handle(inWorkGroup, post, "/:token", s.sustain.InWorkPost, auth.Resident, a.Limit("resident-link-ip", 60))
	// (end of recruitment, part C)

	// Housing officers: refer a tenant, follow their referrals.
	officer := auth.Staff(portal.RoleHousingOfficer)
	a.Handle(staffGroup, get, "/referrals", s.referrals.List, officer)
	a.Handle(staffGroup, get, "/referrals/new", s.referrals.Refer, officer)
	a.Handle(staffGroup, post, "/referrals/new", s.referrals.ReferPost, officer, a.Limit("refer-ip", 120))
	a.Handle(staffGroup, post, "/referrals/digest", s.referrals.DigestPost, officer)
	a.Handle(staffGroup, get, "/referrals/assist", s.referrals.Assist, officer)
	a.Handle(staffGroup, post, "/referrals/assist", s.referrals.AssistPost, officer)
	a.Handle(staffGroup, post, "/referrals/:id/resend", s.referrals.ResendPost, officer)
	// A referred tenant's link: no account, a server-side session from here on.
	referralGroup := e.Group("/referral", a.Sessions)
	a.Handle(referralGroup, get, "/:token", s.referrals.TakeUp, auth.Resident, a.Limit("referral-link-ip", 60))
	a.Handle(referralGroup, post, "/:token", s.referrals.TakeUpPost, auth.Resident, a.Limit("referral-link-ip", 60))
	// (end of referrals)
	// Impact reports: every staff role, each scoped in the query to its own
	// pathways (recruiters) or tenants (housing officers). Retention schedule.
	a.Handle(staffGroup, get, "/reports", s.reports.Impact, auth.AnyStaff)
	a.Handle(staffGroup, get, "/reports/download", s.reports.ImpactDownload, auth.AnyStaff)
	a.Handle(staffGroup, get, "/retention", s.reports.Retention, coordinator)
	a.Handle(staffGroup, get, "/erasure-requests", s.privacy.ErasureRequests, coordinator)
	a.Handle(staffGroup, post, "/erasure-requests/:id/erase", s.privacy.EraseRequestPost, coordinator)
	a.Handle(staffGroup, get, "/erasure-requests/:id/refuse", s.privacy.Refuse, coordinator)
	a.Handle(staffGroup, post, "/erasure-requests/:id/refuse", s.privacy.RefusePost, coordinator)
	a.Handle(staffGroup, get, "/equality", s.privacy.EqualityTotals, coordinator)
	// (end of impact reports and data protection)

	if s.demo {
		// Demo mode only: what the portal "sent".
		a.Handle(e, get, "/dev/outbox", s.public.Outbox, auth.DemoOnly)
	}
}
