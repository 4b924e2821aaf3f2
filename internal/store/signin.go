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

// Sign-in code rules. A code belongs to the browser session it was issued
// to: the session keeps the codes' IDs, and only those are checked, so a
// stranger's guesses never use up the attempts of a code sent to someone else.
const (
	CodeDigits      = 6
	CodeLifetime    = 10 * time.Minute
	CodeMaxAttempts = 5
	// CodeMaxLive bounds the live codes one session keeps: asking again
	// does not end the code already sent, which may still be on its way.
	CodeMaxLive = 3
)

// Errors from VerifySignInCode. Callers show ErrCodeWrong and ErrCodeExpired
// with one message: which of the two it is must not hint whether a contact
// is known.
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

// SendSignInCode (for /status) makes a one-time code for contact (a
// normalised mobile or email) and queues it to them if a resident holds that
// contact, proved earlier with a code. A code row is made either way and its
// ID returned, for the caller's session to keep: what follows looks the same
// whether or not the contact is known, and the caller must reveal nothing.
// Earlier codes keep working. Errors are the database's.
func (s *Store) SendSignInCode(ctx context.Context, contact string, m Messages) (string, error) {
	id, err := s.issueCode(ctx, contact, m, true)
	return id, failed("SendSignInCode", err)
}

// SendContactCode (for the apply journey) makes a one-time code for contact
// and always queues it to them: a resident proves they hold the contact
// before any record is matched by it. It returns the code's ID for the
// caller's session to keep. Errors are the database's.
func (s *Store) SendContactCode(ctx context.Context, contact string, m Messages) (string, error) {
	id, err := s.issueCode(ctx, contact, m, false)
	return id, failed("SendContactCode", err)
}

func (s *Store) issueCode(ctx context.Context, contact string, m Messages, onlyKnown bool) (string, error) {
	key, err := s.Secret(ctx)
	if err != nil {
		return "", err
	}
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		return "", err
	}
	code := fmt.Sprintf("%0*d", CodeDigits, n.Int64())
	id := portal.NewID()
	err = s.tx(ctx, func(tx *gorm.DB) error {
		now := s.now()
		if err := tx.Exec(`INSERT INTO sign_in_codes (id, contact, code_hash, expires_at, created_at) VALUES (?, ?, ?, ?, ?)`,
			id, contact, codeHash(key, contact, code), now.Add(CodeLifetime), now).Error; err != nil {
			return err
		}
		if onlyKnown {
			var count int64
			if err := tx.Table("residents").Where("mobile = ? OR email = ?", contact, contact).Limit(1).Count(&count).Error; err != nil {
				return err
			}
			if count == 0 {
				return nil
			}
		}
		channel := ChannelSMS
		if contact[0] != '+' {
			channel = ChannelEmail
		}
		subject, body := m.SignInCode(code)
		return enqueueSecret(tx, now, channel, contact, subject, body, code, now.Add(CodeLifetime))
	})
	return id, err
}

// VerifySignInCode checks a code for contact against the codes issued to the
// caller's session (ids), and uses up the one it matches. Errors:
// ErrCodeWrong (try again), ErrCodeExpired (none of the session's codes is
// live: ask for a new one), ErrCodeTooMany (the session's codes are spent
// after CodeMaxAttempts wrong tries between them).
func (s *Store) VerifySignInCode(ctx context.Context, contact string, ids []string, code string) error {
	return failed("VerifySignInCode", s.verifySignInCode(ctx, contact, ids, code))
}

func (s *Store) verifySignInCode(ctx context.Context, contact string, ids []string, code string) error {
	if len(ids) == 0 {
		return ErrCodeExpired
	}
	key, err := s.Secret(ctx)
	if err != nil {
		return err
	}
	var outcome error
	err = s.tx(ctx, func(tx *gorm.DB) error {
		now := s.now()
		// Count the attempt before checking it: the UPDATE takes the rows'
		// locks and re-reads attempts, so of guesses sent at once only those
		// still within CodeMaxAttempts get their rows back to be checked.
		var rows []struct {
			ID       string
			CodeHash string
			Attempts int
		}
		err := tx.Raw(`UPDATE sign_in_codes SET attempts = attempts + 1
WHERE id IN ? AND contact = ? AND used_at IS NULL AND expires_at > ? AND attempts < ?
RETURNING id, code_hash, attempts`, ids, contact, now, CodeMaxAttempts).Scan(&rows).Error
		if err != nil {
			return err
		}
		if len(rows) == 0 {
			// Spent, or none live: which, only for the message.
			var live int64
			if err := tx.Table("sign_in_codes").Where("id IN ? AND contact = ? AND used_at IS NULL AND expires_at > ?", ids, contact, now).
				Count(&live).Error; err != nil {
				return err
			}
			outcome = ErrCodeExpired
			if live > 0 {
				outcome = ErrCodeTooMany
			}
			return nil
		}
		want := []byte(codeHash(key, contact, code))
		fewest := CodeMaxAttempts
		for _, r := range rows {
			fewest = min(fewest, r.Attempts)
			if !hmac.Equal(want, []byte(r.CodeHash)) {
				continue
			}
			// Single use, even when two tabs send the right code at once.
			res := tx.Exec(`UPDATE sign_in_codes SET used_at = ? WHERE id = ? AND used_at IS NULL`, now, r.ID)
			if res.Error != nil {
				return res.Error
			}
			if res.RowsAffected != 1 {
				outcome = ErrCodeExpired
			}
			return nil
		}
		// A wrong guess has counted against every live code of this session:
		// the guesses at any one code stay within CodeMaxAttempts.
		outcome = ErrCodeWrong
		if fewest >= CodeMaxAttempts {
			outcome = ErrCodeTooMany
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
