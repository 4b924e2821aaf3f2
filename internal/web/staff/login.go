package staff

import (
	"errors"
	"fmt"
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
	tmplStaffLogin = "staff/login"
)

// dummyHash is compared against when an account does not exist, so a
// sign-in takes as long whether or not the email is known.
var dummyHash, _ = portal.HashPassword("not a real password, only for timing")

// ---- email and password ----------------------------------------------------------

type staffLoginForm struct {
	Email    string `form:"email" validate:"required,max=254" msg:"required=Enter your email address;max=Enter a real email address"`
	Password string `form:"password" validate:"required,max=256" msg:"required=Enter your password;max=Enter your password"`
}

type demoAccount struct{ Email, Role, Organisation string }

type staffLoginPage struct {
	page.Page
	Form      staffLoginForm
	Accounts  []demoAccount
	Password  string
	SignedOut bool
}

func (h *Handler) staffLoginPage(c echo.Context, status int, f staffLoginForm, verr *portal.ValidationError) error {
	if _, ok := auth.StaffFrom(c); ok && verr.Empty() {
		return c.Redirect(http.StatusSeeOther, "/staff")
	}
	if _, err := h.auth.Session(c); err != nil {
		return err
	}
	p := &staffLoginPage{Page: page.Page{Title: "Sign in to Anchor Pathways staff", Errors: verr}, Form: f, SignedOut: c.QueryParam("signed-out") != ""}
	if h.demo {
		for _, d := range store.DemoStaff {
			p.Accounts = append(p.Accounts, demoAccount{Email: d.Email, Role: d.Role.Label()})
		}
		p.Password = store.DemoPassword
	}
	return h.views.Render(c, status, tmplStaffLogin, p)
}

// Login answers GET /staff/login (resident).
func (h *Handler) Login(c echo.Context) error {
	return h.staffLoginPage(c, http.StatusOK, staffLoginForm{}, nil)
}

// LoginPost answers POST /staff/login (resident).
func (h *Handler) LoginPost(c echo.Context) error {
	ctx := c.Request().Context()
	var f staffLoginForm
	if err := page.Bind(c, &f); err != nil {
		return err
	}
	f.Email = strings.TrimSpace(f.Email)
	verr := page.Check(&f)
	if !verr.Empty() {
		f.Password = ""
		return h.staffLoginPage(c, http.StatusUnprocessableEntity, f, verr)
	}
	email, _ := portal.NormaliseEmail(f.Email)
	if email == "" {
		email = strings.ToLower(f.Email)
	}
	ip := c.RealIP()
	keys := []string{"acct-ip:" + auth.Digest(email+"|"+ip), "acct:" + auth.Digest(email), "ip:" + ip}
	// The attempt is taken before the password is checked, so parallel
	// guesses get no more checks than sequential ones.
	wait, err := h.store.TakeSignInAttempt(ctx, portal.StaffPasswordThrottles(keys[0], keys[1], keys[2])...)
	if err != nil {
		return err
	}
	a := auth.Actor(c)
	if wait > 0 {
		if err := h.store.Audit(ctx, a, store.AuditSignInFailed, "staff_email", auth.Digest(email), nil, "throttled"); err != nil {
			return err
		}
		c.Response().Header().Set("Retry-After", fmt.Sprint(int(wait.Seconds())+1))
		verr.Add("email", fmt.Sprintf("Too many attempts. Wait %s, then try again", waitText(wait)))
		f.Password = ""
		return h.staffLoginPage(c, http.StatusTooManyRequests, f, verr)
	}
	u, err := h.store.StaffByEmail(ctx, email)
	if err != nil && !errors.Is(err, portal.ErrNotFound) {
		return err
	}
	hash := u.PasswordHash
	if hash == "" {
		hash = dummyHash
	}
	ok := portal.PasswordMatches(f.Password, hash) && u.ID != "" && u.DisabledAt == nil
	if !ok {
		a.Staff.ID, a.Staff.Email = u.ID, email
		if err := h.store.Audit(ctx, a, store.AuditSignInFailed, "staff", u.ID, nil, nil); err != nil {
			return err
		}
		verr.Add("email", "Enter a correct email address and password")
		f.Password = ""
		return h.staffLoginPage(c, http.StatusUnprocessableEntity, f, verr)
	}
	// One transaction: forgive the attempts, end a session this browser
	// already had, start a brand-new one (anything planted before is
	// useless), audit.
	token, idHash := store.Token()
	mfaDone := h.demo && u.MFAExempt
	in := store.StaffSignIn{User: u, SessionHash: idHash, CSRF: auth.RandomText(), MFAPassed: mfaDone, ClearThrottles: keys[:2]}
	if old, ok := auth.StaffFrom(c); ok {
		in.EndSession = old.IDHash
	}
	if err := h.store.SignInStaff(ctx, a, in); err != nil {
		return err
	}
	h.auth.SetStaffCookie(c, token)
	if mfaDone {
		return c.Redirect(http.StatusSeeOther, "/staff")
	}
	if u.TOTPEnabled {
		return c.Redirect(http.StatusSeeOther, "/staff/login/code")
	}
	return c.Redirect(http.StatusSeeOther, "/staff/mfa/setup")
}

func waitText(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%d seconds", int(d.Seconds())+1)
	}
	return fmt.Sprintf("%d minutes", int(d.Minutes())+1)
}
