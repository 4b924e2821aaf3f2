package status

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/web/auth"
	"anchorpathways/internal/web/page"
)

// Template names, beside the handlers that use them.
const (
	tmplStatusStart    = "status/start"
	tmplStatusCode     = "status/code"
	tmplStatusList     = "status/applications"
	tmplStatusWithdraw = "status/withdraw"
)

// ---- sign in with a one-time code ------------------------------------------------

type statusStartForm struct {
	Contact string `form:"contact" validate:"required,max=254" msg:"required=Enter the mobile number or email address you applied with;max=Enter a mobile number or email address"`
}

type statusStartPage struct {
	page.Page
	Form statusStartForm
}

// Start answers GET /status (resident).
func (h *Handler) Start(c echo.Context) error {
	sess, err := h.auth.Session(c)
	if err != nil {
		return err
	}
	if sess.Contact(h.store.Now()) != "" {
		return c.Redirect(http.StatusSeeOther, "/status/applications")
	}
	return h.views.Render(c, http.StatusOK, tmplStatusStart, &statusStartPage{Page: page.Page{Title: "Check your application", Back: "/"}})
}

// normaliseContact reads a mobile number or an email address.
func normaliseContact(v string) (string, error) {
	if strings.Contains(v, "@") {
		return portal.NormaliseEmail(v)
	}
	m, err := portal.NormaliseMobile(v)
	if err != nil {
		return "", errors.New("Enter a UK mobile number, like 07700 900 982, or an email address, like name@example.com")
	}
	return m, nil
}

// StartPost answers POST /status (resident).
func (h *Handler) StartPost(c echo.Context) error {
	var f statusStartForm
	if err := page.Bind(c, &f); err != nil {
		return err
	}
	page.TrimAll(&f)
	verr := page.Check(&f)
	contact := ""
	if !verr.Has("contact") {
		var err error
		if contact, err = normaliseContact(f.Contact); err != nil {
			verr.Add("contact", err.Error())
		}
	}
	if !verr.Empty() {
		return h.views.Render(c, http.StatusUnprocessableEntity, tmplStatusStart, &statusStartPage{Page: page.Page{Title: "Check your application", Back: "/", Errors: verr}, Form: f})
	}
	// The answer is the same whether or not we know this contact, and
	// whether or not the per-contact limit held this code back.
	sess := auth.CurrentSession(c)
	sess.Data.Pending = auth.Pending(sess.Data.Pending, contact)
	if err := h.auth.RequestCode(c, sess.Data.Pending, h.store.SendSignInCode, h.messages.In(page.LocaleOf(c).Code)); err != nil {
		return err
	}
	if err := h.auth.Save(c, sess); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/status/code")
}

type statusCodeForm struct {
	Code string `form:"code" validate:"required,max=20" msg:"required=Enter the code we sent you;max=The code is 6 numbers"`
}

type statusCodePage struct {
	page.Page
	SentTo string
	// Limited: no new code went out this time (too many asked for lately).
	Limited bool
	Form    statusCodeForm
}

// Code answers GET /status/code (resident).
func (h *Handler) Code(c echo.Context) error {
	sess, err := h.auth.Session(c)
	if err != nil {
		return err
	}
	p := sess.Data.Pending
	if p == nil {
		return c.Redirect(http.StatusSeeOther, "/status")
	}
	return h.views.Render(c, http.StatusOK, tmplStatusCode, &statusCodePage{Page: page.Page{Title: "Enter your code", Back: "/status"}, SentTo: auth.Mask(p.Contact), Limited: p.Limited})
}

// CodePost answers POST /status/code (resident).
func (h *Handler) CodePost(c echo.Context) error {
	sess := auth.CurrentSession(c)
	p := sess.Data.Pending
	if p == nil {
		return c.Redirect(http.StatusSeeOther, "/status")
	}
	var f statusCodeForm
	if err := page.Bind(c, &f); err != nil {
		return err
	}
	f.Code = strings.Join(strings.Fields(f.Code), "")
	verr := page.Check(&f)
	if !verr.Has("code") && (len(f.Code) != store.CodeDigits || strings.Trim(f.Code, "0123456789") != "") {
		verr.Add("code", "The code is 6 numbers, like 123456")
	}
	if verr.Empty() {
		msg, err := h.auth.CheckCode(c, p, f.Code)
		if err != nil {
			return err
		}
		if msg == "" {
			if err := h.auth.SignIn(c, sess, p.Contact); err != nil {
				return err
			}
			// Later messages (offers, reminders) go in the language used here.
			if err := h.store.SetPreferredLanguage(c.Request().Context(), p.Contact, page.LocaleOf(c).Code); err != nil {
				return err
			}
			sess.Data.Pending = nil
			if err := h.auth.Save(c, sess); err != nil {
				return err
			}
			return c.Redirect(http.StatusSeeOther, "/status/applications")
		}
		verr.Add("code", msg)
	}
	return h.views.Render(c, http.StatusUnprocessableEntity, tmplStatusCode,
		&statusCodePage{Page: page.Page{Title: "Enter your code", Back: "/status", Errors: verr}, SentTo: auth.Mask(p.Contact), Form: f})
}

// ---- the resident's applications ----------------------------------------------------

type statusListPage struct {
	page.Page
	Applications []store.ResidentApplication
}

// CanWithdraw reports whether the state machine lets a resident withdraw an
// application in status s: only then is "Withdraw" offered, so that it never
// leads to a refusal.
func (p *statusListPage) CanWithdraw(s portal.Status) bool {
	return portal.Transition(s, portal.StatusWithdrawn, portal.ActorResident) == nil
}

// Applications answers GET /status/applications (signed-in resident).
func (h *Handler) Applications(c echo.Context) error {
	sess := auth.CurrentSession(c)
	apps, err := h.store.ApplicationsForContact(c.Request().Context(), sess.Contact(h.store.Now()))
	if err != nil {
		return err
	}
	return h.views.Render(c, http.StatusOK, tmplStatusList, &statusListPage{Page: page.Page{Title: "Your applications"}, Applications: apps})
}

// ownApplication finds one of the signed-in resident's applications.
func (h *Handler) ownApplication(c echo.Context) (store.ResidentApplication, error) {
	sess := auth.CurrentSession(c)
	apps, err := h.store.ApplicationsForContact(c.Request().Context(), sess.Contact(h.store.Now()))
	if err != nil {
		return store.ResidentApplication{}, err
	}
	for _, a := range apps {
		if a.ID == c.Param("id") {
			return a, nil
		}
	}
	return store.ResidentApplication{}, portal.ErrNotFound
}

// Continue answers POST /status/applications/:id/continue (signed-in resident).
// Picks up a draft where the resident left it.
func (h *Handler) Continue(c echo.Context) error {
	app, err := h.ownApplication(c)
	if err != nil {
		return err
	}
	if app.Status != portal.StatusDraft {
		return portal.ErrConflict
	}
	sess := auth.CurrentSession(c)
	a := app.Answers
	sess.Data.Apply = &auth.ApplyState{Slug: app.PathwaySlug, ApplicationID: app.ID,
		Eligibility: store.Eligibility{Postcode: app.Postcode, Tenant: a.Tenant, Over18: a.Over18, RightToWork: a.RightToWork}}
	if err := h.auth.Save(c, sess); err != nil {
		return err
	}
	step := auth.MissingStep(app.Application)
	if step == "" {
		step = "check"
	}
	return c.Redirect(http.StatusSeeOther, auth.ApplyURL(app.PathwaySlug, step))
}

type withdrawPage struct {
	page.Page
	App store.ResidentApplication
}

// Withdraw answers GET /status/applications/:id/withdraw (signed-in resident).
func (h *Handler) Withdraw(c echo.Context) error {
	app, err := h.ownApplication(c)
	if err != nil {
		return err
	}
	if portal.Transition(app.Status, portal.StatusWithdrawn, portal.ActorResident) != nil {
		return portal.ErrConflict
	}
	return h.views.Render(c, http.StatusOK, tmplStatusWithdraw, &withdrawPage{Page: page.Page{Title: "Withdraw your application", Back: "/status/applications"}, App: app})
}

// WithdrawPost answers POST /status/applications/:id/withdraw (signed-in resident).
func (h *Handler) WithdrawPost(c echo.Context) error {
	sess := auth.CurrentSession(c)
	if err := h.store.WithdrawApplication(c.Request().Context(), c.Param("id"), sess.Contact(h.store.Now()), h.messages.In(page.LocaleOf(c).Code)); err != nil {
		return err
	}
	sess.Data.Flash = "You have withdrawn your application."
	if err := h.auth.Save(c, sess); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/status/applications")
}

// SignOut answers POST /status/sign-out (resident).
func (h *Handler) SignOut(c echo.Context) error {
	if err := h.auth.EndSession(c, auth.CurrentSession(c)); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/")
}
