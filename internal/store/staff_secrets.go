package store

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// ErrSecretKey means the secret key given to the store (PORTAL_SECRET_KEY)
// is not the one this database's TOTP secrets were sealed with: nothing
// sealed can be opened, so the portal must not run with it.
var ErrSecretKey = errors.New("the secret key (PORTAL_SECRET_KEY) is not the one this database's authenticator secrets were encrypted with; start with the original key")

// sealedPrefix marks a TOTP secret sealed with AES-256-GCM; a value without
// it was written before sealing and is sealed by UpgradeSecrets.
const sealedPrefix = "v1:"

// keyCheckLabel is what the key check in settings is an HMAC of: it lets
// start-up tell a wrong key from a right one without opening any secret.
const keyCheckLabel = "anchor-pathways secret key check"

// WithSecretKey returns a copy of the store that seals authenticator secrets
// with key (32 bytes, from PORTAL_SECRET_KEY). Without it the store uses a
// key it generates and keeps in the settings table, which is for demo mode
// and tests only: a key beside the data it protects protects nothing.
func (s *Store) WithSecretKey(key []byte) *Store {
	c := *s
	c.sealKey = append([]byte(nil), key...)
	return &c
}

// sealingKey is the configured key, or else the generated one in settings.
func (s *Store) sealingKey(ctx context.Context) ([]byte, error) {
	if len(s.sealKey) > 0 {
		if len(s.sealKey) != 32 {
			return nil, fmt.Errorf("the secret key must be 32 bytes, got %d", len(s.sealKey))
		}
		return s.sealKey, nil
	}
	s.generated.mu.Lock()
	defer s.generated.mu.Unlock()
	if s.generated.key == nil {
		key, err := s.settingKey(ctx, "totp_key")
		if err != nil {
			return nil, err
		}
		s.generated.key = key
	}
	return s.generated.key, nil
}

func (s *Store) aead(ctx context.Context) (cipher.AEAD, error) {
	key, err := s.sealingKey(ctx)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// sealTOTP encrypts an authenticator secret, bound to its account so that a
// sealed value copied to another row does not open.
func (s *Store) sealTOTP(ctx context.Context, staffID, secret string) (string, error) {
	if secret == "" {
		return "", nil
	}
	g, err := s.aead(ctx)
	if err != nil {
		return "", err
	}
	nonce := make([]byte, g.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	out := g.Seal(nonce, nonce, []byte(secret), []byte("totp:"+staffID))
	return sealedPrefix + base64.RawStdEncoding.EncodeToString(out), nil
}

// openTOTP fills u.TOTPSecret from its sealed form. A wrong key is
// ErrSecretKey.
func (s *Store) openTOTP(ctx context.Context, u *StaffUser) error {
	v, ok := strings.CutPrefix(u.TOTPSealed, sealedPrefix)
	if !ok {
		u.TOTPSecret = u.TOTPSealed // empty, or not yet sealed (UpgradeSecrets)
		return nil
	}
	g, err := s.aead(ctx)
	if err != nil {
		return err
	}
	raw, err := base64.RawStdEncoding.DecodeString(v)
	if err != nil || len(raw) < g.NonceSize() {
		return errors.New("a sealed authenticator secret is damaged")
	}
	plain, err := g.Open(nil, raw[:g.NonceSize()], raw[g.NonceSize():], []byte("totp:"+u.ID))
	if err != nil {
		return ErrSecretKey
	}
	u.TOTPSecret = string(plain)
	return nil
}

// saltedCodeHash is how a recovery code is stored: an HMAC keyed by the
// code's own random salt of HashToken(code), so equal codes store unequal
// hashes and a table of precomputed hashes is no use.
func saltedCodeHash(salt []byte, tokenHash string) string {
	m := hmac.New(sha256.New, salt)
	m.Write([]byte(tokenHash))
	return hex.EncodeToString(m.Sum(nil))
}

func newSalt() ([]byte, error) {
	b := make([]byte, 16)
	_, err := rand.Read(b)
	return b, err
}

// keyCheck is the settings value that identifies key.
func keyCheck(key []byte) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(keyCheckLabel))
	return hex.EncodeToString(m.Sum(nil))
}

// UpgradeSecrets runs once at start-up, before serving (cmd/portal calls it):
// it refuses a key that is not the one the database was sealed with
// (ErrSecretKey), and brings rows written before sealing up to date, in one
// transaction: plain authenticator secrets are sealed, and unsalted recovery
// code hashes are salted. Running it again changes nothing.
func (s *Store) UpgradeSecrets(ctx context.Context) error {
	if err := s.upgradeSecrets(ctx); err != nil {
		return fmt.Errorf("store: UpgradeSecrets: %w", err)
	}
	return nil
}

func (s *Store) upgradeSecrets(ctx context.Context) error {
	key, err := s.sealingKey(ctx)
	if err != nil {
		return err
	}
	return s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Exec(`INSERT INTO settings (key, value) VALUES ('secret_key_check', ?) ON CONFLICT (key) DO NOTHING`, keyCheck(key)).Error; err != nil {
			return err
		}
		var check string
		if err := tx.Table("settings").Select("value").Where("key = ?", "secret_key_check").Scan(&check).Error; err != nil {
			return err
		}
		if !hmac.Equal([]byte(check), []byte(keyCheck(key))) {
			return ErrSecretKey
		}
		var plain []StaffUser
		if err := tx.Where("totp_secret <> '' AND totp_secret NOT LIKE ?", sealedPrefix+"%").Find(&plain).Error; err != nil {
			return err
		}
		for _, u := range plain {
			sealed, err := s.sealTOTP(ctx, u.ID, u.TOTPSealed)
			if err != nil {
				return err
			}
			if err := tx.Model(&StaffUser{}).Where("id = ? AND totp_secret = ?", u.ID, u.TOTPSealed).Update("totp_secret", sealed).Error; err != nil {
				return err
			}
		}
		var codes []struct{ ID, CodeHash string }
		if err := tx.Table("staff_recovery_codes").Where("salt = ''").Find(&codes).Error; err != nil {
			return err
		}
		for _, c := range codes {
			salt, err := newSalt()
			if err != nil {
				return err
			}
			if err := tx.Exec(`UPDATE staff_recovery_codes SET code_hash = ?, salt = ? WHERE id = ? AND salt = ''`,
				saltedCodeHash(salt, c.CodeHash), hex.EncodeToString(salt), c.ID).Error; err != nil {
				return err
			}
		}
		return nil
	})
}
