package store

import (
	"context"
	"fmt"
	"time"

	"anchorpathways/internal/portal"
)

// Session is a server-side session; the browser holds only a random token
// whose SHA-256 is IDHash.
type Session struct {
	IDHash    string `gorm:"primaryKey"`
	CSRFToken string
	Contact   *string // the contact a resident proved with a code
	Data      string  // JSON owned by the web layer
	ExpiresAt time.Time
	CreatedAt time.Time
	UpdatedAt time.Time
}

// CSRFKey returns the portal's key for signing the CSRF cookie that forms
// carry before a browser has a session, creating it on first use. Like the
// code key it lives in settings, so every instance signs and checks alike,
// and is read once per process. Errors are the database's.
func (s *Store) CSRFKey(ctx context.Context) ([]byte, error) {
	s.csrf.mu.Lock()
	defer s.csrf.mu.Unlock()
	if s.csrf.key != nil {
		return s.csrf.key, nil
	}
	key, err := s.settingKey(ctx, "csrf_key")
	if err != nil {
		return nil, failed("CSRFKey", err)
	}
	s.csrf.key = key
	return key, nil
}

// LoadSession returns a live session, or portal.ErrNotFound.
func (s *Store) LoadSession(ctx context.Context, idHash string) (Session, error) {
	var sess Session
	err := s.db.WithContext(ctx).Where("id_hash = ? AND expires_at > ?", idHash, s.now()).Take(&sess).Error
	if err != nil {
		return sess, fmt.Errorf("store: LoadSession: %w", notFound(err))
	}
	return sess, nil
}

// CreateSession stores a new session. Errors are the database's.
func (s *Store) CreateSession(ctx context.Context, sess Session) error {
	now := s.now()
	sess.CreatedAt, sess.UpdatedAt = now, now
	if err := s.db.WithContext(ctx).Create(&sess).Error; err != nil {
		return fmt.Errorf("store: CreateSession: %w", err)
	}
	return nil
}

// SaveSession writes a session's data, contact and expiry; portal.ErrNotFound
// when the session has gone.
func (s *Store) SaveSession(ctx context.Context, sess Session) error {
	res := s.db.WithContext(ctx).Model(&Session{}).Where("id_hash = ?", sess.IDHash).Updates(map[string]any{
		"data": sess.Data, "contact": sess.Contact, "expires_at": sess.ExpiresAt, "updated_at": s.now(),
	})
	if res.Error != nil {
		return fmt.Errorf("store: SaveSession: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("store: SaveSession: %w", portal.ErrNotFound)
	}
	return nil
}

// RenewSession moves a session to a new token (at sign-in, so that a token
// planted before sign-in is worthless after it); portal.ErrNotFound when the
// session has gone.
func (s *Store) RenewSession(ctx context.Context, oldHash, newHash, newCSRF string) error {
	res := s.db.WithContext(ctx).Model(&Session{}).Where("id_hash = ?", oldHash).
		Updates(map[string]any{"id_hash": newHash, "csrf_token": newCSRF, "updated_at": s.now()})
	if res.Error != nil {
		return fmt.Errorf("store: RenewSession: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("store: RenewSession: %w", portal.ErrNotFound)
	}
	return nil
}

// DeleteSession ends a session. Errors are the database's.
func (s *Store) DeleteSession(ctx context.Context, idHash string) error {
	if err := s.db.WithContext(ctx).Where("id_hash = ?", idHash).Delete(&Session{}).Error; err != nil {
		return fmt.Errorf("store: DeleteSession: %w", err)
	}
	return nil
}

// DeleteExpired removes dead sessions, spent codes and stale rate-limit rows,
// and the outbox's expired secrets. cmd/portal runs it every few minutes.
func (s *Store) DeleteExpired(ctx context.Context) error {
	if err := s.deleteExpired(ctx); err != nil {
		return fmt.Errorf("store: DeleteExpired: %w", err)
	}
	return nil
}

func (s *Store) deleteExpired(ctx context.Context) error {
	now := s.now()
	db := s.db.WithContext(ctx)
	if err := db.Where("expires_at <= ?", now).Delete(&Session{}).Error; err != nil {
		return err
	}
	if err := db.Exec(`DELETE FROM sign_in_codes WHERE expires_at <= ?`, now.Add(-24*time.Hour)).Error; err != nil {
		return err
	}
	if err := db.Exec(`DELETE FROM rate_limits WHERE window_start <= ?`, now.Add(-24*time.Hour)).Error; err != nil {
		return err
	}
	return redactExpiredSecrets(db, now)
}

// failed names the use case an error came from, keeping errors.Is and
// errors.As working for the portal's errors; nil stays nil.
func failed(useCase string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("store: %s: %w", useCase, err)
}
