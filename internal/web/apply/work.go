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
const (
	tmplYourWork = "apply/your-work"
	tmplSupport  = "apply/support"
)

// ---- your work ----------------------------------------------------------------

type yourWorkForm struct {
	Situation string   `form:"situation" validate:"required" msg:"*=Select your work situation now"`
	Sectors   []string `form:"sectors" validate:"max=10,dive,max=40"`
	Years     string   `form:"years" validate:"omitempty,oneof=under_1 1_to_5 over_5" msg:"*=Select how many years you have worked"`
	Skills    []string `form:"skills" validate:"max=12,dive,max=40"`
	Interests []string `form:"interests" validate:"max=10,dive,max=40"`
	Hours     string   `form:"hours" validate:"required" msg:"*=Select how many hours you can work"`
	Travel    string   `form:"travel" validate:"required" msg:"*=Select how long you can travel to work"`
}

type yourWorkPage struct {
	page.Page
	Form yourWorkForm
}

// YourWork answers GET /pathways/:slug/apply/your-work (resident).
func (h *Handler) YourWork(c echo.Context) error {
	app := c.Get(ctxDraft).(store.Application)
	a := app.Answers
	f := yourWorkForm{Situation: a.Situation, Sectors: a.Sectors, Years: a.Years, Skills: a.Skills, Interests: a.Interests, Hours: a.Hours, Travel: a.Travel}
	return h.views.Render(c, http.StatusOK, tmplYourWork, &yourWorkPage{Page: page.Page{Title: "Your work", Back: auth.ApplyURL(c.Param("slug"), "about-you")}, Form: f})
}

// YourWorkPost answers POST /pathways/:slug/apply/your-work (resident).
func (h *Handler) YourWorkPost(c echo.Context) error {
	slug := c.Param("slug")
	var f yourWorkForm
	if err := page.Bind(c, &f); err != nil {
		return err
	}
	page.TrimAll(&f)
	verr := page.Check(&f)
	choose := func(field string, ok bool, msg string) {
		if !verr.Has(field) && !ok {
			verr.Add(field, msg)
		}
	}
	choose("situation", portal.Valid(portal.Situations, f.Situation), "Select your work situation now")
	choose("sectors", portal.ValidAll(portal.Sectors, f.Sectors), "Select the kinds of work you have done from the list")
	choose("years", len(f.Sectors) == 0 || f.Years != "", "Select how many years you have worked in these jobs")
	choose("skills", portal.ValidAll(portal.Skills, f.Skills), "Select your skills from the list")
	choose("interests", portal.ValidAll(portal.Interests, f.Interests), "Select the jobs you would like from the list")
	choose("hours", portal.Valid(portal.HoursOptions, f.Hours), "Select how many hours you can work")
	choose("travel", portal.Valid(portal.TravelOptions, f.Travel), "Select how long you can travel to work")
	if !verr.Empty() {
		verr.Errors = page.Ordered(verr.Errors, "situation", "sectors", "years", "skills", "interests", "hours", "travel")
		return h.views.Render(c, http.StatusUnprocessableEntity, tmplYourWork,
			&yourWorkPage{Page: page.Page{Title: "Your work", Back: auth.ApplyURL(slug, "about-you"), Errors: verr}, Form: f})
	}
	if len(f.Sectors) == 0 {
		f.Years = ""
	}
	app, err := h.store.UpdateDraft(c.Request().Context(), c.Get(ctxDraft).(store.Application).ID, func(app *store.Application) error {
		a := &app.Answers
		a.Situation, a.Sectors, a.Years, a.Skills, a.Interests, a.Hours, a.Travel = f.Situation, f.Sectors, f.Years, f.Skills, f.Interests, f.Hours, f.Travel
		a.WorkDone = true
		return nil
	})
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, nextStep(slug, app, "support"))
}

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
	return h.views.Render(c, http.StatusOK, tmplSupport, &supportPage{Page: page.Page{Title: "Support to take part", Back: auth.ApplyURL(c.Param("slug"), "your-work")}, Form: f})
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
			&supportPage{Page: page.Page{Title: "Support to take part", Back: auth.ApplyURL(slug, "your-work"), Errors: verr}, Form: f})
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
