package apply

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/store"
	"anchorpathways/internal/web/auth"
	"anchorpathways/internal/web/page"
)

// Template names, beside the handlers that use them.
const (
	tmplCheck        = "apply/check"
	tmplConfirmation = "apply/confirmation"
)

// ---- check your answers and submit ----------------------------------------------

type checkPage struct {
	page.Page
	App          store.Application
	Pathway      store.PathwayPage
	Cohort       *store.Cohort
	Coordinators []store.Organisation
	Missing      string
}

func (h *Handler) checkData(c echo.Context, app store.Application) (*checkPage, error) {
	ctx := c.Request().Context()
	p, err := h.store.PathwayByID(ctx, app.PathwayID)
	if err != nil {
		return nil, err
	}
	// The coordinators' contact details answer the privacy notice's promise
	// of a copy or erasure, until residents can do that themselves.
	coords, err := h.store.ListOrganisations(ctx, store.OrganisationFilter{Kind: store.KindCoordinator, Limit: 10})
	if err != nil {
		return nil, err
	}
	pg := &checkPage{Page: page.Page{Title: "Check your answers before sending your application", Back: auth.ApplyURL(p.Slug, "course-date")},
		App: app, Pathway: p, Coordinators: coords}
	if app.CohortID != nil {
		if cohort, ok := p.CohortByID(*app.CohortID); ok {
			pg.Cohort = &cohort
		}
	}
	pg.Missing = auth.MissingStep(app)
	return pg, nil
}

// Check answers GET /pathways/:slug/apply/check (resident).
func (h *Handler) Check(c echo.Context) error {
	app := c.Get(ctxDraft).(store.Application)
	pg, err := h.checkData(c, app)
	if err != nil {
		return err
	}
	if pg.Missing != "" {
		return c.Redirect(http.StatusSeeOther, auth.ApplyURL(pg.Pathway.Slug, pg.Missing))
	}
	return h.views.Render(c, http.StatusOK, tmplCheck, pg)
}

// CheckPost answers POST /pathways/:slug/apply/check (resident).
// Sends the application. A double tap sends it once: the second
// request finds it sent and shows the same confirmation.
func (h *Handler) CheckPost(c echo.Context) error {
	app := c.Get(ctxDraft).(store.Application)
	slug := auth.CurrentSession(c).Data.Apply.Slug
	if step := auth.MissingStep(app); step != "" {
		return c.Redirect(http.StatusSeeOther, auth.ApplyURL(slug, step))
	}
	sub, err := h.store.SubmitApplication(c.Request().Context(), app.ID, h.messages)
	if err != nil {
		return err
	}
	sess := auth.CurrentSession(c)
	sess.Data.Confirmed, sess.Data.Apply = sub.ID, nil
	if err := h.auth.Save(c, sess); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, auth.ApplyURL(slug, "confirmation"))
}

type confirmationPage struct {
	page.Page
	Sub store.Submission
}

// Confirmation answers GET /pathways/:slug/apply/confirmation (resident).
func (h *Handler) Confirmation(c echo.Context) error {
	sess := auth.CurrentSession(c)
	if sess == nil || sess.Data.Confirmed == "" {
		return c.Redirect(http.StatusSeeOther, "/status")
	}
	sub, err := h.store.SubmissionByID(c.Request().Context(), sess.Data.Confirmed)
	if err != nil {
		return err
	}
	return h.views.Render(c, http.StatusOK, tmplConfirmation, &confirmationPage{Page: page.Page{Title: "Application sent"}, Sub: sub})
}
