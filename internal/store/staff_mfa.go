package store

import (
	"context"
	"crypto/hmac"
	"encoding/hex"
	"fmt"

	"gorm.io/gorm"

	"anchorpathways/internal/portal"
)

// The second factor: authenticator secrets (sealed, staff_secrets.go), time
// steps used once, and salted recovery codes.

// SetPendingTOTP stores, sealed, a secret being enrolled (not yet in force).
// Errors: ErrSecretKey, or the database's.
func (s *Store) SetPendingTOTP(ctx context.Context, staffID, secret string) error {
	sealed, err := s.sealTOTP(ctx, staffID, secret)
	if err == nil {
		err = s.db.WithContext(ctx).Model(&StaffUser{}).Where("id = ? AND totp_enabled = ?", staffID, false).
			Updates(map[string]any{"totp_secret": sealed, "updated_at": s.now()}).Error
	}
	if err != nil {
		return fmt.Errorf("store: SetPendingTOTP: %w", err)
	}
	return nil
}

// EnableTOTP puts the enrolled secret in force and stores the recovery
// codes, replacing any old ones. recoveryHashes are HashToken of each code
// (the codes themselves never reach the store); each is stored salted with
// its own random salt. Errors: portal.ErrConflict (no secret enrolled).
func (s *Store) EnableTOTP(ctx context.Context, a Actor, staffID string, recoveryHashes []string) error {
	now := s.now()
	err := s.tx(ctx, func(tx *gorm.DB) error {
		res := tx.Model(&StaffUser{}).Where("id = ? AND totp_secret <> ''", staffID).Updates(map[string]any{"totp_enabled": true, "updated_at": now})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return portal.ErrConflict
		}
		if err := tx.Exec(`DELETE FROM staff_recovery_codes WHERE staff_id = ?`, staffID).Error; err != nil {
			return err
		}
		for _, h := range recoveryHashes {
			salt, err := newSalt()
			if err != nil {
				return err
			}
			if err := tx.Exec(`INSERT INTO staff_recovery_codes (id, staff_id, code_hash, salt, created_at) VALUES (?, ?, ?, ?, ?)`,
				portal.NewID(), staffID, saltedCodeHash(salt, h), hex.EncodeToString(salt), now).Error; err != nil {
				return err
			}
		}
		return audit(tx, now, a, AuditMFAEnrolled, "staff", staffID, nil, nil)
	})
	if err != nil {
		return fmt.Errorf("store: EnableTOTP: %w", err)
	}
	return nil
}

// UseTOTPStep records the authenticator time step just accepted; a step at
// or before the last one accepted is a replayed code: ErrTokenInvalid.
func (s *Store) UseTOTPStep(ctx context.Context, staffID string, step int64) error {
	res := s.db.WithContext(ctx).Exec(`UPDATE staff_users SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?`, step, staffID, step)
	if res.Error != nil {
		return fmt.Errorf("store: UseTOTPStep: %w", res.Error)
	}
	if res.RowsAffected != 1 {
		return fmt.Errorf("store: UseTOTPStep: %w", ErrTokenInvalid)
	}
	return nil
}

// UseRecoveryCode spends one recovery code of the account, once even when
// two requests send it at the same moment. Errors: ErrTokenInvalid (not an
// unused code of this account).
func (s *Store) UseRecoveryCode(ctx context.Context, staffID, code string) error {
	if err := s.useRecoveryCode(ctx, staffID, code); err != nil {
		return fmt.Errorf("store: UseRecoveryCode: %w", err)
	}
	return nil
}

func (s *Store) useRecoveryCode(ctx context.Context, staffID, code string) error {
	db := s.db.WithContext(ctx)
	var rows []struct{ ID, CodeHash, Salt string }
	if err := db.Table("staff_recovery_codes").Where("staff_id = ? AND used_at IS NULL", staffID).Find(&rows).Error; err != nil {
		return err
	}
	want := HashToken(code)
	id := ""
	for _, r := range rows {
		got := want // a hash from before salting, until UpgradeSecrets salts it
		if r.Salt != "" {
			salt, err := hex.DecodeString(r.Salt)
			if err != nil {
				return fmt.Errorf("a recovery code's salt is damaged: %w", err)
			}
			got = saltedCodeHash(salt, want)
		}
		if hmac.Equal([]byte(got), []byte(r.CodeHash)) {
			id = r.ID
		}
	}
	if id == "" {
		return ErrTokenInvalid
	}
	res := db.Exec(`UPDATE staff_recovery_codes SET used_at = ? WHERE id = ? AND used_at IS NULL`, s.now(), id)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected != 1 {
		return ErrTokenInvalid
	}
	return nil
}
