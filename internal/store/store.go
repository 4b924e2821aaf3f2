// Package store holds every query the portal makes, through gorm. Methods are
// named for the use case they serve (SubmitApplication, ListOpenPathways), run
// one transaction per use case, scope by organisation or resident in the WHERE
// clause, and return the portal package's errors (ErrNotFound, ErrConflict,
// *ValidationError), never HTTP ones.
package store

import (
	"context"
	"errors"
	"sync"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/portal"
)

// Store is the portal's data access. It is safe for concurrent use.
type Store struct {
	db     *gorm.DB
	now    func() time.Time
	secret *secretKey
	// sealKey seals authenticator secrets (WithSecretKey); when empty,
	// generated holds the key kept in settings (demo mode and tests).
	sealKey   []byte
	generated *secretKey
	csrf      *secretKey
}

// secretKey remembers the code-hashing key once read: it never changes after
// it is first stored, so every instance may keep it.
type secretKey struct {
	mu  sync.Mutex
	key []byte
}

// New returns a Store on db (already migrated).
func New(db *gorm.DB) *Store {
	return &Store{db: db, now: func() time.Time { return time.Now().UTC() }, secret: &secretKey{}, generated: &secretKey{}, csrf: &secretKey{}}
}

// WithClock returns a copy of the store whose notion of now is clock (tests).
func (s *Store) WithClock(clock func() time.Time) *Store {
	c := *s
	c.now = func() time.Time { return clock().UTC() }
	return &c
}

// Now is the store's current time in UTC.
func (s *Store) Now() time.Time { return s.now() }

// DB exposes the handle for the readiness probe and tests.
func (s *Store) DB() *gorm.DB { return s.db }

func (s *Store) tx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	return s.db.WithContext(ctx).Transaction(fn)
}

// notFound maps gorm's not-found to the portal's.
func notFound(err error) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return portal.ErrNotFound
	}
	return err
}
