package apply

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/store"
	"anchorpathways/internal/web/auth"
	"anchorpathways/internal/web/page"
)

// Template names, beside the handlers that use them.
const tmplCheckYourPhone = "apply/check-your-phone"

// ---- check your phone (or email): the code that proves the contact ------------

type checkCodeForm struct {
	Code string `form:"code" validate:"required,max=20" msg:"required=Enter the code we sent you;max=The code is 6 numbers"`
}

type checkYourPhonePage struct {
	page.Page
	SentTo  string
	Email   bool
	Limited bool
	Form    checkCodeForm
	slug    string
}

// Slug is the pathway of the journey, for the page's links.
func (p *checkYourPhonePage) Slug() string { return p.slug }

func (h *Handler) checkYourPhonePage(c echo.Context, a *auth.ApplyState) *checkYourPhonePage {
	email := a.Details.Channel == store.ChannelEmail
	title := "Check your phone"
	if email {
		title = "Check your email"
	}
	slug := c.Param("slug")
	return &checkYourPhonePage{Page: page.Page{Title: title, Back: auth.ApplyURL(slug, "about-you")},
		SentTo: auth.Mask(a.Pending.Contact), Email: email, Limited: a.Pending.Limited, slug: slug}
}

// CheckYourPhone answers GET /pathways/:slug/apply/check-your-phone (resident).
// It asks for the code sent to the contact given on "about you"; the page is
// the same whether or not anyone holds that contact.
func (h *Handler) CheckYourPhone(c echo.Context) error {
	a := auth.CurrentSession(c).Data.Apply
	if a.Pending == nil {
		return c.Redirect(http.StatusSeeOther, auth.ApplyURL(c.Param("slug"), "about-you"))
	}
	return h.views.Render(c, http.StatusOK, tmplCheckYourPhone, h.checkYourPhonePage(c, a))
}

// CheckYourPhonePost answers POST /pathways/:slug/apply/check-your-phone
// (resident). A right code signs this browser in for the contact (with a new
// session token), and only then is the draft started, picked up or changed.
func (h *Handler) CheckYourPhonePost(c echo.Context) error {
	sess := auth.CurrentSession(c)
	a := sess.Data.Apply
	if a.Pending == nil {
		return c.Redirect(http.StatusSeeOther, auth.ApplyURL(c.Param("slug"), "about-you"))
	}
	var f checkCodeForm
	if err := page.Bind(c, &f); err != nil {
		return err
	}
	f.Code = strings.Join(strings.Fields(f.Code), "")
	verr := page.Check(&f)
	if !verr.Has("code") && (len(f.Code) != store.CodeDigits || strings.Trim(f.Code, "0123456789") != "") {
		verr.Add("code", "The code is 6 numbers, like 123456")
	}
	if verr.Empty() {
		msg, err := h.auth.CheckCode(c, a.Pending, f.Code)
		if err != nil {
			return err
		}
		if msg == "" {
			if err := h.auth.SignIn(c, sess, a.Pending.Contact); err != nil {
				return err
			}
			details := a.Details
			a.Pending, a.Details = nil, store.Contact{}
			return h.attach(c, sess, details)
		}
		verr.Add("code", msg)
	}
	pg := h.checkYourPhonePage(c, a)
	pg.Errors, pg.Form = verr, f
	return h.views.Render(c, http.StatusUnprocessableEntity, tmplCheckYourPhone, pg)
}

// ResendCode answers POST /pathways/:slug/apply/check-your-phone/resend
// (resident): another code to the same contact. The codes sent before keep
// working.
func (h *Handler) ResendCode(c echo.Context) error {
	sess := auth.CurrentSession(c)
	a := sess.Data.Apply
	if a.Pending == nil {
		return c.Redirect(http.StatusSeeOther, auth.ApplyURL(c.Param("slug"), "about-you"))
	}
	if err := h.auth.RequestCode(c, a.Pending, h.store.SendContactCode, h.messages.In(page.LocaleOf(c).Code)); err != nil {
		return err
	}
	if err := h.auth.Save(c, sess); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, auth.ApplyURL(c.Param("slug"), "check-your-phone"))
}
