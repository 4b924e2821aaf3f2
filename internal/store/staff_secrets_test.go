package store_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
)

var (
	keyA = bytes.Repeat([]byte{0xA1}, 32)
	keyB = bytes.Repeat([]byte{0xB2}, 32)
)

const totpSecret = "JBSWY3DPEHPK3PXP"

func storedTOTP(t *testing.T, db *gorm.DB, id string) string {
	t.Helper()
	var v string
	if err := db.Table("staff_users").Select("totp_secret").Where("id = ?", id).Scan(&v).Error; err != nil {
		t.Fatal(err)
	}
	return v
}

// The database holds authenticator secrets only sealed; the store hands them
// back in the clear with the right key, and refuses clearly with a wrong one.
func TestTOTPSecretsAreSealedAtRest(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		plain := seeded(t, db, newClock())
		s := plain.WithSecretKey(keyA)
		if err := s.UpgradeSecrets(ctx); err != nil {
			t.Fatal(err)
		}
		u, _ := invite(t, s, store.DemoNetworkID, "tess@network.example", portal.RoleCoordinator)
		if err := s.SetPendingTOTP(ctx, u.ID, totpSecret); err != nil {
			t.Fatal(err)
		}
		if got := storedTOTP(t, db, u.ID); got == "" || strings.Contains(got, totpSecret) {
			t.Errorf("the database holds %q, want the secret sealed", got)
		}
		got, err := s.StaffByID(ctx, u.ID)
		if err != nil || got.TOTPSecret != totpSecret {
			t.Errorf("got %q, %v; want the secret in the clear", got.TOTPSecret, err)
		}
		wrong := plain.WithSecretKey(keyB)
		if _, err := wrong.StaffByID(ctx, u.ID); !errors.Is(err, store.ErrSecretKey) {
			t.Errorf("reading with a wrong key: got %v, want ErrSecretKey", err)
		}
		if err := wrong.UpgradeSecrets(ctx); !errors.Is(err, store.ErrSecretKey) {
			t.Errorf("starting with a wrong key: got %v, want ErrSecretKey", err)
		}
		// A sealed value copied to another account does not open there.
		other, _ := invite(t, s, store.DemoNetworkID, "uma@network.example", portal.RoleCoordinator)
		db.Exec(`UPDATE staff_users SET totp_secret = ? WHERE id = ?`, storedTOTP(t, db, u.ID), other.ID)
		if _, err := s.StaffByID(ctx, other.ID); err == nil {
			t.Error("a secret sealed for one account opened for another")
		}
	})
}

// The same recovery code stores different hashes for different accounts,
// and each still signs its own account in, once.
func TestRecoveryCodeHashesAreSalted(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		s := seeded(t, db, newClock())
		const code = "AAAAA-BBBBB"
		var ids []string
		for _, email := range []string{"vic@network.example", "wyn@network.example"} {
			u, _ := invite(t, s, store.DemoNetworkID, email, portal.RoleCoordinator)
			if err := s.SetPendingTOTP(ctx, u.ID, totpSecret); err != nil {
				t.Fatal(err)
			}
			if err := s.EnableTOTP(ctx, store.Actor{}, u.ID, []string{store.HashToken(code)}); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, u.ID)
		}
		var hashes []string
		if err := db.Table("staff_recovery_codes").Order("staff_id").Pluck("code_hash", &hashes).Error; err != nil {
			t.Fatal(err)
		}
		if len(hashes) != 2 || hashes[0] == hashes[1] || hashes[0] == store.HashToken(code) {
			t.Errorf("got hashes %q, want two different salted ones", hashes)
		}
		for _, id := range ids {
			if err := s.UseRecoveryCode(ctx, id, code); err != nil {
				t.Errorf("account %s: %v", id, err)
			}
			if err := s.UseRecoveryCode(ctx, id, code); !errors.Is(err, store.ErrTokenInvalid) {
				t.Errorf("account %s, twice: got %v, want ErrTokenInvalid", id, err)
			}
		}
	})
}

// Rows written before sealing (a plain secret, an unsalted code hash) keep
// working, and UpgradeSecrets brings them up to date.
func TestUpgradeSecretsSealsAndSaltsOldRows(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		s := seeded(t, db, newClock()).WithSecretKey(keyA)
		u, _ := invite(t, s, store.DemoNetworkID, "xan@network.example", portal.RoleCoordinator)
		const codes = "CCCCC-DDDDD EEEEE-FFFFF"
		db.Exec(`UPDATE staff_users SET totp_secret = ?, totp_enabled = TRUE WHERE id = ?`, totpSecret, u.ID)
		for i, c := range strings.Fields(codes) {
			db.Exec(`INSERT INTO staff_recovery_codes (id, staff_id, code_hash, created_at) VALUES (?, ?, ?, CURRENT_TIMESTAMP)`,
				"old-code-"+string(rune('a'+i)), u.ID, store.HashToken(c))
		}
		if got, err := s.StaffByID(ctx, u.ID); err != nil || got.TOTPSecret != totpSecret {
			t.Errorf("before the upgrade: got %q, %v; want the old secret readable", got.TOTPSecret, err)
		}
		if err := s.UseRecoveryCode(ctx, u.ID, "CCCCC-DDDDD"); err != nil {
			t.Errorf("before the upgrade: an old code: %v", err)
		}
		for range 2 { // the second run changes nothing
			if err := s.UpgradeSecrets(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if got := storedTOTP(t, db, u.ID); strings.Contains(got, totpSecret) {
			t.Errorf("after the upgrade the database holds %q, want it sealed", got)
		}
		if got, err := s.StaffByID(ctx, u.ID); err != nil || got.TOTPSecret != totpSecret {
			t.Errorf("after the upgrade: got %q, %v; want the secret", got.TOTPSecret, err)
		}
		var unsalted int64
		db.Table("staff_recovery_codes").Where("salt = '' OR code_hash = ?", store.HashToken("EEEEE-FFFFF")).Count(&unsalted)
		if unsalted != 0 {
			t.Errorf("got %d unsalted codes after the upgrade, want 0", unsalted)
		}
		if err := s.UseRecoveryCode(ctx, u.ID, "EEEEE-FFFFF"); err != nil {
			t.Errorf("after the upgrade: an old code: %v", err)
		}
	})
}
