package status

import (
	"errors"
	"net/http"
	"strings"
	"time"

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
	ctx := c.Request().Context()
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
	// A few codes per contact per quarter hour, whatever address asks.
	ok, err := h.store.Allow(ctx, "code-request-contact:"+auth.Digest(contact), 3, 15*time.Minute)
	if err != nil {
		return err
	}
	if !ok {
		return auth.ErrTooMany
	}
	// The answer is the same whether or not we know this contact.
	if _, err := h.store.SendSignInCode(ctx, contact, h.messages); err != nil {
		return err
	}
	sess := auth.CurrentSession(c)
	sess.Data.PendingContact = contact
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
	Form   statusCodeForm
}

// Code answers GET /status/code (resident).
func (h *Handler) Code(c echo.Context) error {
	sess, err := h.auth.Session(c)
	if err != nil {
		return err
	}
	if sess.Data.PendingContact == "" {
		return c.Redirect(http.StatusSeeOther, "/status")
	}
	return h.views.Render(c, http.StatusOK, tmplStatusCode, &statusCodePage{Page: page.Page{Title: "Enter your code", Back: "/status"}, SentTo: mask(sess.Data.PendingContact)})
}

// CodePost answers POST /status/code (resident).
func (h *Handler) CodePost(c echo.Context) error {
	ctx := c.Request().Context()
	sess := auth.CurrentSession(c)
	if sess.Data.PendingContact == "" {
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
		err := h.store.VerifySignInCode(ctx, sess.Data.PendingContact, f.Code)
		switch {
		case err == nil:
			if err := h.auth.Renew(c, sess); err != nil {
				return err
			}
			contact := sess.Data.PendingContact
			sess.Row.Contact = &contact
			sess.Data.PendingContact, sess.Data.SignedInUntil = "", h.store.Now().Add(auth.SignedInFor)
			if err := h.auth.Save(c, sess); err != nil {
				return err
			}
			return c.Redirect(http.StatusSeeOther, "/status/applications")
		case errors.Is(err, store.ErrCodeWrong):
			verr.Add("code", "That code is not right. Check the message we sent and try again")
		case errors.Is(err, store.ErrCodeExpired):
			verr.Add("code", "That code has expired or has already been used. Ask for a new code")
		case errors.Is(err, store.ErrCodeTooMany):
			verr.Add("code", "You have entered the wrong code too many times. Ask for a new code")
		default:
			return err
		}
	}
	return h.views.Render(c, http.StatusUnprocessableEntity, tmplStatusCode,
		&statusCodePage{Page: page.Page{Title: "Enter your code", Back: "/status", Errors: verr}, SentTo: mask(sess.Data.PendingContact), Form: f})
}

// NeedResident lets through only a resident who has proved a contact
// recently; each request keeps the sign-in alive.
func (h *Handler) NeedResident(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		sess := auth.CurrentSession(c)
		if sess == nil || sess.Contact(h.store.Now()) == "" {
			return c.Redirect(http.StatusSeeOther, "/status")
		}
		sess.Data.SignedInUntil = h.store.Now().Add(auth.SignedInFor)
		if err := h.auth.Save(c, sess); err != nil {
			return err
		}
		return next(c)
	}
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
	if err := h.store.WithdrawApplication(c.Request().Context(), c.Param("id"), sess.Contact(h.store.Now()), h.messages); err != nil {
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

// mask shows enough of a contact to recognise it: "07*** ***123", "n***@example.com".
func mask(contact string) string {
	if at := strings.IndexByte(contact, '@'); at > 0 {
		return contact[:1] + "***" + contact[at:]
	}
	if len(contact) > 6 {
		return "0" + contact[3:4] + "*** ***" + contact[len(contact)-3:]
	}
	return "***"
}
