package web

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
)

func applyURL(slug, step string) string {
	u := "/pathways/" + slug + "/apply"
	if step != "" {
		u += "/" + step
	}
	return u
}

// ---- eligibility ------------------------------------------------------------

type eligibilityForm struct {
	Postcode    string `form:"postcode" validate:"required,max=16" msg:"required=Enter your postcode;max=Enter a real postcode, like B35 7PR"`
	Tenant      string `form:"tenant" validate:"required,max=64" msg:"*=Select the housing provider you rent your home from, or select ‘No, none of these’"`
	Over18      string `form:"over18" validate:"required,oneof=yes no" msg:"*=Select yes if you are 18 or over"`
	RightToWork string `form:"right_to_work" validate:"required,oneof=yes no" msg:"*=Select yes if you have the right to work in the UK"`
}

type eligibilityPage struct {
	Page
	Pathway store.PathwayPage
	Form    eligibilityForm
}

// eligibility asks the three questions that decide whether a resident may
// apply. It starts the session (and so the cookie) of the journey.
func (s *Server) eligibility(c echo.Context) error {
	p, err := s.store.PathwayBySlug(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	sess, err := s.session(c)
	if err != nil {
		return err
	}
	page := &eligibilityPage{Page: Page{Title: "Check you can apply", Back: "/pathways/" + p.Slug}, Pathway: p}
	if a := sess.data.Apply; a != nil && a.Slug == p.Slug {
		e := a.Eligibility
		page.Form = eligibilityForm{Postcode: e.Postcode, Tenant: e.Tenant, Over18: yesNo(e.Over18), RightToWork: yesNo(e.RightToWork)}
	}
	return s.render(c, http.StatusOK, tmplEligibility, page)
}

func (s *Server) eligibilityPost(c echo.Context) error {
	ctx := c.Request().Context()
	p, err := s.store.PathwayBySlug(ctx, c.Param("slug"))
	if err != nil {
		return err
	}
	var f eligibilityForm
	if err := bindForm(c, &f); err != nil {
		return err
	}
	trimAll(&f)
	verr := check(&f)
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
		verr.Errors = ordered(verr.Errors, "postcode", "tenant", "over18", "right_to_work")
		return s.render(c, http.StatusUnprocessableEntity, tmplEligibility,
			&eligibilityPage{Page: Page{Title: "Check you can apply", Back: "/pathways/" + p.Slug, Errors: verr}, Pathway: p, Form: f})
	}
	sess := c.Get(ctxSession).(*session)
	e := store.Eligibility{Postcode: postcode, Tenant: f.Tenant, Over18: f.Over18 == "yes", RightToWork: f.RightToWork == "yes"}
	if why := p.Check(e); len(why) > 0 {
		// Nothing is kept of someone who cannot apply, beyond the reasons shown once.
		sess.data.Apply, sess.data.Refused = nil, why
		if err := s.save(c, sess); err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, applyURL(p.Slug, "not-eligible"))
	}
	a := sess.data.Apply
	if a != nil && a.Slug == p.Slug && a.ApplicationID != "" {
		app, err := s.store.UpdateDraft(ctx, a.ApplicationID, func(app *store.Application) error {
			app.Postcode, app.Answers.Tenant, app.Answers.Over18, app.Answers.RightToWork = e.Postcode, e.Tenant, e.Over18, e.RightToWork
			return nil
		})
		if err != nil {
			return err
		}
		a.Eligibility = e
		if err := s.save(c, sess); err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, nextStep(p.Slug, app, "about-you"))
	}
	sess.data.Apply = &applyState{Slug: p.Slug, Eligibility: e}
	sess.data.Refused = nil
	if err := s.save(c, sess); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, applyURL(p.Slug, "about-you"))
}

type notEligiblePage struct {
	Page
	Pathway store.PathwayPage
	Reasons []string
}

func (s *Server) notEligible(c echo.Context) error {
	p, err := s.store.PathwayBySlug(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	sess, err := s.session(c)
	if err != nil {
		return err
	}
	if len(sess.data.Refused) == 0 {
		return c.Redirect(http.StatusSeeOther, applyURL(p.Slug, ""))
	}
	return s.render(c, http.StatusOK, tmplNotEligible, &notEligiblePage{
		Page: Page{Title: "You cannot apply for this course", Back: applyURL(p.Slug, "")}, Pathway: p, Reasons: sess.data.Refused})
}

// ---- about you ----------------------------------------------------------------

type aboutYouForm struct {
	FullName string `form:"full_name" validate:"required,max=100" msg:"required=Enter your full name;max=Full name must be 100 characters or fewer"`
	Mobile   string `form:"mobile" validate:"max=30" msg:"max=Enter a UK mobile number, like 07700 900 982"`
	Email    string `form:"email" validate:"max=254" msg:"max=Email address must be 254 characters or fewer"`
	Channel  string `form:"channel" validate:"required,oneof=sms email" msg:"*=Select how you would like us to contact you"`
}

type aboutYouPage struct {
	Page
	Form aboutYouForm
}

func (s *Server) aboutYou(c echo.Context) error {
	sess := c.Get(ctxSession).(*session)
	page := &aboutYouPage{Page: Page{Title: "About you", Back: applyURL(c.Param("slug"), "")}, Form: aboutYouForm{Channel: store.ChannelSMS}}
	if id := sess.data.Apply.ApplicationID; id != "" {
		app, err := s.store.ApplicationByID(c.Request().Context(), id)
		if err != nil {
			return err
		}
		page.Form = aboutYouForm{FullName: app.FullName, Mobile: deref(app.ContactMobile), Email: deref(app.ContactEmail), Channel: app.ContactChannel}
	}
	return s.render(c, http.StatusOK, tmplAboutYou, page)
}

func (s *Server) aboutYouPost(c echo.Context) error {
	ctx := c.Request().Context()
	slug := c.Param("slug")
	var f aboutYouForm
	if err := bindForm(c, &f); err != nil {
		return err
	}
	trimAll(&f)
	verr := check(&f)
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
		verr.Errors = ordered(verr.Errors, "full_name", "mobile", "email", "channel")
		return s.render(c, http.StatusUnprocessableEntity, tmplAboutYou,
			&aboutYouPage{Page: Page{Title: "About you", Back: applyURL(slug, ""), Errors: verr}, Form: f})
	}
	sess := c.Get(ctxSession).(*session)
	a := sess.data.Apply
	if a.ApplicationID != "" {
		app, err := s.store.UpdateDraft(ctx, a.ApplicationID, func(app *store.Application) error {
			app.FullName, app.ContactMobile, app.ContactEmail, app.ContactChannel = contact.FullName, optional(contact.Mobile), optional(contact.Email), contact.Channel
			return nil
		})
		if err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, nextStep(slug, app, "your-work"))
	}
	p, err := s.store.PathwayBySlug(ctx, slug)
	if err != nil {
		return err
	}
	app, err := s.store.StartApplication(ctx, p.ID, a.Eligibility, contact)
	if errors.Is(err, store.ErrAlreadyApplied) {
		// The resident who has proved this contact continues their own draft;
		// anyone else is told to sign in, and shown nothing of it.
		if app.Status != portal.StatusDraft || !app.Names(sess.contact(s.store.Now())) {
			sess.data.Existing = app.ID
			if err := s.save(c, sess); err != nil {
				return err
			}
			return c.Redirect(http.StatusSeeOther, applyURL(slug, "already-applied"))
		}
	} else if err != nil {
		return err
	}
	a.ApplicationID = app.ID
	if err := s.save(c, sess); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, nextStep(slug, app, "your-work"))
}

type alreadyAppliedPage struct {
	Page
	PathwayName string
	Draft       bool
	slug        string
}

func (s *Server) alreadyApplied(c echo.Context) error {
	sess, err := s.session(c)
	if err != nil {
		return err
	}
	if sess.data.Existing == "" {
		return c.Redirect(http.StatusSeeOther, applyURL(c.Param("slug"), ""))
	}
	app, err := s.store.ApplicationByID(c.Request().Context(), sess.data.Existing)
	if err != nil {
		return err
	}
	p, err := s.store.PathwayByID(c.Request().Context(), app.PathwayID)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, tmplAlreadyApplied, &alreadyAppliedPage{
		Page: Page{Title: "You have already applied", Back: applyURL(c.Param("slug"), "about-you")}, PathwayName: p.Name, Draft: app.Status == portal.StatusDraft, slug: c.Param("slug")})
}

// ---- guards -------------------------------------------------------------------

// needEligible sends a resident who has not answered the eligibility
// questions for this pathway back to them.
func (s *Server) needEligible(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		sess, _ := c.Get(ctxSession).(*session)
		if sess == nil || sess.data.Apply == nil || sess.data.Apply.Slug != c.Param("slug") {
			if sess != nil && sess.data.Confirmed != "" && c.Request().Method == http.MethodPost {
				return c.Redirect(http.StatusSeeOther, applyURL(c.Param("slug"), "confirmation"))
			}
			return c.Redirect(http.StatusSeeOther, applyURL(c.Param("slug"), ""))
		}
		return next(c)
	}
}

const ctxDraft = "draft"

// needDraft loads the resident's draft application: the steps after "about
// you" work on it. A draft already sent leads to its confirmation.
func (s *Server) needDraft(next echo.HandlerFunc) echo.HandlerFunc {
	return s.needEligible(func(c echo.Context) error {
		sess := c.Get(ctxSession).(*session)
		slug := c.Param("slug")
		if sess.data.Apply.ApplicationID == "" {
			return c.Redirect(http.StatusSeeOther, applyURL(slug, "about-you"))
		}
		app, err := s.store.ApplicationByID(c.Request().Context(), sess.data.Apply.ApplicationID)
		if err != nil {
			return err
		}
		if app.Status != portal.StatusDraft {
			sess.data.Confirmed = app.ID
			return c.Redirect(http.StatusSeeOther, applyURL(slug, "confirmation"))
		}
		c.Set(ctxDraft, app)
		return next(c)
	})
}

// nextStep is where a step goes on success: back to "check your answers"
// once the resident has been that far, else the following step.
func nextStep(slug string, app store.Application, step string) string {
	if app.Answers.ChoiceDone {
		return applyURL(slug, "check")
	}
	return applyURL(slug, step)
}

// ordered sorts field errors into the order the fields appear on the page,
// so the error summary reads top to bottom.
func ordered(errs []portal.FieldError, fields ...string) []portal.FieldError {
	out := make([]portal.FieldError, 0, len(errs))
	for _, f := range fields {
		for _, e := range errs {
			if e.Field == f {
				out = append(out, e)
			}
		}
	}
	for _, e := range errs {
		found := false
		for _, f := range fields {
			found = found || e.Field == f
		}
		if !found {
			out = append(out, e)
		}
	}
	return out
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
