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

// Template names, beside the handlers that use them.
const (
	tmplAboutYou       = "apply/about-you"
	tmplAlreadyApplied = "apply/already-applied"
)

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
	// A draft has not been sent: saying "you have already applied" would
	// leave the resident thinking there is nothing left to do.
	draft := app.Status == portal.StatusDraft
	title := "You have already applied"
	if draft {
		title = "You have an application you have not sent yet"
	}
	return h.views.Render(c, http.StatusOK, tmplAlreadyApplied, &alreadyAppliedPage{
		Page: page.Page{Title: title, Back: auth.ApplyURL(c.Param("slug"), "about-you")}, PathwayName: p.Name, Draft: draft, slug: c.Param("slug")})
}
