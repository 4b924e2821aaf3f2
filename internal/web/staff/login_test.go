package staff_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"html"
	"image/png"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
	"anchorpathways/internal/web"
	"anchorpathways/internal/web/webtest"
	"anchorpathways/static"
)

// staffClock is a settable time shared by the store and the test.
type staffClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *staffClock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *staffClock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// staffApp is the portal on a store whose clock the test moves.
type staffApp struct {
	*webtest.App
	clock *staffClock
	crew  crew // empty in an app built with the demo data
}

// newStaffApp builds the portal on db with a crew and no demo data, on a
// fake clock; demo false means real second factors for every account.
func newStaffApp(t testing.TB, db *gorm.DB, demo bool) *staffApp {
	t.Helper()
	app := newStaffAppOn(t, db, demo, false, &staffClock{t: time.Date(2026, 11, 30, 9, 0, 0, 123456000, time.UTC)})
	app.crew = newCrew(t, app.Store)
	return app
}

// newStaffAppOn builds the portal on db on clk; seed loads the demo
// network (only the test of the demo accounts on the sign-in page needs it).
func newStaffAppOn(t testing.TB, db *gorm.DB, demo, seed bool, clk *staffClock) *staffApp {
	t.Helper()
	st := store.New(db).WithClock(clk.now)
	if seed {
		if err := st.SeedDemo(context.Background()); err != nil {
			t.Fatalf("seed demo: %v", err)
		}
	}
	assets, err := static.New(static.FS)
	if err != nil {
		t.Fatalf("assets: %v", err)
	}
	e, err := web.New(web.Deps{Store: st, Assets: assets, Demo: demo, BaseURL: "http://portal.test"})
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	return &staffApp{App: &webtest.App{Echo: e, Store: st, DB: db}, clock: clk}
}

// staffPassword is every test account's password; newPassword replaces it.
const (
	staffPassword = "heron quarry lantern violet"
	newPassword   = "ochre bicycle meadow thunder"
)

// addStaff creates an active account in org with staffPassword through
// the storetest factory; enrolled gives it an authenticator secret in force.
func addStaff(t testing.TB, app *staffApp, email string, org store.Organisation, role portal.Role, enrolled bool) store.StaffUser {
	t.Helper()
	opts := []storetest.StaffOption{storetest.Email(email), storetest.FullName("Alex Staffer"), storetest.Password(staffPassword)}
	if enrolled {
		opts = append(opts, storetest.EnrolledMFA())
	}
	u := storetest.Staff(t, app.Store, role, org, opts...).User
	// The invitation the factory accepted was sent at the same instant of
	// the fake clock as the test's own emails to this address would be;
	// dropped, so that "the latest email" is never ambiguous.
	if err := app.DB.Exec("DELETE FROM outbox WHERE recipient = ?", u.Email).Error; err != nil {
		t.Fatal(err)
	}
	return u
}

func demoEmail(role portal.Role) string {
	for _, d := range store.DemoStaff {
		if d.Role == role {
			return d.Email
		}
	}
	panic("no demo account for " + role)
}

// staffLogin opens the sign-in page and sends email and password.
func staffLogin(c *webtest.Client, email, password string) *httptest.ResponseRecorder {
	c.Get("/staff/login")
	return c.Post("/staff/login", url.Values{"email": {email}, "password": {password}})
}

func totpCode(t testing.TB, secret string, at time.Time) string {
	t.Helper()
	code, err := totp.GenerateCode(secret, at)
	if err != nil {
		t.Fatal(err)
	}
	return code
}

// wrongCode is a 6-digit code the authenticator would not show around at.
func wrongCode(t testing.TB, secret string, at time.Time) string {
	t.Helper()
	near := []string{totpCode(t, secret, at.Add(-30*time.Second)), totpCode(t, secret, at), totpCode(t, secret, at.Add(30*time.Second))}
	for _, d := range "0123456789" {
		if w := strings.Repeat(string(d), 6); !slices.Contains(near, w) {
			return w
		}
	}
	t.Fatal("no wrong code")
	return ""
}

func staffRow(t testing.TB, db *gorm.DB, id string) store.StaffUser {
	t.Helper()
	// Through the store: the row holds the authenticator secret sealed.
	u, err := store.New(db).StaffByID(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// passCode finishes signing in an enrolled account with a fresh TOTP code.
// The clock moves on a period first, so no code is ever used twice.
func passCode(t testing.TB, app *staffApp, c *webtest.Client, secret string) {
	t.Helper()
	app.clock.add(30 * time.Second)
	webtest.WantStatus(t, c.Get("/staff/login/code"), http.StatusOK)
	webtest.WantRedirect(t, c.Post("/staff/login/code", url.Values{"code": {totpCode(t, secret, app.clock.now())}}), "/staff")
}

// signInFully signs in an enrolled account with password and code.
func signInFully(t testing.TB, app *staffApp, c *webtest.Client, u store.StaffUser, password string) {
	t.Helper()
	webtest.WantRedirect(t, staffLogin(c, u.Email, password), "/staff/login/code")
	passCode(t, app, c, u.TOTPSecret)
}

func setCookie(rec *httptest.ResponseRecorder, name string) *http.Cookie {
	for _, ck := range rec.Result().Cookies() {
		if ck.Name == name {
			return ck
		}
	}
	return nil
}

const wrongCredentials = "Enter a correct email address and password"

// signedOut is where a request with a session that has ended goes: the
// sign-in page, told to say why.
const signedOut = "/staff/login?signed-out=1"

func TestStaffSignIn(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		// The one staff test on the demo data: the demo accounts, and whether
		// the sign-in page lists them.
		app := newStaffAppOn(t, db, false, true, &staffClock{t: time.Date(2026, 11, 30, 9, 0, 0, 123456000, time.UTC)})
		network := storetest.Organisation(t, app.Store, store.KindCoordinator)
		fresh := addStaff(t, app, "fresh@network.example", network, portal.RoleCoordinator, false)
		enrolled := addStaff(t, app, "enrolled@network.example", network, portal.RoleCoordinator, true)
		trust := storetest.Organisation(t, app.Store, store.KindEmployer)
		if _, err := app.Store.Invite(context.Background(), store.Actor{}, trust.ID, "invited@trust.example", "Ivy Invited",
			portal.RoleRecruiter, store.Messages{}); err != nil {
			t.Fatal(err)
		}

		c := app.Client(t)
		for _, tc := range []struct{ name, email, password string }{
			{"wrong password", fresh.Email, "not the password at all"},
			{"unknown email", "nobody@network.example", staffPassword},
			{"invitation not accepted yet", "invited@trust.example", staffPassword},
		} {
			rec := staffLogin(c, tc.email, tc.password)
			if rec.Code != http.StatusUnprocessableEntity {
				t.Fatalf("%s: got status %d, want 422", tc.name, rec.Code)
			}
			webtest.WantBody(t, rec, wrongCredentials)
			if strings.Contains(rec.Body.String(), tc.password) {
				t.Errorf("%s: the page repeats the password", tc.name)
			}
			if ck := setCookie(rec, "ap_staff"); ck != nil || c.Cookie("ap_staff") != "" {
				t.Errorf("%s: got a staff session cookie after a failed sign-in", tc.name)
			}
		}
		if n := webtest.Count(t, db, "staff_sessions", "1 = 1"); n != 0 {
			t.Errorf("got %d staff sessions after failed sign-ins, want 0", n)
		}

		// Not enrolled yet: set up the authenticator; the dashboard waits.
		webtest.WantRedirect(t, staffLogin(c, fresh.Email, staffPassword), "/staff/mfa/setup")
		if c.Cookie("ap_staff") == "" {
			t.Fatal("no staff session cookie after signing in")
		}
		webtest.WantRedirect(t, c.Get("/staff"), "/staff/mfa/setup")

		// Enrolled (the email typed loosely): the code step.
		c2 := app.Client(t)
		webtest.WantRedirect(t, staffLogin(c2, "  Enrolled@Network.EXAMPLE ", staffPassword), "/staff/login/code")
		webtest.WantRedirect(t, c2.Get("/staff"), "/staff/login/code")

		// Outside demo mode an MFA-exempt (demo-like) account still needs TOTP,
		// and the sign-in page lists no demo accounts.
		c3 := app.Client(t)
		page := c3.Get("/staff/login")
		if strings.Contains(page.Body.String(), store.DemoPassword) || strings.Contains(page.Body.String(), demoEmail(portal.RoleCoordinator)) {
			t.Error("the sign-in page lists demo accounts outside demo mode")
		}
		webtest.WantRedirect(t, staffLogin(c3, demoEmail(portal.RoleCoordinator), store.DemoPassword), "/staff/mfa/setup")
		webtest.WantRedirect(t, c3.Get("/staff"), "/staff/mfa/setup")

		// In demo mode the demo accounts go straight to their dashboard...
		demo := newStaffAppOn(t, db, true, true, app.clock)
		d := demo.Client(t)
		webtest.WantBody(t, d.Get("/staff/login"), store.DemoPassword, demoEmail(portal.RoleRecruiter))
		for _, role := range []portal.Role{portal.RoleCoordinator, portal.RoleHousingOfficer, portal.RoleRecruiter} {
			d := demo.Client(t)
			webtest.WantRedirect(t, staffLogin(d, demoEmail(role), store.DemoPassword), "/staff")
			webtest.WantStatus(t, d.Get("/staff"), http.StatusOK)
		}
		// ...but other accounts still need their code.
		webtest.WantRedirect(t, staffLogin(demo.Client(t), enrolled.Email, staffPassword), "/staff/login/code")
	})
}

var recoveryRE = regexp.MustCompile(`<code>([2-9A-Z]{5}-[2-9A-Z]{5})</code>`)

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

var (
	inviteLinkRE = regexp.MustCompile(`http://portal\.test(/staff/invitations/[A-Za-z0-9_-]+)`)
	resetLinkRE  = regexp.MustCompile(`http://portal\.test(/staff/password-reset/[A-Za-z0-9_-]+)`)
)

func linkTo(t testing.TB, app *staffApp, email string, re *regexp.Regexp) string {
	t.Helper()
	msg, err := app.Store.LatestOutboxTo(context.Background(), email)
	if err != nil {
		t.Fatalf("no email to %s: %v", email, err)
	}
	m := re.FindStringSubmatch(msg.Body)
	if m == nil {
		t.Fatalf("the email has no link: %q", msg.Body)
	}
	return m[1]
}

const linkGone = "This link has expired or has already been used"

func TestStaffInvitation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := newStaffApp(t, db, false)
		ctx := context.Background()
		msgs := store.Messages{BaseURL: "http://portal.test"}
		token, err := app.Store.Invite(ctx, store.Actor{}, app.crew.trust.ID, "nia@trust.example", "Nia Recruitwell", portal.RoleRecruiter, msgs)
		if err != nil {
			t.Fatal(err)
		}
		link := linkTo(t, app, "nia@trust.example", inviteLinkRE)
		if link != "/staff/invitations/"+token {
			t.Fatalf("got link %q, want the invitation's token", link)
		}
		if n := webtest.Count(t, db, "staff_tokens", "token_hash = ?", token); n != 0 {
			t.Error("the invitation token is stored in clear")
		}

		c := app.Client(t)
		page := c.Get(link)
		webtest.WantStatus(t, page, http.StatusOK)
		webtest.WantBody(t, page, "Set up your account", "nia@trust.example", `value="Nia Recruitwell"`)

		for _, tc := range []struct {
			name                    string
			fullName, pass, confirm string
			want                    string
		}{
			{"common password", "Nia Recruitwell", "password1234", "password1234", "This password is too easy to guess"},
			{"too short", "Nia Recruitwell", "short one", "short one", "Password must be 12 characters or more"},
			{"contains the name", "Nia Recruitwell", "recruitwell lantern 88", "recruitwell lantern 88", "Password must not contain your name or email address"},
			{"confirmation differs", "Nia Recruitwell", newPassword, newPassword + "x", "The passwords do not match"},
			{"no name", "", newPassword, newPassword, "Enter your full name"},
		} {
			rec := c.Post(link, url.Values{"full_name": {tc.fullName}, "password": {tc.pass}, "confirm": {tc.confirm}})
			if rec.Code != http.StatusUnprocessableEntity {
				t.Fatalf("%s: got status %d, want 422", tc.name, rec.Code)
			}
			webtest.WantBody(t, rec, tc.want)
			if strings.Contains(rec.Body.String(), tc.pass) {
				t.Errorf("%s: the page repeats the password", tc.name)
			}
		}
		if u, _ := app.Store.StaffByEmail(ctx, "nia@trust.example"); u.PasswordHash != "" {
			t.Fatal("a refused form set the password")
		}

		webtest.WantRedirect(t, c.Post(link, url.Values{"full_name": {"Nia Recruitwell-Jones"}, "password": {newPassword}, "confirm": {newPassword}}), "/staff/login")
		webtest.WantBody(t, c.Get("/staff/login"), "Your account is ready")
		u, err := app.Store.StaffByEmail(ctx, "nia@trust.example")
		if err != nil {
			t.Fatal(err)
		}
		if u.FullName != "Nia Recruitwell-Jones" || !portal.PasswordMatches(newPassword, u.PasswordHash) {
			t.Errorf("got name %q and a hash matching: %v; want the chosen ones", u.FullName, portal.PasswordMatches(newPassword, u.PasswordHash))
		}

		// The link works once.
		rec := c.Get(link)
		webtest.WantStatus(t, rec, http.StatusGone)
		webtest.WantBody(t, rec, linkGone)
		webtest.WantStatus(t, c.Post(link, url.Values{"full_name": {"Someone Else"}, "password": {staffPassword}, "confirm": {staffPassword}}), http.StatusGone)
		if !portal.PasswordMatches(newPassword, staffRow(t, db, u.ID).PasswordHash) {
			t.Error("a spent link changed the password")
		}
		webtest.WantRedirect(t, staffLogin(c, "nia@trust.example", newPassword), "/staff/mfa/setup")

		// The link lasts 72 hours.
		if _, err := app.Store.Invite(ctx, store.Actor{}, app.crew.trust.ID, "omar@trust.example", "Omar Late", portal.RoleRecruiter, msgs); err != nil {
			t.Fatal(err)
		}
		late := linkTo(t, app, "omar@trust.example", inviteLinkRE)
		c2 := app.Client(t)
		app.clock.add(71 * time.Hour)
		webtest.WantStatus(t, c2.Get(late), http.StatusOK)
		app.clock.add(2 * time.Hour)
		rec = c2.Get(late)
		webtest.WantStatus(t, rec, http.StatusGone)
		webtest.WantBody(t, rec, linkGone)
		webtest.WantStatus(t, c2.Post(late, url.Values{"full_name": {"Omar Late"}, "password": {newPassword}, "confirm": {newPassword}}), http.StatusGone)
		if u, _ := app.Store.StaffByEmail(ctx, "omar@trust.example"); u.PasswordHash != "" {
			t.Error("an expired invitation set a password")
		}
		webtest.WantStatus(t, c2.Get("/staff/invitations/not-a-real-token"), http.StatusGone)
	})
}

func requestReset(t testing.TB, c *webtest.Client, email string) {
	t.Helper()
	c.Get("/staff/password-reset")
	rec := c.Post("/staff/password-reset", url.Values{"email": {email}})
	webtest.WantStatus(t, rec, http.StatusOK)
	webtest.WantBody(t, rec, "Check your email")
}

func TestStaffPasswordReset(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := newStaffApp(t, db, false)
		u := addStaff(t, app, "enrolled@network.example", app.crew.network, portal.RoleCoordinator, true)
		r := app.Client(t)

		// Unknown addresses get the same answer and no email.
		requestReset(t, r, "nobody@network.example")
		if n := webtest.Count(t, db, "outbox", "recipient = ?", "nobody@network.example"); n != 0 {
			t.Errorf("got %d emails to an unknown address, want 0", n)
		}

		// A reset link lasts 30 minutes.
		requestReset(t, r, u.Email)
		expired := linkTo(t, app, u.Email, resetLinkRE)
		app.clock.add(31 * time.Minute)
		webtest.WantStatus(t, r.Get(expired), http.StatusGone)

		// Signed in elsewhere while the reset happens.
		other := app.Client(t)
		other.IP = "198.51.100.7:4000"
		signInFully(t, app, other, u, staffPassword)
		webtest.WantStatus(t, other.Get("/staff"), http.StatusOK)

		requestReset(t, r, u.Email)
		link := linkTo(t, app, u.Email, resetLinkRE)
		if link == expired {
			t.Fatal("the second reset sent the same link")
		}
		app.clock.add(29 * time.Minute)
		webtest.WantStatus(t, other.Get("/staff"), http.StatusOK)
		page := r.Get(link)
		webtest.WantStatus(t, page, http.StatusOK)
		webtest.WantBody(t, page, "Choose a new password")
		webtest.WantStatus(t, r.Post(link, url.Values{"password": {"password1234"}, "confirm": {"password1234"}}), http.StatusUnprocessableEntity)
		webtest.WantRedirect(t, r.Post(link, url.Values{"password": {newPassword}, "confirm": {newPassword}}), "/staff/login")
		webtest.WantBody(t, r.Get("/staff/login"), "Your password is set")

		// The reset ended the account's other sessions.
		webtest.WantRedirect(t, other.Get("/staff"), signedOut)
		// The link works once.
		webtest.WantStatus(t, r.Get(link), http.StatusGone)

		// The old password is gone; the new one still needs the code.
		webtest.WantStatus(t, staffLogin(r, u.Email, staffPassword), http.StatusUnprocessableEntity)
		webtest.WantRedirect(t, staffLogin(r, u.Email, newPassword), "/staff/login/code")
		webtest.WantRedirect(t, r.Get("/staff"), "/staff/login/code")
		if got := staffRow(t, db, u.ID); !got.TOTPEnabled || got.TOTPSecret != u.TOTPSecret {
			t.Error("the reset changed the second factor")
		}
		passCode(t, app, r, u.TOTPSecret)
		webtest.WantStatus(t, r.Get("/staff"), http.StatusOK)
	})
}

func TestStaffSessionFixation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := newStaffApp(t, db, true)
		const planted = "planted-by-someone-else-0123456789abcdefghijk"
		c := app.Client(t)
		c.SetCookie("ap_staff", planted)
		c.Get("/staff/login")
		c.SetCookie("ap_staff", planted) // still sent with the form
		rec := c.Post("/staff/login", staffLoginForm(app.crew.coordinator))
		webtest.WantRedirect(t, rec, "/staff")
		got := c.Cookie("ap_staff")
		if got == "" || got == planted {
			t.Fatalf("got staff cookie %q after sign-in, want a new one", got)
		}
		ck := setCookie(rec, "ap_staff")
		if ck == nil || !ck.HttpOnly || ck.SameSite != http.SameSiteStrictMode || ck.Path != "/staff" {
			t.Errorf("got staff cookie %+v, want HttpOnly, SameSite=Strict, Path=/staff", ck)
		}
		sum := sha256.Sum256([]byte(planted))
		if n := webtest.Count(t, db, "staff_sessions", "id_hash = ?", hex.EncodeToString(sum[:])); n != 0 {
			t.Error("the planted token became a session")
		}
		if n := webtest.Count(t, db, "staff_sessions", "id_hash = ?", got); n != 0 {
			t.Error("the session token is stored in clear")
		}
		webtest.WantStatus(t, c.Get("/staff"), http.StatusOK)

		attacker := app.Client(t)
		attacker.SetCookie("ap_staff", planted)
		webtest.WantRedirect(t, attacker.Get("/staff"), signedOut)

		// Signing in again gives yet another token; the old one dies with sign-out.
		old := got
		webtest.WantRedirect(t, c.Post("/staff/sign-out", nil), "/staff/login")
		crewSignIn(t, app, c, portal.RoleCoordinator)
		if c.Cookie("ap_staff") == old {
			t.Error("a second sign-in reused the session token")
		}
		attacker.SetCookie("ap_staff", old)
		webtest.WantRedirect(t, attacker.Get("/staff"), signedOut)
	})
}

func TestStaffIdleAndAbsoluteExpiry(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := newStaffApp(t, db, true)
		c := app.Client(t)
		crewSignIn(t, app, c, portal.RoleCoordinator)
		webtest.WantStatus(t, c.Get("/staff"), http.StatusOK)
		// Activity within 30 minutes keeps it alive, again and again.
		for range 3 {
			app.clock.add(29 * time.Minute)
			webtest.WantStatus(t, c.Get("/staff"), http.StatusOK)
		}
		app.clock.add(31 * time.Minute)
		webtest.WantRedirect(t, c.Get("/staff"), signedOut)
		if c.Cookie("ap_staff") != "" {
			t.Error("the expired session's cookie was not cleared")
		}
		webtest.WantBody(t, c.Get(signedOut), "You have been signed out")

		// Absolute limit: busy all day, the session still ends at 12 hours.
		crewSignIn(t, app, c, portal.RoleCoordinator)
		for i := 1; i < 36; i++ {
			app.clock.add(20 * time.Minute)
			if rec := c.Get("/staff"); rec.Code != http.StatusOK {
				t.Fatalf("after %s of activity: got status %d, want 200", time.Duration(i)*20*time.Minute, rec.Code)
			}
		}
		app.clock.add(20 * time.Minute)
		webtest.WantRedirect(t, c.Get("/staff"), signedOut)
	})
}

func TestStaffDisabledAccountAndRemovedOrganisation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := newStaffApp(t, db, true)
		recruiter, officer, coordinator := app.Client(t), app.Client(t), app.Client(t)
		crewSignIn(t, app, recruiter, portal.RoleRecruiter)
		crewSignIn(t, app, officer, portal.RoleHousingOfficer)
		crewSignIn(t, app, coordinator, portal.RoleCoordinator)
		for _, c := range []*webtest.Client{recruiter, officer, coordinator} {
			webtest.WantStatus(t, c.Get("/staff"), http.StatusOK)
		}

		if err := db.Exec("UPDATE staff_users SET disabled_at = ? WHERE email = ?", app.clock.now(), app.crew.recruiter.User.Email).Error; err != nil {
			t.Fatal(err)
		}
		webtest.WantRedirect(t, recruiter.Get("/staff"), signedOut)
		rec := staffLogin(app.Client(t), app.crew.recruiter.User.Email, app.crew.recruiter.Password)
		webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
		webtest.WantBody(t, rec, wrongCredentials)

		if err := db.Exec("UPDATE organisations SET removed_at = ? WHERE id = ?", app.clock.now(), app.crew.pioneer.ID).Error; err != nil {
			t.Fatal(err)
		}
		webtest.WantRedirect(t, officer.Get("/staff"), signedOut)
		webtest.WantStatus(t, coordinator.Get("/staff"), http.StatusOK)
		rec = staffLogin(app.Client(t), app.crew.officer.User.Email, app.crew.officer.Password)
		webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
		webtest.WantBody(t, rec, wrongCredentials)
	})
}

func TestStaffSignOutAndSignOutEverywhere(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := newStaffApp(t, db, true)
		a, b := app.Client(t), app.Client(t)
		crewSignIn(t, app, a, portal.RoleCoordinator)
		crewSignIn(t, app, b, portal.RoleCoordinator)
		page := a.Get("/staff")
		webtest.WantStatus(t, page, http.StatusOK)
		webtest.WantBody(t, page, `action="/staff/sign-out"`)
		webtest.WantStatus(t, b.Get("/staff"), http.StatusOK)

		// Without the form's token nothing happens.
		webtest.WantStatus(t, a.Post("/staff/sign-out", url.Values{"csrf_token": {"forged"}}), http.StatusForbidden)
		webtest.WantStatus(t, a.Get("/staff"), http.StatusOK)

		token := a.Cookie("ap_staff")
		webtest.WantRedirect(t, a.Post("/staff/sign-out", nil), "/staff/login")
		webtest.WantRedirect(t, a.Get("/staff"), "/staff/login")
		webtest.WantStatus(t, b.Get("/staff"), http.StatusOK)
		// The server ended it: the old cookie, replayed, is worthless.
		replay := app.Client(t)
		replay.SetCookie("ap_staff", token)
		webtest.WantRedirect(t, replay.Get("/staff"), signedOut)

		c := app.Client(t)
		crewSignIn(t, app, a, portal.RoleCoordinator)
		crewSignIn(t, app, c, portal.RoleCoordinator)
		officer := app.Client(t)
		crewSignIn(t, app, officer, portal.RoleHousingOfficer)
		webtest.WantStatus(t, a.Get("/staff"), http.StatusOK)
		webtest.WantRedirect(t, a.Post("/staff/sign-out-everywhere", nil), "/staff/login")
		for name, cl := range map[string]*webtest.Client{"this browser": a, "another browser": b, "a third browser": c} {
			if rec := cl.Get("/staff"); rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/staff/login") {
				t.Errorf("%s: got %d to %q, want signed out", name, rec.Code, rec.Header().Get("Location"))
			}
		}
		webtest.WantStatus(t, officer.Get("/staff"), http.StatusOK)
	})
}

// postWithHeader sends the sign-in form with one extra request header.
func postWithHeader(c *webtest.Client, path string, form url.Values, header, value string) *httptest.ResponseRecorder {
	form.Set("csrf_token", c.CSRF())
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set(header, value)
	return c.Do(req)
}

func retryAfter(t testing.TB, rec *httptest.ResponseRecorder) time.Duration {
	t.Helper()
	n, err := strconv.Atoi(rec.Header().Get("Retry-After"))
	if err != nil || n <= 0 {
		t.Fatalf("got Retry-After %q, want a number of seconds", rec.Header().Get("Retry-After"))
	}
	return time.Duration(n) * time.Second
}

func TestStaffSignInThrottling(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := newStaffApp(t, db, true)
		target, password := app.crew.coordinator.User.Email, app.crew.coordinator.Password
		c := app.Client(t)
		// A private address: what a proxy's would look like, had one been trusted.
		c.IP = "10.20.30.40:5000"
		for i := 1; i <= 4; i++ {
			webtest.WantStatus(t, staffLogin(c, target, fmt.Sprintf("wrong guess %d", i)), http.StatusUnprocessableEntity)
		}
		rec := staffLogin(c, target, "wrong guess 5")
		webtest.WantStatus(t, rec, http.StatusTooManyRequests)
		webtest.WantBody(t, rec, "Too many attempts")
		retryAfter(t, rec)

		// A forged proxy header does not make a new address (no trusted proxy),
		// even with the right password.
		for _, h := range []string{"X-Forwarded-For", "X-Real-Ip"} {
			c.Get("/staff/login")
			rec := postWithHeader(c, "/staff/login", url.Values{"email": {target}, "password": {password}}, h, "203.0.113.99")
			if rec.Code != http.StatusTooManyRequests {
				t.Errorf("%s: got status %d, want 429", h, rec.Code)
			}
		}

		// Colleagues signing in to their own accounts are not slowed, from the
		// same address or another.
		same := app.Client(t)
		same.IP = c.IP
		crewSignIn(t, app, same, portal.RoleRecruiter)
		far := app.Client(t)
		far.IP = "198.51.100.200:5555"
		crewSignIn(t, app, far, portal.RoleHousingOfficer)

		// Guesses at one account from many addresses slow it by at most about
		// a minute: the real person is never locked out for long.
		failures := 4
		for i := 1; failures < 25; i++ {
			if i > 200 {
				t.Fatal("too many rounds")
			}
			a := app.Client(t)
			a.IP = fmt.Sprintf("198.51.100.%d:1000", i)
			rec := staffLogin(a, target, "yet another wrong guess")
			switch rec.Code {
			case http.StatusUnprocessableEntity:
				failures++
			case http.StatusTooManyRequests:
				wait := retryAfter(t, rec)
				if wait > 61*time.Second {
					t.Fatalf("after %d failures: got a wait of %s, want at most a minute", failures, wait)
				}
				app.clock.add(wait)
			default:
				t.Fatalf("got status %d", rec.Code)
			}
		}
		victim := app.Client(t)
		victim.IP = "203.0.113.50:443"
		rec = staffLogin(victim, target, password)
		webtest.WantStatus(t, rec, http.StatusTooManyRequests)
		wait := retryAfter(t, rec)
		if wait > 61*time.Second {
			t.Fatalf("got a wait of %s for the account's owner, want at most a minute", wait)
		}
		app.clock.add(wait)
		webtest.WantRedirect(t, staffLogin(victim, target, password), "/staff")
	})
}
