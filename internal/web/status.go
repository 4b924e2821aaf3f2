package web

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
)

// ---- sign in with a one-time code ------------------------------------------------

type statusStartForm struct {
	Contact string `form:"contact" validate:"required,max=254" msg:"required=Enter the mobile number or email address you applied with;max=Enter a mobile number or email address"`
}

type statusStartPage struct {
	Page
	Form statusStartForm
}

func (s *Server) statusStart(c echo.Context) error {
	sess, err := s.session(c)
	if err != nil {
		return err
	}
	if sess.contact(s.store.Now()) != "" {
		return c.Redirect(http.StatusSeeOther, "/status/applications")
	}
	return s.render(c, http.StatusOK, tmplStatusStart, &statusStartPage{Page: Page{Title: "Check your application", Back: "/"}})
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

func (s *Server) statusStartPost(c echo.Context) error {
	ctx := c.Request().Context()
	var f statusStartForm
	if err := bindForm(c, &f); err != nil {
		return err
	}
	trimAll(&f)
	verr := check(&f)
	contact := ""
	if !verr.Has("contact") {
		var err error
		if contact, err = normaliseContact(f.Contact); err != nil {
			verr.Add("contact", err.Error())
		}
	}
	if !verr.Empty() {
		return s.render(c, http.StatusUnprocessableEntity, tmplStatusStart, &statusStartPage{Page: Page{Title: "Check your application", Back: "/", Errors: verr}, Form: f})
	}
	// A few codes per contact per quarter hour, whatever address asks.
	ok, err := s.store.Allow(ctx, "code-request-contact:"+digest(contact), 3, 15*time.Minute)
	if err != nil {
		return err
	}
	if !ok {
		return errTooMany
	}
	// The answer is the same whether or not we know this contact.
	if _, err := s.store.SendSignInCode(ctx, contact, s.messages); err != nil {
		return err
	}
	sess := c.Get(ctxSession).(*session)
	sess.data.PendingContact = contact
	if err := s.save(c, sess); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/status/code")
}

type statusCodeForm struct {
	Code string `form:"code" validate:"required,max=20" msg:"required=Enter the code we sent you;max=The code is 6 numbers"`
}

type statusCodePage struct {
	Page
	SentTo string
	Form   statusCodeForm
}

func (s *Server) statusCode(c echo.Context) error {
	sess, err := s.session(c)
	if err != nil {
		return err
	}
	if sess.data.PendingContact == "" {
		return c.Redirect(http.StatusSeeOther, "/status")
	}
	return s.render(c, http.StatusOK, tmplStatusCode, &statusCodePage{Page: Page{Title: "Enter your code", Back: "/status"}, SentTo: mask(sess.data.PendingContact)})
}

func (s *Server) statusCodePost(c echo.Context) error {
	ctx := c.Request().Context()
	sess := c.Get(ctxSession).(*session)
	if sess.data.PendingContact == "" {
		return c.Redirect(http.StatusSeeOther, "/status")
	}
	var f statusCodeForm
	if err := bindForm(c, &f); err != nil {
		return err
	}
	f.Code = strings.Join(strings.Fields(f.Code), "")
	verr := check(&f)
	if !verr.Has("code") && (len(f.Code) != store.CodeDigits || strings.Trim(f.Code, "0123456789") != "") {
		verr.Add("code", "The code is 6 numbers, like 123456")
	}
	if verr.Empty() {
		err := s.store.VerifySignInCode(ctx, sess.data.PendingContact, f.Code)
		switch {
		case err == nil:
			if err := s.renew(c, sess); err != nil {
				return err
			}
			contact := sess.data.PendingContact
			sess.row.Contact = &contact
			sess.data.PendingContact, sess.data.SignedInUntil = "", s.store.Now().Add(signedInFor)
			if err := s.save(c, sess); err != nil {
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
	return s.render(c, http.StatusUnprocessableEntity, tmplStatusCode,
		&statusCodePage{Page: Page{Title: "Enter your code", Back: "/status", Errors: verr}, SentTo: mask(sess.data.PendingContact), Form: f})
}

// needResident lets through only a resident who has proved a contact
// recently; each request keeps the sign-in alive.
func (s *Server) needResident(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		sess, _ := c.Get(ctxSession).(*session)
		if sess == nil || sess.contact(s.store.Now()) == "" {
			return c.Redirect(http.StatusSeeOther, "/status")
		}
		sess.data.SignedInUntil = s.store.Now().Add(signedInFor)
		if err := s.save(c, sess); err != nil {
			return err
		}
		return next(c)
	}
}

// ---- the resident's applications ----------------------------------------------------

type statusListPage struct {
	Page
	Applications []store.ResidentApplication
}

func (s *Server) statusApplications(c echo.Context) error {
	sess := c.Get(ctxSession).(*session)
	apps, err := s.store.ApplicationsForContact(c.Request().Context(), sess.contact(s.store.Now()))
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, tmplStatusList, &statusListPage{Page: Page{Title: "Your applications"}, Applications: apps})
}

// ownApplication finds one of the signed-in resident's applications.
func (s *Server) ownApplication(c echo.Context) (store.ResidentApplication, error) {
	sess := c.Get(ctxSession).(*session)
	apps, err := s.store.ApplicationsForContact(c.Request().Context(), sess.contact(s.store.Now()))
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

// statusContinue picks up a draft where the resident left it.
func (s *Server) statusContinue(c echo.Context) error {
	app, err := s.ownApplication(c)
	if err != nil {
		return err
	}
	if app.Status != portal.StatusDraft {
		return portal.ErrConflict
	}
	sess := c.Get(ctxSession).(*session)
	a := app.Answers
	sess.data.Apply = &applyState{Slug: app.PathwaySlug, ApplicationID: app.ID,
		Eligibility: store.Eligibility{Postcode: app.Postcode, Tenant: a.Tenant, Over18: a.Over18, RightToWork: a.RightToWork}}
	if err := s.save(c, sess); err != nil {
		return err
	}
	step := missingStep(app.Application)
	if step == "" {
		step = "check"
	}
	return c.Redirect(http.StatusSeeOther, applyURL(app.PathwaySlug, step))
}

type withdrawPage struct {
	Page
	App store.ResidentApplication
}

func (s *Server) statusWithdraw(c echo.Context) error {
	app, err := s.ownApplication(c)
	if err != nil {
		return err
	}
	if portal.Transition(app.Status, portal.StatusWithdrawn, portal.ActorResident) != nil {
		return portal.ErrConflict
	}
	return s.render(c, http.StatusOK, tmplStatusWithdraw, &withdrawPage{Page: Page{Title: "Withdraw your application", Back: "/status/applications"}, App: app})
}

func (s *Server) statusWithdrawPost(c echo.Context) error {
	sess := c.Get(ctxSession).(*session)
	if err := s.store.WithdrawApplication(c.Request().Context(), c.Param("id"), sess.contact(s.store.Now()), s.messages); err != nil {
		return err
	}
	sess.data.Flash = "You have withdrawn your application."
	if err := s.save(c, sess); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/status/applications")
}

func (s *Server) statusSignOut(c echo.Context) error {
	sess := c.Get(ctxSession).(*session)
	if err := s.store.DeleteSession(c.Request().Context(), sess.row.IDHash); err != nil {
		return err
	}
	c.SetCookie(&http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
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

func digest(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:12])
}
