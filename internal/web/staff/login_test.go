package staff_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
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
		if err := st.SeedDemo(context.Background(), store.Messages{}); err != nil {
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

var (
	inviteLinkRE = regexp.MustCompile(`http://portal\.test(/staff/invitations/[A-Za-z0-9_-]+)`)
	resetLinkRE  = regexp.MustCompile(`http://portal\.test(/staff/password-reset/[A-Za-z0-9_-]+)`)
)

const linkGone = "This link has expired or has already been used"
