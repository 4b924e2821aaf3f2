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

func TestResidentLinks(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		s := New(db)
		ctx := context.Background()
		now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
		var token string
		err := s.tx(ctx, func(tx *gorm.DB) (err error) {
			token, err = issueLink(tx, now, LinkOffer, "application-1", now.Add(5*24*time.Hour))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		var stored int64
		db.Model(&residentLink{}).Where("token_hash = ?", token).Count(&stored)
		if stored != 0 {
			t.Error("the token itself is stored; want only its hash")
		}
		read := func(at time.Time, p LinkPurpose, tok string) error {
			_, err := readLink(db, at, p, tok)
			return err
		}
		if err := read(now, LinkOffer, token); err != nil {
			t.Errorf("live link: %v", err)
		}
		for name, err := range map[string]error{
			"tampered":        read(now, LinkOffer, token+"x"),
			"another purpose": read(now, LinkInterview, token),
			"expired":         read(now.Add(5*24*time.Hour), LinkOffer, token),
		} {
			want := ErrLinkUnknown
			if name == "expired" {
				want = ErrLinkExpired
			}
			if !errors.Is(err, want) {
				t.Errorf("%s: err = %v, want %v", name, err, want)
			}
		}

		var spent atomic.Int32
		var wg sync.WaitGroup
		for range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				err := s.tx(ctx, func(tx *gorm.DB) error {
					l, err := spendLink(tx, now, LinkOffer, token)
					if err == nil && l.SubjectID == "application-1" {
						spent.Add(1)
					}
					return err
				})
				if err != nil && !errors.Is(err, ErrLinkUsed) {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if got := spent.Load(); got != 1 {
			t.Errorf("spent %d times, want once", got)
		}
		if err := read(now, LinkOffer, token); !errors.Is(err, ErrLinkUsed) {
			t.Errorf("after use: err = %v, want ErrLinkUsed", err)
		}
	})
}
