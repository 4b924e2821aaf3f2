package web

import "github.com/labstack/echo/v4"

// routes is the whole URL table. Every page a resident reaches is public or
// needs their own session; demo-only pages exist only in demo mode.
func (s *Server) routes(e *echo.Echo) {
	// Public pages: no session, no cookie, cacheable.
	e.GET("/", s.home)
	e.GET("/pathways/:slug", s.pathway)
	e.GET("/healthz", s.healthz)
	e.GET("/readyz", s.readyz)
	e.GET("/static/*", echo.WrapHandler(s.assets))

	// The resident journey: a server-side session, CSRF on every POST.
	apply := e.Group("/pathways/:slug/apply", s.sessions)
	apply.GET("", s.eligibility)
	apply.POST("", s.eligibilityPost, s.limit("start", 60))
	apply.GET("/not-eligible", s.notEligible)
	apply.GET("/about-you", s.aboutYou, s.needEligible)
	apply.POST("/about-you", s.aboutYouPost, s.needEligible, s.limit("start", 60))
	apply.GET("/already-applied", s.alreadyApplied)
	apply.GET("/your-work", s.yourWork, s.needDraft)
	apply.POST("/your-work", s.yourWorkPost, s.needDraft)
	apply.GET("/support", s.support, s.needDraft)
	apply.POST("/support", s.supportPost, s.needDraft)
	apply.GET("/choose", s.choose, s.needDraft)
	apply.POST("/choose", s.choosePost, s.needDraft)
	apply.GET("/course-date", s.courseDate, s.needDraft)
	apply.POST("/course-date", s.courseDatePost, s.needDraft)
	apply.GET("/check", s.check, s.needDraft)
	apply.POST("/check", s.checkPost, s.needDraft)
	apply.GET("/confirmation", s.confirmation)

	// A resident's own applications, after a one-time code.
	status := e.Group("/status", s.sessions)
	status.GET("", s.statusStart)
	status.POST("", s.statusStartPost, s.limit("code-request-ip", 10))
	status.GET("/code", s.statusCode)
	status.POST("/code", s.statusCodePost, s.limit("code-attempt-ip", 30))
	status.GET("/applications", s.statusApplications, s.needResident)
	status.POST("/applications/:id/continue", s.statusContinue, s.needResident)
	status.GET("/applications/:id/withdraw", s.statusWithdraw, s.needResident)
	status.POST("/applications/:id/withdraw", s.statusWithdrawPost, s.needResident)
	status.POST("/sign-out", s.statusSignOut)

	if s.demo {
		// Demo mode only: what the portal "sent".
		e.GET("/dev/outbox", s.devOutbox)
	}
}
