package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/web"
	"anchorpathways/static"
)

// TestStaffSignInWithAuthenticatorInBrowser is a new coordinator's first
// day outside demo mode: the invitation, a password, the authenticator app
// (QR code, a wrong code, the right one), the recovery codes, and signing in
// again with a code. axe-core checks every state.
func TestStaffSignInWithAuthenticatorInBrowser(t *testing.T) {
	for _, w := range staffWidths {
		t.Run(w.name, func(t *testing.T) {
			ctx := context.Background()
			db := dbtest.SQLite(t)
			st := store.New(db)
			if err := st.SeedDemo(ctx, store.Messages{}); err != nil {
				t.Fatalf("seed demo: %v", err)
			}
			assets, err := static.New(static.FS)
			if err != nil {
				t.Fatalf("assets: %v", err)
			}
			e, err := web.New(web.Deps{Store: st, Assets: assets, Demo: false, BaseURL: "http://portal.test"})
			if err != nil {
				t.Fatalf("web.New: %v", err)
			}
			srv := httptest.NewServer(e)
			t.Cleanup(srv.Close)

			const email = "nadia.khan@anchor-network.example"
			token, err := st.Invite(ctx, store.Actor{}, store.DemoNetworkID, email, "Nadia Khan", portal.RoleCoordinator, store.Messages{BaseURL: srv.URL})
			if err != nil {
				t.Fatalf("invite: %v", err)
			}
			b := newStaffBrowser(t, srv.URL, w.name, w.width, w.height)

			// The invitation: a weak password first.
			b.visit(srv.URL + "/staff/invitations/" + token)
			b.at("Set up your account", "set up your account")
			if got := b.value("Full name"); got != "Nadia Khan" {
				t.Errorf("full name: got %q, want the invited name", got)
			}
			b.fill("Password", "password")
			b.fill("Enter the password again", "password")
			b.button("Continue", http.StatusUnprocessableEntity)
			b.at("Set up your account", "set up your account, weak password")
			b.wantStaffErrors("Password must be 12 characters or more")
			const password = "heron quarry lantern violet"
			b.fill("Password", password)
			b.fill("Enter the password again", password)
			b.button("Continue", http.StatusOK)
			b.at("Sign in to Anchor Pathways staff", "sign in, account ready")
			b.wantText("Your account is ready.")

			// Signing in leads to the authenticator set-up.
			b.fill("Email address", email)
			b.fill("Password", password)
			b.button("Sign in", http.StatusOK)
			b.at("Set up your authenticator app", "set up your authenticator app")
			b.wantQRCode()
			b.fill("Enter the 6-digit code the app shows", "12345a")
			b.button("Continue", http.StatusUnprocessableEntity)
			b.at("Set up your authenticator app", "set up your authenticator app, wrong code")
			b.wantStaffErrors("The code is not right. Enter the 6-digit code your app shows now")
			b.wantQRCode()
			// Through the store: the row holds the secret sealed.
			u, err := store.New(db).StaffByEmail(context.Background(), email)
			secret := u.TOTPSecret
			if err != nil || secret == "" {
				t.Fatalf("totp secret: %q, %v", secret, err)
			}
			enrolCode := staffTOTP(t, secret)
			b.fill("Enter the 6-digit code the app shows", enrolCode)
			b.button("Continue", http.StatusOK)
			b.at("Save your recovery codes", "recovery codes")
			codes := evaluate[[]string](b.resident, `[...document.querySelectorAll(".app-codes code")].map((c) => c.textContent.trim())`)
			if len(codes) != 10 {
				t.Errorf("recovery codes: got %q, want 10", codes)
			}
			b.button("I have saved my codes", http.StatusOK)
			b.at("Applications", "dashboard, first time")
			b.timeoutWarning()
			b.button("Sign out", http.StatusOK)
			b.at("Sign in to Anchor Pathways staff", "signed out")

			// Signing in again asks for a code.
			b.fill("Email address", email)
			b.fill("Password", password)
			b.button("Sign in", http.StatusOK)
			b.at("Enter the code from your authenticator app", "enter the code")
			b.fill("Enter the code from your authenticator app", wrongTOTP(t, secret))
			b.button("Continue", http.StatusUnprocessableEntity)
			b.at("Enter the code from your authenticator app", "enter the code, wrong code")
			b.wantStaffErrors("The code is not right. Enter the 6-digit code your app shows now, or a recovery code")
			// The code used at enrolment is refused now (no replays); the app's
			// next code is accepted.
			b.fill("Enter the code from your authenticator app", enrolCode)
			b.button("Continue", http.StatusUnprocessableEntity)
			b.at("Enter the code from your authenticator app", "enter the code, code reused")
			b.wantStaffErrors("That code has already been used. Wait for your app to show a new one")
			b.fill("Enter the code from your authenticator app", nextTOTP(t, secret))
			b.button("Continue", http.StatusOK)
			b.at("Applications", "dashboard, signed in with a code")
		})
	}
}

// demoStaffEmail is the demo account of a role.
func demoStaffEmail(t testing.TB, role portal.Role) string {
	t.Helper()
	for _, d := range store.DemoStaff {
		if d.Role == role {
			return d.Email
		}
	}
	t.Fatalf("no demo account for %s", role)
	return ""
}

// staffTOTP is what an authenticator app shows now for secret.
func staffTOTP(t testing.TB, secret string) string {
	t.Helper()
	code, err := totp.GenerateCode(secret, time.Now())
	if err != nil {
		t.Fatalf("totp: %v", err)
	}
	return code
}

// nextTOTP is the code an authenticator app shows in the next 30 seconds,
// which the portal accepts (it allows one step of clock drift) even when
// the code of now has been used.
func nextTOTP(t testing.TB, secret string) string {
	t.Helper()
	code, err := totp.GenerateCode(secret, time.Now().Add(30*time.Second))
	if err != nil {
		t.Fatalf("totp: %v", err)
	}
	return code
}

// wrongTOTP is a 6-digit code that no nearby time step shows.
func wrongTOTP(t testing.TB, secret string) string {
	t.Helper()
	now := time.Now()
	near := map[string]bool{}
	for _, d := range []time.Duration{-60 * time.Second, -30 * time.Second, 0, 30 * time.Second, 60 * time.Second} {
		code, err := totp.GenerateCode(secret, now.Add(d))
		if err != nil {
			t.Fatalf("totp: %v", err)
		}
		near[code] = true
	}
	for _, c := range []string{"000000", "111111", "222222", "333333", "444444", "555555"} {
		if !near[c] {
			return c
		}
	}
	t.Fatal("no wrong code found")
	return ""
}
