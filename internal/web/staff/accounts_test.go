package staff_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/web/webtest"
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
