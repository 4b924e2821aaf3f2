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
	tmplEligibility = "apply/eligibility"
	tmplNotEligible = "apply/not-eligible"
)

// ---- eligibility ------------------------------------------------------------

type eligibilityForm struct {
	Postcode    string `form:"postcode" validate:"required,max=16" msg:"required=Enter your postcode;max=Enter a real postcode, like B35 7PR"`
	Tenant      string `form:"tenant" validate:"required,max=64" msg:"*=Select the housing provider you rent your home from, or select ‘No, none of these’"`
	Over18      string `form:"over18" validate:"required,oneof=yes no" msg:"*=Select yes if you are 18 or over"`
	RightToWork string `form:"right_to_work" validate:"required,oneof=yes no" msg:"*=Select yes if you have the right to work in the UK"`
}

type eligibilityPage struct {
	page.Page
	Pathway store.PathwayPage
	Form    eligibilityForm
}

// Eligibility answers GET /pathways/:slug/apply (resident).
// Asks the three questions that decide whether a resident may
// apply. It starts the session (and so the cookie) of the journey.
func (h *Handler) Eligibility(c echo.Context) error {
	p, err := h.store.PathwayBySlug(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	sess, err := h.auth.Session(c)
	if err != nil {
		return err
	}
	pg := &eligibilityPage{Page: page.Page{Title: "Check you can apply", Back: "/pathways/" + p.Slug}, Pathway: p}
	if a := sess.Data.Apply; a != nil && a.Slug == p.Slug {
		if a.ApplicationID != "" {
			if _, ok, err := h.liveDraft(c, sess); err != nil || !ok {
				return err
			}
		}
		e := a.Eligibility
		pg.Form = eligibilityForm{Postcode: e.Postcode, Tenant: e.Tenant, Over18: yesNo(e.Over18), RightToWork: yesNo(e.RightToWork)}
	}
	return h.views.Render(c, http.StatusOK, tmplEligibility, pg)
}

// EligibilityPost answers POST /pathways/:slug/apply (resident).
func (h *Handler) EligibilityPost(c echo.Context) error {
	ctx := c.Request().Context()
	p, err := h.store.PathwayBySlug(ctx, c.Param("slug"))
	if err != nil {
		return err
	}
	var f eligibilityForm
	if err := page.Bind(c, &f); err != nil {
		return err
	}
	page.TrimAll(&f)
	verr := page.Check(&f)
	postcode := ""
	if !verr.Has("postcode") {
		if postcode, err = portal.NormalisePostcode(f.Postcode); err != nil {
			verr.Add("postcode", err.Error())
		}
	}
	if !verr.Has("tenant") && f.Tenant != "none" && !p.HasProvider(f.Tenant) {
		verr.Add("tenant", "Select the housing provider you rent your home from, or select ‘No, none of these’")
	}
	if !verr.Empty() {
		verr.Errors = page.Ordered(verr.Errors, "postcode", "tenant", "over18", "right_to_work")
		return h.views.Render(c, http.StatusUnprocessableEntity, tmplEligibility,
			&eligibilityPage{Page: page.Page{Title: "Check you can apply", Back: "/pathways/" + p.Slug, Errors: verr}, Pathway: p, Form: f})
	}
	sess := auth.CurrentSession(c)
	e := store.Eligibility{Postcode: postcode, Tenant: f.Tenant, Over18: f.Over18 == "yes", RightToWork: f.RightToWork == "yes"}
	if why := p.Check(e); len(why) > 0 {
		// Nothing is kept of someone who cannot apply, beyond the reasons shown once.
		sess.Data.Apply, sess.Data.Refused = nil, why
		if err := h.auth.Save(c, sess); err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, auth.ApplyURL(p.Slug, "not-eligible"))
	}
	a := sess.Data.Apply
	if a != nil && a.Slug == p.Slug && a.ApplicationID != "" {
		if _, ok, err := h.liveDraft(c, sess); err != nil || !ok {
			return err
		}
		app, err := h.store.UpdateDraft(ctx, a.ApplicationID, func(app *store.Application) error {
			app.Postcode, app.Answers.Tenant, app.Answers.Over18, app.Answers.RightToWork = e.Postcode, e.Tenant, e.Over18, e.RightToWork
			return nil
		})
		if err != nil {
			return err
		}
		a.Eligibility = e
		if err := h.auth.Save(c, sess); err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, nextStep(p.Slug, app, "about-you"))
	}
	sess.Data.Apply = &auth.ApplyState{Slug: p.Slug, Eligibility: e}
	sess.Data.Refused = nil
	if err := h.auth.Save(c, sess); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, auth.ApplyURL(p.Slug, "about-you"))
}

type notEligiblePage struct {
	page.Page
	Pathway store.PathwayPage
	Reasons []string
}

// NotEligible answers GET /pathways/:slug/apply/not-eligible (resident).
func (h *Handler) NotEligible(c echo.Context) error {
	p, err := h.store.PathwayBySlug(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	sess, err := h.auth.Session(c)
	if err != nil {
		return err
	}
	if len(sess.Data.Refused) == 0 {
		return c.Redirect(http.StatusSeeOther, auth.ApplyURL(p.Slug, ""))
	}
	return h.views.Render(c, http.StatusOK, tmplNotEligible, &notEligiblePage{
		Page: page.Page{Title: "You cannot apply for this course", Back: auth.ApplyURL(p.Slug, "")}, Pathway: p, Reasons: sess.Data.Refused})
}
