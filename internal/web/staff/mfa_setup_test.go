package staff_test

import (
	"bytes"
	"encoding/base64"
	"html"
	"image/png"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/web/webtest"
)

func TestStaffTOTPEnrolmentAndRecoveryCodes(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := newStaffApp(t, db, false)
		u := addStaff(t, app, "fresh@network.example", app.crew.network, portal.RoleCoordinator, false)
		c := app.Client(t)
		webtest.WantRedirect(t, staffLogin(c, u.Email, staffPassword), "/staff/mfa/setup")
		webtest.WantRedirect(t, c.Get("/staff/audit"), "/staff/mfa/setup")

		page := c.Get("/staff/mfa/setup")
		webtest.WantStatus(t, page, http.StatusOK)
		secret := staffRow(t, db, u.ID).TOTPSecret
		if secret == "" {
			t.Fatal("no pending secret stored")
		}
		webtest.WantBody(t, page, `src="data:image/png;base64,`, secret)
		qr := regexp.MustCompile(`src="data:image/png;base64,([^"]+)"`).FindStringSubmatch(page.Body.String())
		if qr == nil {
			t.Fatal("no QR image")
		}
		raw, err := base64.StdEncoding.DecodeString(html.UnescapeString(qr[1]))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := png.Decode(bytes.NewReader(raw)); err != nil {
			t.Errorf("the QR code is not a PNG: %v", err)
		}
		if staffRow(t, db, u.ID).TOTPEnabled {
			t.Fatal("the secret is in force before a code proved it")
		}

		rec := c.Post("/staff/mfa/setup", url.Values{"code": {wrongCode(t, secret, app.clock.now())}})
		webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
		webtest.WantBody(t, rec, "The code is not right", secret)
		if staffRow(t, db, u.ID).TOTPEnabled {
			t.Fatal("a wrong code enrolled the authenticator")
		}
		webtest.WantRedirect(t, c.Get("/staff"), "/staff/mfa/setup")

		rec = c.Post("/staff/mfa/setup", url.Values{"code": {totpCode(t, secret, app.clock.now())}})
		webtest.WantStatus(t, rec, http.StatusOK)
		webtest.WantBody(t, rec, "Save your recovery codes")
		var codes []string
		for _, m := range recoveryRE.FindAllStringSubmatch(rec.Body.String(), -1) {
			codes = append(codes, m[1])
		}
		if len(codes) != 10 || len(slices.Compact(slices.Sorted(slices.Values(codes)))) != 10 {
			t.Fatalf("got recovery codes %q, want 10 different ones", codes)
		}
		webtest.WantStatus(t, c.Get("/staff"), http.StatusOK)
		if got := staffRow(t, db, u.ID); !got.TOTPEnabled || got.TOTPSecret != secret {
			t.Errorf("got enabled %v with secret %q, want the enrolled secret in force", got.TOTPEnabled, got.TOTPSecret)
		}

		// Only hashes are stored.
		var stored []string
		if err := db.Table("staff_recovery_codes").Where("staff_id = ?", u.ID).Pluck("code_hash", &stored).Error; err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, code := range codes {
			want = append(want, store.HashToken(code))
			for _, h := range stored {
				if strings.Contains(strings.ToUpper(h), strings.ReplaceAll(code, "-", "")) || strings.Contains(h, code) {
					t.Errorf("recovery code %s is stored in clear", code)
				}
			}
		}
		// Salted, each with its own salt: never the bare hash of a code.
		if len(stored) != len(codes) {
			t.Errorf("got %d stored codes, want %d", len(stored), len(codes))
		}
		for _, h := range stored {
			if slices.Contains(want, h) {
				t.Errorf("stored hash %s is the unsalted hash of a code", h)
			}
		}

		// Sign out; signing in again asks for the code, never a new enrolment.
		webtest.WantRedirect(t, c.Post("/staff/sign-out", nil), "/staff/login")
		webtest.WantRedirect(t, c.Get("/staff"), "/staff/login")
		webtest.WantRedirect(t, staffLogin(c, u.Email, staffPassword), "/staff/login/code")
		webtest.WantRedirect(t, c.Get("/staff/mfa/setup"), "/staff/login/code")
		if got := staffRow(t, db, u.ID).TOTPSecret; got != secret {
			t.Error("visiting the set-up page replaced the secret in force")
		}
		c.Get("/staff/login/code")
		rec = c.Post("/staff/login/code", url.Values{"code": {wrongCode(t, secret, app.clock.now())}})
		webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
		webtest.WantBody(t, rec, "The code is not right")
		webtest.WantRedirect(t, c.Get("/staff"), "/staff/login/code")

		// A recovery code works once.
		webtest.WantRedirect(t, c.Post("/staff/login/code", url.Values{"code": {codes[0]}}), "/staff")
		webtest.WantStatus(t, c.Get("/staff"), http.StatusOK)
		webtest.WantRedirect(t, c.Post("/staff/sign-out", nil), "/staff/login")
		webtest.WantRedirect(t, staffLogin(c, u.Email, staffPassword), "/staff/login/code")
		c.Get("/staff/login/code")
		webtest.WantStatus(t, c.Post("/staff/login/code", url.Values{"code": {codes[0]}}), http.StatusUnprocessableEntity)
		webtest.WantRedirect(t, c.Get("/staff"), "/staff/login/code")
		// Another one, typed in lower case with a space, works.
		webtest.WantRedirect(t, c.Post("/staff/login/code", url.Values{"code": {strings.ToLower(strings.Replace(codes[1], "-", "- ", 1))}}), "/staff")
		if n := webtest.Count(t, db, "staff_recovery_codes", "staff_id = ? AND used_at IS NULL", u.ID); n != 8 {
			t.Errorf("got %d unused recovery codes, want 8", n)
		}

		// And the authenticator code signs in as well.
		webtest.WantRedirect(t, c.Post("/staff/sign-out", nil), "/staff/login")
		signInFully(t, app, c, staffRow(t, db, u.ID), staffPassword)
		webtest.WantStatus(t, c.Get("/staff"), http.StatusOK)
	})
}
