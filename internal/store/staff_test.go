package store_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
)

func invite(t *testing.T, s *store.Store, orgID, email string, role portal.Role) (store.StaffUser, string) {
	t.Helper()
	ctx := context.Background()
	token, err := s.Invite(ctx, store.Actor{}, orgID, email, "Test Person", role, store.Messages{BaseURL: "http://portal.test"})
	if err != nil {
		t.Fatalf("invite: %v", err)
	}
	u, err := s.StaffByEmail(ctx, email)
	if err != nil {
		t.Fatal(err)
	}
	return u, token
}

func TestLoadStaffSessionEndsAtItsLimits(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		c := newClock()
		s := store.New(db).WithClock(c.now)
		ctx := context.Background()
		network := storetest.Organisation(t, s, store.KindCoordinator)
		u, err := s.StaffByEmail(ctx, storetest.Staff(t, s, portal.RoleCoordinator, network).User.Email)
		if err != nil {
			t.Fatal(err)
		}
		start := func(id string) {
			t.Helper()
			if err := s.StartStaffSession(ctx, id, "csrf", u, true); err != nil {
				t.Fatal(err)
			}
		}
		live := func(id string) bool {
			t.Helper()
			_, err := s.LoadStaffSession(ctx, id)
			if err != nil && !errors.Is(err, portal.ErrNotFound) {
				t.Fatal(err)
			}
			return err == nil
		}

		start("idle")
		got, err := s.LoadStaffSession(ctx, "idle")
		if err != nil || got.User.ID != u.ID || got.OrganisationName != network.Name || !got.MFAPassed {
			t.Fatalf("got %+v, %v; want the coordinator's live session", got, err)
		}
		c.add(store.StaffIdleTimeout - time.Second)
		if !live("idle") {
			t.Fatal("ended before the idle time-out")
		}
		if err := s.TouchStaffSession(ctx, "idle"); err != nil {
			t.Fatal(err)
		}
		c.add(store.StaffIdleTimeout - time.Second)
		if !live("idle") {
			t.Fatal("activity did not push back the idle time-out")
		}
		c.add(2 * time.Second)
		if live("idle") {
			t.Fatal("alive after the idle time-out")
		}

		start("busy")
		for elapsed := time.Duration(0); elapsed < store.StaffAbsoluteLimit-20*time.Minute; elapsed += 20 * time.Minute {
			c.add(20 * time.Minute)
			if !live("busy") {
				t.Fatalf("ended after %s of activity", elapsed+20*time.Minute)
			}
			if err := s.TouchStaffSession(ctx, "busy"); err != nil {
				t.Fatal(err)
			}
		}
		c.add(20 * time.Minute)
		if live("busy") {
			t.Fatal("alive after the absolute limit")
		}

		start("disabled")
		if err := db.Exec("UPDATE staff_users SET disabled_at = ? WHERE id = ?", c.now(), u.ID).Error; err != nil {
			t.Fatal(err)
		}
		if live("disabled") {
			t.Error("a disabled account's session lives on")
		}

		other, err := s.StaffByEmail(ctx, storetest.Staff(t, s, portal.RoleHousingOfficer, store.Organisation{}).User.Email)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.StartStaffSession(ctx, "removed", "csrf", other, true); err != nil {
			t.Fatal(err)
		}
		if !live("removed") {
			t.Fatal("a new session is not live")
		}
		if err := db.Exec("UPDATE organisations SET removed_at = ? WHERE id = ?", c.now(), other.OrganisationID).Error; err != nil {
			t.Fatal(err)
		}
		if live("removed") {
			t.Error("a removed organisation's session lives on")
		}
		if _, err := s.StaffByEmail(ctx, other.Email); !errors.Is(err, portal.ErrNotFound) {
			t.Errorf("got %v for a removed organisation's account, want ErrNotFound (it may not sign in)", err)
		}
	})
}

func TestStaffTokensAreSingleUseAndExpire(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		c := newClock()
		s := store.New(db).WithClock(c.now)
		ctx := context.Background()
		trust := storetest.Organisation(t, s, store.KindEmployer)
		u, token := invite(t, s, trust.ID, "nia@trust.example", portal.RoleRecruiter)

		if _, err := s.StaffByToken(ctx, "reset", token); !errors.Is(err, store.ErrTokenInvalid) {
			t.Errorf("an invitation works as a reset link: %v", err)
		}
		got, err := s.StaffByToken(ctx, "invite", token)
		if err != nil || got.ID != u.ID {
			t.Fatalf("got %v, %v; want the invited account", got.ID, err)
		}
		used, err := s.UseToken(ctx, store.Actor{}, "invite", token, "Nia Recruitwell", "hash-1")
		if err != nil || used.FullName != "Nia Recruitwell" || used.PasswordHash != "hash-1" {
			t.Fatalf("got %+v, %v; want the name and password set", used, err)
		}
		if _, err := s.UseToken(ctx, store.Actor{}, "invite", token, "Someone Else", "hash-2"); !errors.Is(err, store.ErrTokenInvalid) {
			t.Errorf("got %v using the invitation twice, want ErrTokenInvalid", err)
		}
		if _, err := s.StaffByToken(ctx, "invite", token); !errors.Is(err, store.ErrTokenInvalid) {
			t.Errorf("got %v reading a spent invitation, want ErrTokenInvalid", err)
		}

		// A reset link: 30 minutes, and it signs the account out everywhere.
		if err := s.StartStaffSession(ctx, "elsewhere", "csrf", used, true); err != nil {
			t.Fatal(err)
		}
		if err := s.RequestPasswordReset(ctx, store.Actor{}, "nobody@trust.example", store.Messages{}); err != nil {
			t.Fatalf("an unknown address: %v", err)
		}
		resetToken := func() string {
			t.Helper()
			c.add(time.Second) // so the newest email is this one
			if err := s.RequestPasswordReset(ctx, store.Actor{}, used.Email, store.Messages{BaseURL: "http://portal.test"}); err != nil {
				t.Fatal(err)
			}
			m, err := s.LatestOutboxTo(ctx, used.Email)
			if err != nil {
				t.Fatal(err)
			}
			_, rest, ok := strings.Cut(m.Body, "http://portal.test/staff/password-reset/")
			if !ok || len(rest) < 43 {
				t.Fatalf("no reset link in %q", m.Body)
			}
			return rest[:43]
		}
		expired := resetToken()
		c.add(store.ResetLifetime)
		if _, err := s.UseToken(ctx, store.Actor{}, "reset", expired, "", "hash-3"); !errors.Is(err, store.ErrTokenInvalid) {
			t.Errorf("got %v using a 30-minute-old reset link, want ErrTokenInvalid", err)
		}
		fresh := resetToken()
		c.add(store.ResetLifetime - time.Second)
		if _, err := s.UseToken(ctx, store.Actor{}, "reset", fresh, "", "hash-4"); err != nil {
			t.Fatalf("reset within 30 minutes: %v", err)
		}
		if got, _ := s.StaffByID(ctx, u.ID); got.PasswordHash != "hash-4" || got.FullName != "Nia Recruitwell" {
			t.Errorf("got %q, %q; want the new hash and the name kept", got.PasswordHash, got.FullName)
		}
		if _, err := s.LoadStaffSession(ctx, "elsewhere"); !errors.Is(err, portal.ErrNotFound) {
			t.Errorf("got %v for a session after a reset, want it ended", err)
		}

		// An invitation expires after 72 hours.
		_, late := invite(t, s, trust.ID, "omar@trust.example", portal.RoleRecruiter)
		c.add(store.InvitationLifetime)
		if _, err := s.StaffByToken(ctx, "invite", late); !errors.Is(err, store.ErrTokenInvalid) {
			t.Errorf("got %v for a 72-hour-old invitation, want ErrTokenInvalid", err)
		}
	})
}

func TestConcurrentUsesOfOneInvitationSetOnePassword(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		s := store.New(db).WithClock(newClock().now)
		_, token := invite(t, s, storetest.Organisation(t, s, store.KindEmployer).ID, "nia@trust.example", portal.RoleRecruiter)
		var wg sync.WaitGroup
		var mu sync.Mutex
		ok, invalid := 0, 0
		var other []error
		for i := range 10 {
			wg.Go(func() {
				_, err := s.UseToken(context.Background(), store.Actor{}, "invite", token, "Nia Recruitwell", "hash-"+string(rune('a'+i)))
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					ok++
				case errors.Is(err, store.ErrTokenInvalid):
					invalid++
				default:
					other = append(other, err)
				}
			})
		}
		wg.Wait()
		// Busy errors from a database under contention are acceptable, as long
		// as the link is spent exactly once.
		if ok != 1 {
			t.Errorf("got %d successful uses (%d refused, other errors %v), want exactly 1", ok, invalid, other)
		}
		if n := countRows(t, db, "audit_log", "action = ?", store.AuditInviteAccepted); n != 1 {
			t.Errorf("got %d acceptance audit rows, want 1", n)
		}
	})
}

func countRows(t *testing.T, db *gorm.DB, table, where string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := db.Table(table).Where(where, args...).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func TestInviteChecksRoleAndEmail(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		s := store.New(db).WithClock(newClock().now)
		ctx := context.Background()
		pioneer := storetest.Organisation(t, s, store.KindHousingProvider)
		trust := storetest.Organisation(t, s, store.KindEmployer)
		recruiter := storetest.Staff(t, s, portal.RoleRecruiter, trust)
		sent := countRows(t, db, "outbox", "1 = 1") // the recruiter's own invitation
		for _, tc := range []struct {
			name, org, email string
			role             portal.Role
			field            string
		}{
			{"recruiter at a housing provider", pioneer.ID, "a@pioneer.example", portal.RoleRecruiter, "role"},
			{"housing officer at an employer", trust.ID, "b@trust.example", portal.RoleHousingOfficer, "role"},
			{"coordinator at an employer", trust.ID, "c@trust.example", portal.RoleCoordinator, "role"},
			{"email already used", trust.ID, recruiter.User.Email, portal.RoleRecruiter, "email"},
		} {
			_, err := s.Invite(ctx, store.Actor{}, tc.org, tc.email, "Test Person", tc.role, store.Messages{})
			var v *portal.ValidationError
			if !errors.As(err, &v) || !v.Has(tc.field) {
				t.Errorf("%s: got %v, want a validation error on %s", tc.name, err, tc.field)
			}
		}
		if _, err := s.Invite(ctx, store.Actor{}, "no-such-org", "d@x.example", "Test Person", portal.RoleRecruiter, store.Messages{}); !errors.Is(err, portal.ErrNotFound) {
			t.Errorf("got %v inviting to no organisation, want ErrNotFound", err)
		}
		if n := countRows(t, db, "outbox", "1 = 1") - sent; n != 0 {
			t.Errorf("got %d emails from refused invitations, want 0", n)
		}
	})
}

func TestRecoveryCodesAreSpentOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		s := store.New(db).WithClock(newClock().now)
		ctx := context.Background()
		network := storetest.Organisation(t, s, store.KindCoordinator)
		u, _ := invite(t, s, network.ID, "cleo@network.example", portal.RoleCoordinator)
		hashes := []string{store.HashToken("AAAAA-BBBBB"), store.HashToken("CCCCC-DDDDD")}
		if err := s.EnableTOTP(ctx, store.Actor{}, u.ID, hashes); !errors.Is(err, portal.ErrConflict) {
			t.Fatalf("got %v enabling TOTP with no secret, want ErrConflict", err)
		}
		if err := s.SetPendingTOTP(ctx, u.ID, "JBSWY3DPEHPK3PXP"); err != nil {
			t.Fatal(err)
		}
		if err := s.EnableTOTP(ctx, store.Actor{}, u.ID, hashes); err != nil {
			t.Fatal(err)
		}
		// Once in force, the secret cannot be swapped by a pending one.
		if err := s.SetPendingTOTP(ctx, u.ID, "KRSXG5CTMVRXEZLU"); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.StaffByID(ctx, u.ID); got.TOTPSecret != "JBSWY3DPEHPK3PXP" || !got.TOTPEnabled {
			t.Errorf("got secret %q enabled %v, want the enrolled one in force", got.TOTPSecret, got.TOTPEnabled)
		}
		if err := s.UseRecoveryCode(ctx, u.ID, "AAAAA-BBBBB"); err != nil {
			t.Fatal(err)
		}
		if err := s.UseRecoveryCode(ctx, u.ID, "AAAAA-BBBBB"); !errors.Is(err, store.ErrTokenInvalid) {
			t.Errorf("got %v using a recovery code twice, want ErrTokenInvalid", err)
		}
		other, _ := invite(t, s, network.ID, "dan@network.example", portal.RoleCoordinator)
		if err := s.UseRecoveryCode(ctx, other.ID, "CCCCC-DDDDD"); !errors.Is(err, store.ErrTokenInvalid) {
			t.Errorf("got %v using another account's code, want ErrTokenInvalid", err)
		}
		if err := s.UseRecoveryCode(ctx, u.ID, "CCCCC-DDDDD"); err != nil {
			t.Errorf("the second code: %v", err)
		}
	})
}
