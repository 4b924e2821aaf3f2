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

// Sign-in throttling: per account and address together, a guesser slows
// quickly; per account alone, gently, so nobody can lock a colleague out
// for more than a minute; per address, for sprays across accounts.
const (
	freePerAccountIP = 3
	freePerAccount   = 10
	freePerIP        = 20
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
	wait, err := h.store.SignInDelay(ctx, keys...)
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
		for i, k := range keys {
			free, ceiling := []int{freePerAccountIP, freePerAccount, freePerIP}[i], []time.Duration{15 * time.Minute, time.Minute, 15 * time.Minute}[i]
			if err := h.store.RecordSignInFailure(ctx, k, free, ceiling); err != nil {
				return err
			}
		}
		a.Staff.ID, a.Staff.Email = u.ID, email
		if err := h.store.Audit(ctx, a, store.AuditSignInFailed, "staff", u.ID, nil, nil); err != nil {
			return err
		}
		verr.Add("email", "Enter a correct email address and password")
		f.Password = ""
		return h.staffLoginPage(c, http.StatusUnprocessableEntity, f, verr)
	}
	if err := h.store.ClearSignInFailures(ctx, keys[0], keys[1]); err != nil {
		return err
	}
	// A brand-new session ID at sign-in: anything planted before is useless,
	// and a session this browser already had ends.
	if old, ok := auth.StaffFrom(c); ok {
		if err := h.store.EndStaffSession(ctx, old.IDHash); err != nil {
			return err
		}
	}
	token, idHash := store.Token()
	mfaDone := h.demo && u.MFAExempt
	if err := h.store.StartStaffSession(ctx, idHash, auth.RandomText(), u, mfaDone); err != nil {
		return err
	}
	h.auth.SetStaffCookie(c, token)
	a.Staff = u.Staff()
	if err := h.store.Audit(ctx, a, store.AuditSignIn, "staff", u.ID, nil, map[string]bool{"second_factor_done": mfaDone}); err != nil {
		return err
	}
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
