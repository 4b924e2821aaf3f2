package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
)

// Using one link ends every other outstanding link of the account: an older
// reset link, or a second invitation.
func TestUsingALinkEndsTheAccountsOtherLinks(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		c := newClock()
		s := seeded(t, db, c)
		ctx := context.Background()
		u, inviteToken := invite(t, s, store.DemoTrustID, "pia@trust.example", portal.RoleRecruiter)
		// A second live invitation for the same account (as a re-sent one would be).
		second, secondHash := store.Token()
		if err := db.Exec(`INSERT INTO staff_tokens (id, staff_id, purpose, token_hash, expires_at, created_at) VALUES (?, ?, 'invite', ?, ?, ?)`,
			portal.NewID(), u.ID, secondHash, c.now().Add(time.Hour), c.now()).Error; err != nil {
			t.Fatal(err)
		}
		if _, err := s.UseToken(ctx, store.Actor{}, "invite", inviteToken, "", "hash-1"); err != nil {
			t.Fatal(err)
		}
		resets := make([]string, 3)
		for i := range resets {
			c.add(time.Second)
			if err := s.RequestPasswordReset(ctx, store.Actor{}, u.Email, store.Messages{BaseURL: "http://portal.test"}); err != nil {
				t.Fatal(err)
			}
			m, err := s.LatestOutboxTo(ctx, u.Email)
			if err != nil {
				t.Fatal(err)
			}
			_, rest, _ := strings.Cut(m.Body, "http://portal.test/staff/password-reset/")
			resets[i] = rest[:43]
		}
		if _, err := s.UseToken(ctx, store.Actor{}, "reset", resets[1], "", "hash-2"); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name, purpose, token string
		}{
			{"the second invitation", "invite", second},
			{"an older reset link", "reset", resets[0]},
			{"a newer reset link", "reset", resets[2]},
		}
		for _, tt := range tests {
			if _, err := s.UseToken(ctx, store.Actor{}, tt.purpose, tt.token, "", "hash-3"); !errors.Is(err, store.ErrTokenInvalid) {
				t.Errorf("%s: got %v, want ErrTokenInvalid", tt.name, err)
			}
		}
		if got, _ := s.StaffByID(ctx, u.ID); got.PasswordHash != "hash-2" {
			t.Errorf("got password hash %q, want the one set by the used link", got.PasswordHash)
		}
	})
}
