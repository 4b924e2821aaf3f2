package apply

import (
	"errors"
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
// you" work on it. A draft already sent leads to its confirmation. Each step
// needs a live code sign-in that holds the draft (see liveDraft), and keeps
// that sign-in alive.
func (h *Handler) NeedDraft(next echo.HandlerFunc) echo.HandlerFunc {
	return h.NeedEligible(func(c echo.Context) error {
		sess := auth.CurrentSession(c)
		slug := c.Param("slug")
		if sess.Data.Apply.ApplicationID == "" {
			return c.Redirect(http.StatusSeeOther, auth.ApplyURL(slug, "about-you"))
		}
		app, ok, err := h.liveDraft(c, sess)
		if err != nil || !ok {
			return err
		}
		if app.Status != portal.StatusDraft {
			sess.Data.Confirmed = app.ID
			if err := h.auth.Save(c, sess); err != nil {
				return err
			}
			return c.Redirect(http.StatusSeeOther, auth.ApplyURL(slug, "confirmation"))
		}
		sess.Data.SignedInUntil = h.store.Now().Add(auth.SignedInFor)
		if err := h.auth.Save(c, sess); err != nil {
			return err
		}
		c.Set(ctxDraft, app)
		return next(c)
	})
}

// liveDraft loads the session's draft if the session's code sign-in is live
// and its contact is the draft resident's. If not (the sign-in ended, or
// never held this draft), the browser forgets the journey and is sent to sign
// in again: it reports false, having answered the request. It returns the
// store's error.
func (h *Handler) liveDraft(c echo.Context, sess *auth.Session) (store.Application, bool, error) {
	app, err := h.store.DraftForResident(c.Request().Context(), sess.Data.Apply.ApplicationID, sess.Contact(h.store.Now()))
	if err == nil {
		return app, true, nil
	}
	if !errors.Is(err, portal.ErrNotFound) {
		return app, false, err
	}
	return app, false, h.forgetJourney(c, sess)
}

// forgetJourney ends the browser's hold on a draft whose sign-in has ended
// (or never held it) and sends it to sign in again.
func (h *Handler) forgetJourney(c echo.Context, sess *auth.Session) error {
	sess.Data.Apply = nil
	if err := h.auth.Save(c, sess); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/status")
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
