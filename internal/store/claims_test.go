package store

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
)

// TestClaimOncePerKey: of many transactions claiming one key at once, exactly
// one wins; a claim in a rolled-back transaction leaves the key free.
func TestClaimOncePerKey(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		s := New(db)
		ctx := context.Background()
		now := time.Date(2026, 12, 7, 6, 0, 0, 0, time.UTC)

		errRollback := errors.New("roll back")
		err := s.tx(ctx, func(tx *gorm.DB) error {
			ok, err := claim(tx, now, "digest", "officer-1/2026-W50")
			if err != nil || !ok {
				t.Fatalf("first claim = %v, %v; want true", ok, err)
			}
			return errRollback
		})
		if !errors.Is(err, errRollback) {
			t.Fatal(err)
		}

		var won atomic.Int32
		var wg sync.WaitGroup
		for range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				err := s.tx(ctx, func(tx *gorm.DB) error {
					ok, err := claim(tx, now, "digest", "officer-1/2026-W50")
					if ok {
						won.Add(1)
					}
					return err
				})
				if err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if got := won.Load(); got != 1 {
			t.Errorf("claims won = %d, want 1", got)
		}
		other, err := claimOnce(ctx, s, now, "digest", "officer-2/2026-W50")
		if err != nil || !other {
			t.Errorf("another key = %v, %v; want true", other, err)
		}
	})
}

func claimOnce(ctx context.Context, s *Store, now time.Time, job, key string) (ok bool, err error) {
	err = s.tx(ctx, func(tx *gorm.DB) error {
		ok, err = claim(tx, now, job, key)
		return err
	})
	return ok, err
}
