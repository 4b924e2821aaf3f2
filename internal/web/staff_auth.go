package web

import (
	"bytes"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"image/png"
	"math/big"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
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
	Page
	Form      staffLoginForm
	Accounts  []demoAccount
	Password  string
	SignedOut bool
}

func (s *Server) staffLoginPage(c echo.Context, status int, f staffLoginForm, verr *portal.ValidationError) error {
	if _, ok := staffFrom(c); ok && verr.Empty() {
		return c.Redirect(http.StatusSeeOther, "/staff")
	}
	if _, err := s.session(c); err != nil {
		return err
	}
	p := &staffLoginPage{Page: Page{Title: "Sign in to Anchor Pathways staff", Errors: verr}, Form: f, SignedOut: c.QueryParam("signed-out") != ""}
	if s.demo {
		for _, d := range store.DemoStaff {
			p.Accounts = append(p.Accounts, demoAccount{Email: d.Email, Role: d.Role.Label()})
		}
		p.Password = store.DemoPassword
	}
	return s.render(c, status, tmplStaffLogin, p)
}

func (s *Server) staffLogin(c echo.Context) error {
	return s.staffLoginPage(c, http.StatusOK, staffLoginForm{}, nil)
}

func (s *Server) staffLoginPost(c echo.Context) error {
	ctx := c.Request().Context()
	var f staffLoginForm
	if err := bindForm(c, &f); err != nil {
		return err
	}
	f.Email = strings.TrimSpace(f.Email)
	verr := check(&f)
	if !verr.Empty() {
		f.Password = ""
		return s.staffLoginPage(c, http.StatusUnprocessableEntity, f, verr)
	}
	email, _ := portal.NormaliseEmail(f.Email)
	if email == "" {
		email = strings.ToLower(f.Email)
	}
	ip := c.RealIP()
	keys := []string{"acct-ip:" + digest(email+"|"+ip), "acct:" + digest(email), "ip:" + ip}
	// The attempt is taken before the password is checked, so parallel
	// guesses get no more checks than sequential ones.
	wait, err := s.store.TakeSignInAttempt(ctx, portal.StaffPasswordThrottles(keys[0], keys[1], keys[2])...)
	if err != nil {
		return err
	}
	a := s.actor(c)
	if wait > 0 {
		_ = s.store.Audit(ctx, a, store.AuditSignInFailed, "staff_email", digest(email), nil, "throttled")
		c.Response().Header().Set("Retry-After", fmt.Sprint(int(wait.Seconds())+1))
		verr.Add("email", fmt.Sprintf("Too many attempts. Wait %s, then try again", waitText(wait)))
		f.Password = ""
		return s.staffLoginPage(c, http.StatusTooManyRequests, f, verr)
	}
	u, err := s.store.StaffByEmail(ctx, email)
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
		_ = s.store.Audit(ctx, a, store.AuditSignInFailed, "staff", u.ID, nil, nil)
		verr.Add("email", "Enter a correct email address and password")
		f.Password = ""
		return s.staffLoginPage(c, http.StatusUnprocessableEntity, f, verr)
	}
	// One transaction: forgive the attempts, end a session this browser
	// already had, start a brand-new one (anything planted before is
	// useless), audit.
	token, idHash := store.Token()
	mfaDone := s.demo && u.MFAExempt
	in := store.StaffSignIn{User: u, SessionHash: idHash, CSRF: randomText(), MFAPassed: mfaDone, ClearThrottles: keys[:2]}
	if old, ok := staffFrom(c); ok {
		in.EndSession = old.IDHash
	}
	if err := s.store.SignInStaff(ctx, a, in); err != nil {
		return err
	}
	s.setStaffCookie(c, token)
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

// ---- the second factor -------------------------------------------------------------

type staffCodeForm struct {
	Code string `form:"code" validate:"required,max=20" msg:"required=Enter the code from your authenticator app;max=Enter the 6-digit code, or a recovery code"`
}

type staffCodePage struct {
	Page
	Form staffCodeForm
}

func (s *Server) staffCode(c echo.Context) error {
	return s.render(c, http.StatusOK, tmplStaffCode, &staffCodePage{Page: Page{Title: "Enter the code from your authenticator app"}})
}

var totpOpts = totp.ValidateOpts{Period: 30, Skew: 1, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// totpStep returns the 30-second time step whose code this is, allowing one
// step of clock drift either way, or -1 when it matches none. The caller
// records the step so that a code works once.
func totpStep(code, secret string, now time.Time) int64 {
	if secret == "" || len(code) != 6 {
		return -1
	}
	base := now.Unix() / 30
	for _, d := range []int64{0, -1, 1} {
		want, err := totp.GenerateCodeCustom(secret, time.Unix((base+d)*30, 0), totpOpts)
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return base + d
		}
	}
	return -1
}

// normaliseRecoveryCode accepts a recovery code typed with or without its
// hyphen, in any case, with spaces.
func normaliseRecoveryCode(code string) string {
	c := strings.ToUpper(strings.NewReplacer("-", "", " ", "").Replace(code))
	if len(c) != 10 {
		return c
	}
	return c[:5] + "-" + c[5:]
}

func (s *Server) staffCodePost(c echo.Context) error {
	ctx := c.Request().Context()
	sess, _ := staffFrom(c)
	var f staffCodeForm
	if err := bindForm(c, &f); err != nil {
		return err
	}
	f.Code = strings.Join(strings.Fields(f.Code), "")
	verr := check(&f)
	key := "mfa:" + sess.StaffID
	a := s.actor(c)
	if verr.Empty() {
		wait, err := s.store.TakeSignInAttempt(ctx, portal.StaffCodeThrottle(key))
		if err != nil {
			return err
		}
		switch {
		case wait > 0:
			verr.Add("code", fmt.Sprintf("Too many attempts. Wait %s, then try again", waitText(wait)))
		case totpStep(f.Code, sess.User.TOTPSecret, s.store.Now()) >= 0:
			if err := s.store.UseTOTPStep(ctx, sess.StaffID, totpStep(f.Code, sess.User.TOTPSecret, s.store.Now())); err != nil {
				if !errors.Is(err, store.ErrTokenInvalid) {
					return err
				}
				_ = s.store.Audit(ctx, a, store.AuditMFAFailed, "staff", sess.StaffID, nil, "code reused")
				verr.Add("code", "That code has already been used. Wait for your app to show a new one")
			}
		case len(f.Code) > 6 && s.store.UseRecoveryCode(ctx, sess.StaffID, normaliseRecoveryCode(f.Code)) == nil:
			if err := s.store.Audit(ctx, a, store.AuditRecoveryUsed, "staff", sess.StaffID, nil, nil); err != nil {
				return err
			}
		default:
			_ = s.store.Audit(ctx, a, store.AuditMFAFailed, "staff", sess.StaffID, nil, nil)
			verr.Add("code", "The code is not right. Enter the 6-digit code your app shows now, or a recovery code")
		}
	}
	if !verr.Empty() {
		return s.render(c, http.StatusUnprocessableEntity, tmplStaffCode, &staffCodePage{Page: Page{Title: "Enter the code from your authenticator app", Errors: verr}})
	}
	if err := s.store.ClearSignInFailures(ctx, key); err != nil {
		return err
	}
	if err := s.store.PassStaffMFA(ctx, sess.IDHash); err != nil {
		return err
	}
	if err := s.store.Audit(ctx, a, store.AuditMFAPassed, "staff", sess.StaffID, nil, nil); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/staff")
}

type mfaSetupPage struct {
	Page
	// QR is a data: URL built here from our own PNG; as a plain string
	// html/template would replace it with "#ZgotmplZ" in src.
	QR     template.URL
	Secret string
	Codes  []string
}

// staffMFASetup shows a new authenticator secret as a QR code (and as text,
// for people who cannot scan).
func (s *Server) staffMFASetup(c echo.Context) error {
	sess, _ := staffFrom(c)
	if sess.User.TOTPEnabled {
		return c.Redirect(http.StatusSeeOther, "/staff/login/code")
	}
	// A reload shows the secret being enrolled again, so an app that has
	// already scanned it keeps working.
	key, err := pendingKey(sess.User)
	if sess.User.TOTPSecret == "" {
		key, err = totp.Generate(totp.GenerateOpts{Issuer: "Anchor Pathways", AccountName: sess.User.Email})
		if err == nil {
			err = s.store.SetPendingTOTP(c.Request().Context(), sess.StaffID, key.Secret())
		}
	}
	if err != nil {
		return err
	}
	p, err := s.mfaSetupPage(key, nil)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, tmplStaffMFASetup, p)
}

// pendingKey rebuilds the key of the secret being enrolled.
func pendingKey(u store.StaffUser) (*otp.Key, error) {
	v := url.Values{"secret": {u.TOTPSecret}, "issuer": {"Anchor Pathways"}}
	return otp.NewKeyFromURL("otpauth://totp/" + url.PathEscape("Anchor Pathways:"+u.Email) + "?" + v.Encode())
}

func (s *Server) mfaSetupPage(key *otp.Key, verr *portal.ValidationError) (*mfaSetupPage, error) {
	img, err := key.Image(240, 240)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return &mfaSetupPage{Page: Page{Title: "Set up your authenticator app", Errors: verr},
		QR: template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())), Secret: key.Secret()}, nil
}

func (s *Server) staffMFASetupPost(c echo.Context) error {
	ctx := c.Request().Context()
	sess, _ := staffFrom(c)
	var f staffCodeForm
	if err := bindForm(c, &f); err != nil {
		return err
	}
	f.Code = strings.Join(strings.Fields(f.Code), "")
	verr := check(&f)
	step := totpStep(f.Code, sess.User.TOTPSecret, s.store.Now())
	if verr.Empty() && step < 0 {
		verr.Add("code", "The code is not right. Enter the 6-digit code your app shows now")
	}
	if !verr.Empty() || sess.User.TOTPSecret == "" {
		_ = s.store.Audit(ctx, s.actor(c), store.AuditMFAFailed, "staff", sess.StaffID, nil, "enrolment")
		key, err := pendingKey(sess.User)
		if err != nil {
			return err
		}
		p, err := s.mfaSetupPage(key, verr)
		if err != nil {
			return err
		}
		return s.render(c, http.StatusUnprocessableEntity, tmplStaffMFASetup, p)
	}
	codes := make([]string, 10)
	hashes := make([]string, len(codes))
	for i := range codes {
		codes[i] = recoveryCode()
		hashes[i] = store.HashToken(codes[i])
	}
	if err := s.store.EnableTOTP(ctx, s.actor(c), sess.StaffID, hashes); err != nil {
		return err
	}
	// The enrolment code is spent: it cannot sign anyone in again.
	if err := s.store.UseTOTPStep(ctx, sess.StaffID, step); err != nil && !errors.Is(err, store.ErrTokenInvalid) {
		return err
	}
	if err := s.store.PassStaffMFA(ctx, sess.IDHash); err != nil {
		return err
	}
	// The codes are shown once, now, and kept only as hashes.
	return s.render(c, http.StatusOK, tmplStaffRecovery, &mfaSetupPage{Page: Page{Title: "Save your recovery codes"}, Codes: codes})
}

func recoveryCode() string {
	const alphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
	b := make([]byte, 10)
	for i := range b {
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		if err != nil {
			panic(err)
		}
		b[i] = alphabet[n.Int64()]
	}
	return string(b[:5]) + "-" + string(b[5:])
}

// ---- signing out ----------------------------------------------------------------------

func (s *Server) staffSignOut(c echo.Context) error {
	sess, _ := staffFrom(c)
	if err := s.store.EndStaffSession(c.Request().Context(), sess.IDHash); err != nil {
		return err
	}
	_ = s.store.Audit(c.Request().Context(), s.actor(c), store.AuditSignOut, "staff", sess.StaffID, nil, nil)
	s.clearStaffCookie(c)
	return c.Redirect(http.StatusSeeOther, "/staff/login")
}

func (s *Server) staffSignOutEverywhere(c echo.Context) error {
	sess, _ := staffFrom(c)
	if err := s.store.EndAllStaffSessions(c.Request().Context(), sess.StaffID); err != nil {
		return err
	}
	_ = s.store.Audit(c.Request().Context(), s.actor(c), store.AuditSignOutAll, "staff", sess.StaffID, nil, nil)
	s.clearStaffCookie(c)
	return c.Redirect(http.StatusSeeOther, "/staff/login")
}
