package staff

import (
	"errors"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/web/auth"
	"anchorpathways/internal/web/page"
)

// Template names, beside the handlers that use them.
const (
	tmplStaffSetPassword  = "staff/set-password"
	tmplStaffLinkExpired  = "staff/link-expired"
	tmplStaffResetRequest = "staff/reset-request"
)

// ---- accepting an invitation, resetting a password ---------------------------------------

type setPasswordForm struct {
	FullName string `form:"full_name" validate:"max=100" msg:"max=Full name must be 100 characters or fewer"`
	Password string `form:"password" validate:"required,max=256" msg:"required=Enter a password;max=Password must be 256 characters or fewer"`
	Confirm  string `form:"confirm" validate:"required" msg:"required=Enter the password again"`
}

type setPasswordPage struct {
	page.Page
	Invitation bool
	Email      string
	Form       setPasswordForm
}

func (h *Handler) tokenPage(c echo.Context, purpose string) error {
	u, err := h.store.StaffByToken(c.Request().Context(), purpose, c.Param("token"))
	if errors.Is(err, store.ErrTokenInvalid) {
		return h.views.Render(c, http.StatusGone, tmplStaffLinkExpired, &page.Page{Title: "This link has expired or has already been used"})
	}
	if err != nil {
		return err
	}
	if _, err := h.auth.Session(c); err != nil {
		return err
	}
	p := &setPasswordPage{Page: page.Page{Title: "Choose a new password"}, Email: u.Email, Form: setPasswordForm{FullName: u.FullName}}
	if purpose == "invite" {
		p.Title, p.Invitation = "Set up your account", true
	}
	return h.views.Render(c, http.StatusOK, tmplStaffSetPassword, p)
}

func (h *Handler) tokenPost(c echo.Context, purpose string) error {
	ctx := c.Request().Context()
	u, err := h.store.StaffByToken(ctx, purpose, c.Param("token"))
	if errors.Is(err, store.ErrTokenInvalid) {
		return h.views.Render(c, http.StatusGone, tmplStaffLinkExpired, &page.Page{Title: "This link has expired or has already been used"})
	}
	if err != nil {
		return err
	}
	var f setPasswordForm
	if err := page.Bind(c, &f); err != nil {
		return err
	}
	verr := page.Check(&f)
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
		verr.Errors = page.Ordered(verr.Errors, "full_name", "password", "confirm")
		p := &setPasswordPage{Page: page.Page{Title: "Choose a new password", Errors: verr}, Email: u.Email, Form: setPasswordForm{FullName: f.FullName}}
		if purpose == "invite" {
			p.Title, p.Invitation = "Set up your account", true
		}
		return h.views.Render(c, http.StatusUnprocessableEntity, tmplStaffSetPassword, p)
	}
	hash, err := portal.HashPassword(f.Password)
	if err != nil {
		return err
	}
	if _, err := h.store.UseToken(ctx, auth.Actor(c), purpose, c.Param("token"), name, hash); err != nil {
		if errors.Is(err, store.ErrTokenInvalid) {
			return h.views.Render(c, http.StatusGone, tmplStaffLinkExpired, &page.Page{Title: "This link has expired or has already been used"})
		}
		return err
	}
	sess, err := h.auth.Session(c)
	if err != nil {
		return err
	}
	sess.Data.Flash = "Your password is set. Sign in to continue."
	if purpose == "invite" {
		sess.Data.Flash = "Your account is ready. Sign in, then set up your authenticator app."
	}
	if err := h.auth.Save(c, sess); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/staff/login")
}

// Invitation answers GET /staff/invitations/:token (resident).
func (h *Handler) Invitation(c echo.Context) error { return h.tokenPage(c, "invite") }

// InvitationPost answers POST /staff/invitations/:token (resident).
func (h *Handler) InvitationPost(c echo.Context) error { return h.tokenPost(c, "invite") }

// Reset answers GET /staff/password-reset/:token (resident).
func (h *Handler) Reset(c echo.Context) error { return h.tokenPage(c, "reset") }

// ResetPost answers POST /staff/password-reset/:token (resident).
func (h *Handler) ResetPost(c echo.Context) error { return h.tokenPost(c, "reset") }

type resetRequestForm struct {
	Email string `form:"email" validate:"required,max=254" msg:"required=Enter your email address;max=Enter a real email address"`
}

type resetRequestPage struct {
	page.Page
	Form resetRequestForm
	Sent bool
}

// ResetRequest answers GET /staff/password-reset (resident).
func (h *Handler) ResetRequest(c echo.Context) error {
	if _, err := h.auth.Session(c); err != nil {
		return err
	}
	return h.views.Render(c, http.StatusOK, tmplStaffResetRequest, &resetRequestPage{Page: page.Page{Title: "Reset your password", Back: "/staff/login"}})
}

// ResetRequestPost answers POST /staff/password-reset (resident).
// Sends a reset link if the account exists, and says
// the same thing either way.
func (h *Handler) ResetRequestPost(c echo.Context) error {
	var f resetRequestForm
	if err := page.Bind(c, &f); err != nil {
		return err
	}
	page.TrimAll(&f)
	verr := page.Check(&f)
	email := ""
	if verr.Empty() {
		var err error
		if email, err = portal.NormaliseEmail(f.Email); err != nil {
			verr.Add("email", err.Error())
		}
	}
	if !verr.Empty() {
		return h.views.Render(c, http.StatusUnprocessableEntity, tmplStaffResetRequest, &resetRequestPage{Page: page.Page{Title: "Reset your password", Back: "/staff/login", Errors: verr}, Form: f})
	}
	if ok, err := h.store.Allow(c.Request().Context(), "reset-email:"+auth.Digest(email), 3, time.Hour); err != nil {
		return err
	} else if ok {
		if err := h.store.RequestPasswordReset(c.Request().Context(), auth.Actor(c), email, h.messages); err != nil {
			return err
		}
	}
	return h.views.Render(c, http.StatusOK, tmplStaffResetRequest, &resetRequestPage{Page: page.Page{Title: "Check your email", Back: "/staff/login"}, Sent: true})
}
