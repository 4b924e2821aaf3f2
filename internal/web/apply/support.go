package apply

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/web/auth"
	"anchorpathways/internal/web/page"
)

// Template names, beside the handlers that use them.
const tmplSupport = "apply/support"

// ---- support ------------------------------------------------------------------

type supportForm struct {
	Needs   []string `form:"needs" validate:"max=10,dive,max=40"`
	Details string   `form:"details" validate:"max=500" msg:"max=Tell us in 500 characters or fewer"`
}

type supportPage struct {
	page.Page
	Form supportForm
}

// Support answers GET /pathways/:slug/apply/support (resident).
func (h *Handler) Support(c echo.Context) error {
	app := c.Get(ctxDraft).(store.Application)
	f := supportForm{Needs: app.SupportNeeds.Needs, Details: app.SupportNeeds.Details}
	return h.views.Render(c, http.StatusOK, tmplSupport, &supportPage{Page: page.Page{Title: "Support to take part", Back: auth.ApplyURL(c.Param("slug"), "job-preferences")}, Form: f})
}

// SupportPost answers POST /pathways/:slug/apply/support (resident).
func (h *Handler) SupportPost(c echo.Context) error {
	slug := c.Param("slug")
	var f supportForm
	if err := page.Bind(c, &f); err != nil {
		return err
	}
	page.TrimAll(&f)
	verr := page.Check(&f)
	if !verr.Has("needs") && !portal.ValidAll(portal.SupportNeeds, f.Needs) {
		verr.Add("needs", "Select the support you need from the list")
	}
	if !verr.Empty() {
		return h.views.Render(c, http.StatusUnprocessableEntity, tmplSupport,
			&supportPage{Page: page.Page{Title: "Support to take part", Back: auth.ApplyURL(slug, "job-preferences"), Errors: verr}, Form: f})
	}
	app, err := h.store.UpdateDraft(c.Request().Context(), c.Get(ctxDraft).(store.Application).ID, func(app *store.Application) error {
		app.SupportNeeds = store.Support{Needs: f.Needs, Details: f.Details}
		app.Answers.SupportDone = true
		return nil
	})
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, nextStep(slug, app, "choose"))
}
