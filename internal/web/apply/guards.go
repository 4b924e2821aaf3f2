package apply

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/web/auth"
)

// ---- guards -------------------------------------------------------------------

// NeedEligible sends a resident who has not answered the eligibility
// questions for this pathway back to them.
func (h *Handler) NeedEligible(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		sess := auth.CurrentSession(c)
		if sess == nil || sess.Data.Apply == nil || sess.Data.Apply.Slug != c.Param("slug") {
			if sess != nil && sess.Data.Confirmed != "" && c.Request().Method == http.MethodPost {
				return c.Redirect(http.StatusSeeOther, auth.ApplyURL(c.Param("slug"), "confirmation"))
			}
			return c.Redirect(http.StatusSeeOther, auth.ApplyURL(c.Param("slug"), ""))
		}
		return next(c)
	}
}

const ctxDraft = "draft"

// NeedDraft loads the resident's draft application: the steps after "about
// you" work on it. A draft already sent leads to its confirmation.
func (h *Handler) NeedDraft(next echo.HandlerFunc) echo.HandlerFunc {
	return h.NeedEligible(func(c echo.Context) error {
		sess := auth.CurrentSession(c)
		slug := c.Param("slug")
		if sess.Data.Apply.ApplicationID == "" {
			return c.Redirect(http.StatusSeeOther, auth.ApplyURL(slug, "about-you"))
		}
		app, err := h.store.ApplicationByID(c.Request().Context(), sess.Data.Apply.ApplicationID)
		if err != nil {
			return err
		}
		if app.Status != portal.StatusDraft {
			sess.Data.Confirmed = app.ID
			return c.Redirect(http.StatusSeeOther, auth.ApplyURL(slug, "confirmation"))
		}
		c.Set(ctxDraft, app)
		return next(c)
	})
}

// nextStep is where a step goes on success: back to "check your answers"
// once the resident has been that far, else the following step.
func nextStep(slug string, app store.Application, step string) string {
	if app.Answers.ChoiceDone {
		return auth.ApplyURL(slug, "check")
	}
	return auth.ApplyURL(slug, step)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
