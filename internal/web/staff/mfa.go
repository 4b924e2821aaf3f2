package staff

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
	"anchorpathways/internal/web/auth"
	"anchorpathways/internal/web/page"
)

// Template names, beside the handlers that use them.
const (
	tmplStaffCode     = "staff/code"
	tmplStaffMFASetup = "staff/mfa-setup"
	tmplStaffRecovery = "staff/recovery-codes"
)

// ---- the second factor -------------------------------------------------------------

type staffCodeForm struct {
	Code string `form:"code" validate:"required,max=20" msg:"required=Enter the code from your authenticator app;max=Enter the 6-digit code, or a recovery code"`
}

type staffCodePage struct {
	page.Page
	Form staffCodeForm
}

// Code answers GET /staff/login/code (staff part-way through signing in).
func (h *Handler) Code(c echo.Context) error {
	return h.views.Render(c, http.StatusOK, tmplStaffCode, &staffCodePage{Page: page.Page{Title: "Enter the code from your authenticator app"}})
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

// CodePost answers POST /staff/login/code (staff part-way through signing in).
func (h *Handler) CodePost(c echo.Context) error {
	ctx := c.Request().Context()
	sess, _ := auth.StaffFrom(c)
	var f staffCodeForm
	if err := page.Bind(c, &f); err != nil {
		return err
	}
	f.Code = strings.Join(strings.Fields(f.Code), "")
	verr := page.Check(&f)
	key := "mfa:" + sess.StaffID
	a := auth.Actor(c)
	if verr.Empty() {
		wait, err := h.store.TakeSignInAttempt(ctx, portal.StaffCodeThrottle(key))
		if err != nil {
			return err
		}
		switch {
		case wait > 0:
			verr.Add("code", fmt.Sprintf("Too many attempts. Wait %s, then try again", waitText(wait)))
		case totpStep(f.Code, sess.User.TOTPSecret, h.store.Now()) >= 0:
			if err := h.store.UseTOTPStep(ctx, sess.StaffID, totpStep(f.Code, sess.User.TOTPSecret, h.store.Now())); err != nil {
				if !errors.Is(err, store.ErrTokenInvalid) {
					return err
				}
				if err := h.store.Audit(ctx, a, store.AuditMFAFailed, "staff", sess.StaffID, nil, "code reused"); err != nil {
					return err
				}
				verr.Add("code", "That code has already been used. Wait for your app to show a new one")
			}
		case len(f.Code) > 6 && h.store.UseRecoveryCode(ctx, sess.StaffID, normaliseRecoveryCode(f.Code)) == nil:
			if err := h.store.Audit(ctx, a, store.AuditRecoveryUsed, "staff", sess.StaffID, nil, nil); err != nil {
				return err
			}
		default:
			if err := h.store.Audit(ctx, a, store.AuditMFAFailed, "staff", sess.StaffID, nil, nil); err != nil {
				return err
			}
			verr.Add("code", "The code is not right. Enter the 6-digit code your app shows now, or a recovery code")
		}
	}
	if !verr.Empty() {
		return h.views.Render(c, http.StatusUnprocessableEntity, tmplStaffCode, &staffCodePage{Page: page.Page{Title: "Enter the code from your authenticator app", Errors: verr}})
	}
	if err := h.store.ClearSignInFailures(ctx, key); err != nil {
		return err
	}
	if err := h.store.PassStaffMFA(ctx, sess.IDHash); err != nil {
		return err
	}
	if err := h.store.Audit(ctx, a, store.AuditMFAPassed, "staff", sess.StaffID, nil, nil); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/staff")
}

type mfaSetupPage struct {
	page.Page
	// QR is a data: URL built here from our own PNG; as a plain string
	// html/template would replace it with "#ZgotmplZ" in src.
	QR     template.URL
	Secret string
	Codes  []string
}

// MFASetup answers GET /staff/mfa/setup (staff part-way through signing in).
// Shows a new authenticator secret as a QR code (and as text,
// for people who cannot scan).
func (h *Handler) MFASetup(c echo.Context) error {
	sess, _ := auth.StaffFrom(c)
	if sess.User.TOTPEnabled {
		return c.Redirect(http.StatusSeeOther, "/staff/login/code")
	}
	// A reload shows the secret being enrolled again, so an app that has
	// already scanned it keeps working.
	key, err := pendingKey(sess.User)
	if sess.User.TOTPSecret == "" {
		key, err = totp.Generate(totp.GenerateOpts{Issuer: "Anchor Pathways", AccountName: sess.User.Email})
		if err == nil {
			err = h.store.SetPendingTOTP(c.Request().Context(), sess.StaffID, key.Secret())
		}
	}
	if err != nil {
		return err
	}
	p, err := h.mfaSetupPage(key, nil)
	if err != nil {
		return err
	}
	return h.views.Render(c, http.StatusOK, tmplStaffMFASetup, p)
}

// pendingKey rebuilds the key of the secret being enrolled.
func pendingKey(u store.StaffUser) (*otp.Key, error) {
	v := url.Values{"secret": {u.TOTPSecret}, "issuer": {"Anchor Pathways"}}
	return otp.NewKeyFromURL("otpauth://totp/" + url.PathEscape("Anchor Pathways:"+u.Email) + "?" + v.Encode())
}

func (h *Handler) mfaSetupPage(key *otp.Key, verr *portal.ValidationError) (*mfaSetupPage, error) {
	img, err := key.Image(240, 240)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return &mfaSetupPage{Page: page.Page{Title: "Set up your authenticator app", Errors: verr},
		QR: template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())), Secret: key.Secret()}, nil
}

// MFASetupPost answers POST /staff/mfa/setup (staff part-way through signing in).
func (h *Handler) MFASetupPost(c echo.Context) error {
	ctx := c.Request().Context()
	sess, _ := auth.StaffFrom(c)
	var f staffCodeForm
	if err := page.Bind(c, &f); err != nil {
		return err
	}
	f.Code = strings.Join(strings.Fields(f.Code), "")
	verr := page.Check(&f)
	step := totpStep(f.Code, sess.User.TOTPSecret, h.store.Now())
	if verr.Empty() && step < 0 {
		verr.Add("code", "The code is not right. Enter the 6-digit code your app shows now")
	}
	if !verr.Empty() || sess.User.TOTPSecret == "" {
		if err := h.store.Audit(ctx, auth.Actor(c), store.AuditMFAFailed, "staff", sess.StaffID, nil, "enrolment"); err != nil {
			return err
		}
		key, err := pendingKey(sess.User)
		if err != nil {
			return err
		}
		p, err := h.mfaSetupPage(key, verr)
		if err != nil {
			return err
		}
		return h.views.Render(c, http.StatusUnprocessableEntity, tmplStaffMFASetup, p)
	}
	codes := make([]string, 10)
	hashes := make([]string, len(codes))
	for i := range codes {
		codes[i] = recoveryCode()
		hashes[i] = store.HashToken(codes[i])
	}
	if err := h.store.EnableTOTP(ctx, auth.Actor(c), sess.StaffID, hashes); err != nil {
		return err
	}
	// The enrolment code is spent: it cannot sign anyone in again.
	if err := h.store.UseTOTPStep(ctx, sess.StaffID, step); err != nil && !errors.Is(err, store.ErrTokenInvalid) {
		return err
	}
	if err := h.store.PassStaffMFA(ctx, sess.IDHash); err != nil {
		return err
	}
	// The codes are shown once, now, and kept only as hashes.
	return h.views.Render(c, http.StatusOK, tmplStaffRecovery, &mfaSetupPage{Page: page.Page{Title: "Save your recovery codes"}, Codes: codes})
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
