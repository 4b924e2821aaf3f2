package apply

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/web/auth"
	"anchorpathways/internal/web/page"
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

// ---- about you ----------------------------------------------------------------

type aboutYouForm struct {
	FullName string `form:"full_name" validate:"required,max=100" msg:"required=Enter your full name;max=Full name must be 100 characters or fewer"`
	Mobile   string `form:"mobile" validate:"max=30" msg:"max=Enter a UK mobile number, like 07700 900 982"`
	Email    string `form:"email" validate:"max=254" msg:"max=Email address must be 254 characters or fewer"`
	Channel  string `form:"channel" validate:"required,oneof=sms email" msg:"*=Select how you would like us to contact you"`
}

type aboutYouPage struct {
	page.Page
	Form aboutYouForm
}

// AboutYou answers GET /pathways/:slug/apply/about-you (resident).
func (h *Handler) AboutYou(c echo.Context) error {
	sess := auth.CurrentSession(c)
	pg := &aboutYouPage{Page: page.Page{Title: "About you", Back: auth.ApplyURL(c.Param("slug"), "")}, Form: aboutYouForm{Channel: store.ChannelSMS}}
	if id := sess.Data.Apply.ApplicationID; id != "" {
		app, err := h.store.ApplicationByID(c.Request().Context(), id)
		if err != nil {
			return err
		}
		pg.Form = aboutYouForm{FullName: app.FullName, Mobile: deref(app.ContactMobile), Email: deref(app.ContactEmail), Channel: app.ContactChannel}
	}
	return h.views.Render(c, http.StatusOK, tmplAboutYou, pg)
}

// AboutYouPost answers POST /pathways/:slug/apply/about-you (resident).
func (h *Handler) AboutYouPost(c echo.Context) error {
	ctx := c.Request().Context()
	slug := c.Param("slug")
	var f aboutYouForm
	if err := page.Bind(c, &f); err != nil {
		return err
	}
	page.TrimAll(&f)
	verr := page.Check(&f)
	contact := store.Contact{Channel: f.Channel}
	var err error
	if !verr.Has("full_name") {
		if contact.FullName, err = portal.CleanName(f.FullName); err != nil {
			verr.Add("full_name", err.Error())
		}
	}
	if f.Mobile != "" && !verr.Has("mobile") {
		if contact.Mobile, err = portal.NormaliseMobile(f.Mobile); err != nil {
			verr.Add("mobile", err.Error())
		}
	}
	if f.Email != "" && !verr.Has("email") {
		if contact.Email, err = portal.NormaliseEmail(f.Email); err != nil {
			verr.Add("email", err.Error())
		}
	}
	switch {
	case f.Mobile == "" && f.Email == "":
		verr.Add("mobile", "Enter a mobile number or an email address, so we can tell you what happens next")
	case f.Channel == store.ChannelSMS && f.Mobile == "":
		verr.Add("mobile", "Enter a mobile number, or choose email as the way to contact you")
	case f.Channel == store.ChannelEmail && f.Email == "":
		verr.Add("email", "Enter an email address, or choose text message as the way to contact you")
	}
	if !verr.Empty() {
		verr.Errors = page.Ordered(verr.Errors, "full_name", "mobile", "email", "channel")
		return h.views.Render(c, http.StatusUnprocessableEntity, tmplAboutYou,
			&aboutYouPage{Page: page.Page{Title: "About you", Back: auth.ApplyURL(slug, ""), Errors: verr}, Form: f})
	}
	sess := auth.CurrentSession(c)
	a := sess.Data.Apply
	if a.ApplicationID != "" {
		app, err := h.store.UpdateDraft(ctx, a.ApplicationID, func(app *store.Application) error {
			app.FullName, app.ContactMobile, app.ContactEmail, app.ContactChannel = contact.FullName, optional(contact.Mobile), optional(contact.Email), contact.Channel
			return nil
		})
		if err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, nextStep(slug, app, "your-work"))
	}
	p, err := h.store.PathwayBySlug(ctx, slug)
	if err != nil {
		return err
	}
	app, err := h.store.StartApplication(ctx, p.ID, a.Eligibility, contact)
	if errors.Is(err, store.ErrAlreadyApplied) {
		// The resident who has proved this contact continues their own draft;
		// anyone else is told to sign in, and shown nothing of it.
		if app.Status != portal.StatusDraft || !app.Names(sess.Contact(h.store.Now())) {
			sess.Data.Existing = app.ID
			if err := h.auth.Save(c, sess); err != nil {
				return err
			}
			return c.Redirect(http.StatusSeeOther, auth.ApplyURL(slug, "already-applied"))
		}
	} else if err != nil {
		return err
	}
	a.ApplicationID = app.ID
	if err := h.auth.Save(c, sess); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, nextStep(slug, app, "your-work"))
}

type alreadyAppliedPage struct {
	page.Page
	PathwayName string
	Draft       bool
	slug        string
}

// AlreadyApplied answers GET /pathways/:slug/apply/already-applied (resident).
func (h *Handler) AlreadyApplied(c echo.Context) error {
	sess, err := h.auth.Session(c)
	if err != nil {
		return err
	}
	if sess.Data.Existing == "" {
		return c.Redirect(http.StatusSeeOther, auth.ApplyURL(c.Param("slug"), ""))
	}
	app, err := h.store.ApplicationByID(c.Request().Context(), sess.Data.Existing)
	if err != nil {
		return err
	}
	p, err := h.store.PathwayByID(c.Request().Context(), app.PathwayID)
	if err != nil {
		return err
	}
	return h.views.Render(c, http.StatusOK, tmplAlreadyApplied, &alreadyAppliedPage{
		Page: page.Page{Title: "You have already applied", Back: auth.ApplyURL(c.Param("slug"), "about-you")}, PathwayName: p.Name, Draft: app.Status == portal.StatusDraft, slug: c.Param("slug")})
}

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
