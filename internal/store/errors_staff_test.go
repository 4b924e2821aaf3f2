package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
)

// Errors name the use case that failed and still match the portal's errors.
func TestErrorsNameTheirUseCase(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		s := seeded(t, db, newClock())
		u, _ := invite(t, s, store.DemoTrustID, "yas@trust.example", portal.RoleRecruiter)
		tests := []struct {
			useCase string
			err     error
			want    error
		}{
			{"LoadSession", func() error { _, err := s.LoadSession(ctx, "nope"); return err }(), portal.ErrNotFound},
			{"SaveSession", s.SaveSession(ctx, store.Session{IDHash: "nope"}), portal.ErrNotFound},
			{"RenewSession", s.RenewSession(ctx, "nope", "new", "csrf"), portal.ErrNotFound},
			{"StaffByID", func() error { _, err := s.StaffByID(ctx, "nope"); return err }(), portal.ErrNotFound},
			{"StaffByEmail", func() error { _, err := s.StaffByEmail(ctx, "nobody@x.example"); return err }(), portal.ErrNotFound},
			{"LoadStaffSession", func() error { _, err := s.LoadStaffSession(ctx, "nope"); return err }(), portal.ErrNotFound},
			{"StaffByToken", func() error { _, err := s.StaffByToken(ctx, "invite", "nope"); return err }(), store.ErrTokenInvalid},
			{"UseToken", func() error { _, err := s.UseToken(ctx, store.Actor{}, "reset", "nope", "", "h"); return err }(), store.ErrTokenInvalid},
			{"Invite", func() error {
				_, err := s.Invite(ctx, store.Actor{}, "no-such-org", "zed@x.example", "Zed", portal.RoleRecruiter, store.Messages{})
				return err
			}(), portal.ErrNotFound},
			{"EnableTOTP", s.EnableTOTP(ctx, store.Actor{}, u.ID, nil), portal.ErrConflict},
			{"UseTOTPStep", s.UseTOTPStep(ctx, u.ID, 0), store.ErrTokenInvalid},
			{"UseRecoveryCode", s.UseRecoveryCode(ctx, u.ID, "AAAAA-BBBBB"), store.ErrTokenInvalid},
			{"VerifySignInCode", s.VerifySignInCode(ctx, "+447700900999", []string{"nope"}, "123456"), store.ErrCodeExpired},
			{"MarkSent", s.MarkSent(ctx, "nope", "token", false), portal.ErrConflict},
			{"MarkFailed", s.MarkFailed(ctx, "nope", "token", "", s.Now(), false), portal.ErrConflict},
			{"LatestOutboxTo", func() error { _, err := s.LatestOutboxTo(ctx, "nobody@x.example"); return err }(), portal.ErrNotFound},
		}
		for _, tt := range tests {
			if tt.err == nil || !strings.HasPrefix(tt.err.Error(), "store: "+tt.useCase+": ") {
				t.Errorf("%s: got %v, want an error naming the use case", tt.useCase, tt.err)
			}
			if !errors.Is(tt.err, tt.want) {
				t.Errorf("%s: got %v, want it to match %v", tt.useCase, tt.err, tt.want)
			}
		}
		_, err := s.Invite(ctx, store.Actor{}, store.DemoTrustID, u.Email, "Again", portal.RoleRecruiter, store.Messages{})
		var v *portal.ValidationError
		if !errors.As(err, &v) || !v.Has("email") || !strings.HasPrefix(err.Error(), "store: Invite: ") {
			t.Errorf("Invite with an email in use: got %v, want a named *portal.ValidationError on email", err)
		}
	})
}
