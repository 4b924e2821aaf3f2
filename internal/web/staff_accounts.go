package web

import (
	"errors"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
)

// ---- accepting an invitation, resetting a password ---------------------------------------

type setPasswordForm struct {
	FullName string `form:"full_name" validate:"max=100" msg:"max=Full name must be 100 characters or fewer"`
	Password string `form:"password" validate:"required,max=256" msg:"required=Enter a password;max=Password must be 256 characters or fewer"`
	Confirm  string `form:"confirm" validate:"required" msg:"required=Enter the password again"`
}

type setPasswordPage struct {
	Page
	Invitation bool
	Email      string
	Form       setPasswordForm
}

func (s *Server) tokenPage(c echo.Context, purpose string) error {
	u, err := s.store.StaffByToken(c.Request().Context(), purpose, c.Param("token"))
	if errors.Is(err, store.ErrTokenInvalid) {
		return s.render(c, http.StatusGone, tmplStaffLinkExpired, &Page{Title: "This link has expired or has already been used"})
	}
	if err != nil {
		return err
	}
	if _, err := s.session(c); err != nil {
		return err
	}
	p := &setPasswordPage{Page: Page{Title: "Choose a new password"}, Email: u.Email, Form: setPasswordForm{FullName: u.FullName}}
	if purpose == "invite" {
		p.Title, p.Invitation = "Set up your account", true
	}
	return s.render(c, http.StatusOK, tmplStaffSetPassword, p)
}

func (s *Server) tokenPost(c echo.Context, purpose string) error {
	ctx := c.Request().Context()
	u, err := s.store.StaffByToken(ctx, purpose, c.Param("token"))
	if errors.Is(err, store.ErrTokenInvalid) {
		return s.render(c, http.StatusGone, tmplStaffLinkExpired, &Page{Title: "This link has expired or has already been used"})
	}
	if err != nil {
		return err
	}
	var f setPasswordForm
	if err := bindForm(c, &f); err != nil {
		return err
	}
	verr := check(&f)
	name := ""
	if purpose == "invite" {
		if name, err = portal.CleanName(f.FullName); err != nil {
			verr.Add("full_name", "Enter your full name")
		}
	}
	if !verr.Has("password") {
		if err := portal.CheckNewPassword(f.Password, u.Email, name, u.FullName); err != nil {
			verr.Add("password", err.Error())
		}
	}
	if !verr.Has("confirm") && f.Confirm != f.Password {
		verr.Add("confirm", "The passwords do not match")
	}
	if !verr.Empty() {
		verr.Errors = ordered(verr.Errors, "full_name", "password", "confirm")
		p := &setPasswordPage{Page: Page{Title: "Choose a new password", Errors: verr}, Email: u.Email, Form: setPasswordForm{FullName: f.FullName}}
		if purpose == "invite" {
			p.Title, p.Invitation = "Set up your account", true
		}
		return s.render(c, http.StatusUnprocessableEntity, tmplStaffSetPassword, p)
	}
	hash, err := portal.HashPassword(f.Password)
	if err != nil {
		return err
	}
	if _, err := s.store.UseToken(ctx, s.actor(c), purpose, c.Param("token"), name, hash); err != nil {
		if errors.Is(err, store.ErrTokenInvalid) {
			return s.render(c, http.StatusGone, tmplStaffLinkExpired, &Page{Title: "This link has expired or has already been used"})
		}
		return err
	}
	sess, err := s.session(c)
	if err != nil {
		return err
	}
	sess.data.Flash = "Your password is set. Sign in to continue."
	if purpose == "invite" {
		sess.data.Flash = "Your account is ready. Sign in, then set up your authenticator app."
	}
	if err := s.save(c, sess); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/staff/login")
}

func (s *Server) staffInvitation(c echo.Context) error     { return s.tokenPage(c, "invite") }
func (s *Server) staffInvitationPost(c echo.Context) error { return s.tokenPost(c, "invite") }
func (s *Server) staffReset(c echo.Context) error          { return s.tokenPage(c, "reset") }
func (s *Server) staffResetPost(c echo.Context) error      { return s.tokenPost(c, "reset") }

type resetRequestForm struct {
	Email string `form:"email" validate:"required,max=254" msg:"required=Enter your email address;max=Enter a real email address"`
}

type resetRequestPage struct {
	Page
	Form resetRequestForm
	Sent bool
}

func (s *Server) staffResetRequest(c echo.Context) error {
	if _, err := s.session(c); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, tmplStaffResetRequest, &resetRequestPage{Page: Page{Title: "Reset your password", Back: "/staff/login"}})
}

// staffResetRequestPost sends a reset link if the account exists, and says
// the same thing either way.
func (s *Server) staffResetRequestPost(c echo.Context) error {
	var f resetRequestForm
	if err := bindForm(c, &f); err != nil {
		return err
	}
	trimAll(&f)
	verr := check(&f)
	email := ""
	if verr.Empty() {
		var err error
		if email, err = portal.NormaliseEmail(f.Email); err != nil {
			verr.Add("email", err.Error())
		}
	}
	if !verr.Empty() {
		return s.render(c, http.StatusUnprocessableEntity, tmplStaffResetRequest, &resetRequestPage{Page: Page{Title: "Reset your password", Back: "/staff/login", Errors: verr}, Form: f})
	}
	if ok, err := s.store.Allow(c.Request().Context(), "reset-email:"+digest(email), 3, time.Hour); err != nil {
		return err
	} else if ok {
		if err := s.store.RequestPasswordReset(c.Request().Context(), s.actor(c), email, s.messages); err != nil {
			return err
		}
	}
	return s.render(c, http.StatusOK, tmplStaffResetRequest, &resetRequestPage{Page: Page{Title: "Check your email", Back: "/staff/login"}, Sent: true})
}
