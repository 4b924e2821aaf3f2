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
// It shows the draft's details only to a live sign-in that holds the draft,
// and otherwise what this browser typed while waiting for a code.
func (h *Handler) AboutYou(c echo.Context) error {
	sess := auth.CurrentSession(c)
	a := sess.Data.Apply
	pg := &aboutYouPage{Page: page.Page{Title: "About you", Back: auth.ApplyURL(c.Param("slug"), "")}, Form: aboutYouForm{Channel: store.ChannelSMS}}
	switch {
	case a.Pending != nil:
		d := a.Details
		pg.Form = aboutYouForm{FullName: d.FullName, Mobile: d.Mobile, Email: d.Email, Channel: d.Channel}
	case a.ApplicationID != "":
		app, ok, err := h.liveDraft(c, sess)
		if err != nil || !ok {
			return err
		}
		pg.Form = aboutYouForm{FullName: app.FullName, Mobile: deref(app.ContactMobile), Email: deref(app.ContactEmail), Channel: app.ContactChannel}
	}
	return h.views.Render(c, http.StatusOK, tmplAboutYou, pg)
}

// AboutYouPost answers POST /pathways/:slug/apply/about-you (resident).
func (h *Handler) AboutYouPost(c echo.Context) error {
	slug := c.Param("slug")
	var f aboutYouForm
	if err := page.Bind(c, &f); err != nil {
		return err
	}
	page.TrimAll(&f)
	verr := page.Check(&f)
	contact := store.Contact{Channel: f.Channel, Language: page.LocaleOf(c).Code}
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
		if _, ok, err := h.liveDraft(c, sess); err != nil || !ok {
			return err
		}
	}
	// Nothing is matched by a contact until its holder has shown the code
	// we send to it, unless this browser has just done so.
	proved := contact.Proved()
	if sess.Contact(h.store.Now()) == proved {
		a.Pending = nil
		return h.attach(c, sess, contact)
	}
	a.Details, a.Pending = contact, auth.Pending(a.Pending, proved)
	if err := h.auth.RequestCode(c, a.Pending, h.store.SendContactCode, h.messages.In(page.LocaleOf(c).Code)); err != nil {
		return err
	}
	if err := h.auth.Save(c, sess); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, auth.ApplyURL(slug, "check-your-phone"))
}

// attach puts the proved contact's details on the session's draft, or starts
// a draft for the resident who holds it, or picks up that resident's draft
// for the pathway, or (already sent) shows "already applied". Only call it
// once sess holds a live sign-in for contact.Proved().
func (h *Handler) attach(c echo.Context, sess *auth.Session, contact store.Contact) error {
	ctx := c.Request().Context()
	slug := c.Param("slug")
	a := sess.Data.Apply
	var app store.Application
	var err error
	if a.ApplicationID != "" {
		app, err = h.store.ChangeDraftContact(ctx, a.ApplicationID, contact)
	} else {
		var p store.PathwayPage
		if p, err = h.store.PathwayBySlug(ctx, slug); err != nil {
			return err
		}
		app, err = h.store.StartApplication(ctx, p.ID, a.Eligibility, contact)
		if errors.Is(err, store.ErrAlreadyApplied) && app.Status == portal.StatusDraft {
			// The holder of this contact left a draft: carry on with it,
			// with what they have just told us.
			e, found := a.Eligibility, app
			app, err = h.store.UpdateDraft(ctx, app.ID, func(d *store.Application) error {
				d.FullName, d.ContactMobile, d.ContactEmail, d.ContactChannel = contact.FullName, optional(contact.Mobile), optional(contact.Email), contact.Channel
				d.Postcode, d.Answers.Tenant, d.Answers.Over18, d.Answers.RightToWork = e.Postcode, e.Tenant, e.Over18, e.RightToWork
				return nil
			})
			if errors.Is(err, portal.ErrConflict) {
				// Another tab picked it up at the same moment: carry on
				// with it as it is (a sent one leads to its confirmation).
				app, err = found, nil
			}
		}
	}
	if errors.Is(err, store.ErrAlreadyApplied) {
		sess.Data.Existing = app.ID
		if err := h.auth.Save(c, sess); err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, auth.ApplyURL(slug, "already-applied"))
	}
	if err != nil {
		return err
	}
	a.ApplicationID = app.ID
	if err := h.auth.Save(c, sess); err != nil {
		return err
	}
	step := auth.MissingStep(app)
	if step == "" {
		step = "check"
	}
	return c.Redirect(http.StatusSeeOther, nextStep(slug, app, step))
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
