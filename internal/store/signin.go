package store

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/portal"
)

// Sign-in code rules.
const (
	CodeDigits      = 6
	CodeLifetime    = 10 * time.Minute
	CodeMaxAttempts = 5
)

// Errors from VerifySignInCode, each with its own message to the resident.
var (
	ErrCodeWrong   = errors.New("that code is not right")
	ErrCodeExpired = errors.New("that code has expired or been used")
	ErrCodeTooMany = errors.New("too many wrong codes")
)

// Secret returns the portal's key for hashing codes, creating it on first
// use. It lives in the database so that every instance shares it, and is
// read from there once per process.
func (s *Store) Secret(ctx context.Context) ([]byte, error) {
	s.secret.mu.Lock()
	defer s.secret.mu.Unlock()
	if s.secret.key != nil {
		return s.secret.key, nil
	}
	key, err := s.loadSecret(ctx)
	if err != nil {
		return nil, failed("Secret", err)
	}
	s.secret.key = key
	return key, nil
}

func (s *Store) loadSecret(ctx context.Context) ([]byte, error) {
	return s.settingKey(ctx, "code_key")
}

// settingKey returns the random 32-byte key kept in settings under name,
// creating it if there is none yet; every instance then reads the same one.
func (s *Store) settingKey(ctx context.Context, name string) ([]byte, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	db := s.db.WithContext(ctx)
	err := db.Exec(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`, name, hex.EncodeToString(b)).Error
	if err != nil {
		return nil, err
	}
	var v string
	if err := db.Table("settings").Select("value").Where("key = ?", name).Scan(&v).Error; err != nil {
		return nil, err
	}
	return hex.DecodeString(v)
}

func codeHash(key []byte, contact, code string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(contact))
	m.Write([]byte{0})
	m.Write([]byte(code))
	return hex.EncodeToString(m.Sum(nil))
}

// SendSignInCode makes a new one-time code for contact (a normalised mobile or
// email) and queues it to them, if any application names that contact;
// earlier codes stop working. It reports whether a code was sent, which the
// caller must not reveal (that would tell strangers who has applied).
func (s *Store) SendSignInCode(ctx context.Context, contact string, m Messages) (bool, error) {
	sent, err := s.sendSignInCode(ctx, contact, m)
	return sent, failed("SendSignInCode", err)
}

func (s *Store) sendSignInCode(ctx context.Context, contact string, m Messages) (bool, error) {
	key, err := s.Secret(ctx)
	if err != nil {
		return false, err
	}
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		return false, err
	}
	code := fmt.Sprintf("%0*d", CodeDigits, n.Int64())
	sent := false
	err = s.tx(ctx, func(tx *gorm.DB) error {
		var count int64
		if err := tx.Table("applications").Where("contact_mobile = ? OR contact_email = ?", contact, contact).Limit(1).Count(&count).Error; err != nil {
			return err
		}
		if count == 0 {
			return nil
		}
		now := s.now()
		if err := tx.Exec(`UPDATE sign_in_codes SET used_at = ? WHERE contact = ? AND used_at IS NULL`, now, contact).Error; err != nil {
			return err
		}
		if err := tx.Exec(`INSERT INTO sign_in_codes (id, contact, code_hash, expires_at, created_at) VALUES (?, ?, ?, ?, ?)`,
			portal.NewID(), contact, codeHash(key, contact, code), now.Add(CodeLifetime), now).Error; err != nil {
			return err
		}
		channel := ChannelSMS
		if contact[0] != '+' {
			channel = ChannelEmail
		}
		subject, body := m.SignInCode(code)
		sent = true
		return enqueueSecret(tx, now, channel, contact, subject, body, code, now.Add(CodeLifetime))
	})
	return sent, err
}

// VerifySignInCode checks a code for contact and uses it up. Errors:
// ErrCodeWrong (try again), ErrCodeExpired (ask for a new one), ErrCodeTooMany
// (the code is spent after CodeMaxAttempts wrong tries).
func (s *Store) VerifySignInCode(ctx context.Context, contact, code string) error {
	return failed("VerifySignInCode", s.verifySignInCode(ctx, contact, code))
}

func (s *Store) verifySignInCode(ctx context.Context, contact, code string) error {
	key, err := s.Secret(ctx)
	if err != nil {
		return err
	}
	var outcome error
	err = s.tx(ctx, func(tx *gorm.DB) error {
		now := s.now()
		var row struct {
			ID       string
			CodeHash string
			Attempts int
		}
		err := tx.Table("sign_in_codes").Where("contact = ? AND used_at IS NULL AND expires_at > ?", contact, now).
			Order("created_at DESC").Take(&row).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			outcome = ErrCodeExpired
			return nil
		}
		if err != nil {
			return err
		}
		if row.Attempts >= CodeMaxAttempts {
			outcome = ErrCodeTooMany
			return nil
		}
		if !hmac.Equal([]byte(codeHash(key, contact, code)), []byte(row.CodeHash)) {
			res := tx.Exec(`UPDATE sign_in_codes SET attempts = attempts + 1 WHERE id = ? AND attempts < ?`, row.ID, CodeMaxAttempts)
			if res.Error != nil {
				return res.Error
			}
			outcome = ErrCodeWrong
			if row.Attempts+1 >= CodeMaxAttempts {
				outcome = ErrCodeTooMany
			}
			return nil
		}
		// Single use, even when two tabs send the right code at once.
		res := tx.Exec(`UPDATE sign_in_codes SET used_at = ? WHERE id = ? AND used_at IS NULL`, now, row.ID)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			outcome = ErrCodeExpired
		}
		return nil
	})
	if err != nil {
		return err
	}
	return outcome
}

// Allow counts one hit against key in a fixed window shared by every
// instance, and reports whether the hit is within limit.
func (s *Store) Allow(ctx context.Context, key string, limit int, window time.Duration) (bool, error) {
	now := s.now()
	var hits int
	err := s.db.WithContext(ctx).Raw(`INSERT INTO rate_limits (key, window_start, hits) VALUES (?, ?, 1)
		ON CONFLICT (key) DO UPDATE SET
		  hits = CASE WHEN rate_limits.window_start <= ? THEN 1 ELSE rate_limits.hits + 1 END,
		  window_start = CASE WHEN rate_limits.window_start <= ? THEN excluded.window_start ELSE rate_limits.window_start END
		RETURNING hits`, key, now, now.Add(-window), now.Add(-window)).Scan(&hits).Error
	if err != nil {
		return false, failed("Allow", err)
	}
	return hits <= limit, nil
}
