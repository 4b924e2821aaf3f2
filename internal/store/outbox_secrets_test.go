package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
)

// outboxHolds reports which outbox columns of any row contain secret.
func outboxHolds(t *testing.T, db *gorm.DB, secret string) []string {
	t.Helper()
	var rows []map[string]any
	if err := db.WithContext(context.Background()).Table("outbox").Find(&rows).Error; err != nil {
		t.Fatal(err)
	}
	var found []string
	for _, r := range rows {
		for col, v := range r {
			if v != nil && strings.Contains(fmt.Sprint(v), secret) {
				found = append(found, col)
			}
		}
	}
	return found
}

// A message's secret (sign-in code, invitation or reset token) leaves the
// outbox after a real delivery, or at its expiry (for the demo sender and for
// a message never sent), while the demo outbox shows it as long as it works.
func TestOutboxForgetsSecretsAfterDeliveryOrExpiry(t *testing.T) {
	type message struct {
		secret, recipient string
		lifetime          time.Duration
	}
	const mobile = "+447700900401"
	send := map[string]func(t *testing.T, s *store.Store) message{
		"sign-in code": func(t *testing.T, s *store.Store) message {
			ctx := context.Background()
			if _, err := s.StartApplication(ctx, store.DemoHTHID, castleVale, store.Contact{FullName: "A B", Mobile: mobile, Channel: "sms"}); err != nil {
				t.Fatal(err)
			}
			if _, err := s.SendSignInCode(ctx, mobile, store.Messages{}); err != nil {
				t.Fatal(err)
			}
			m, err := s.LatestOutboxTo(ctx, mobile)
			if err != nil {
				t.Fatal(err)
			}
			code := strings.TrimPrefix(m.Subject, "Your Anchor Pathways code: ")
			if len(code) != store.CodeDigits {
				t.Fatalf("got subject %q, want the live code in it", m.Subject)
			}
			return message{code, mobile, store.CodeLifetime}
		},
		"invitation": func(t *testing.T, s *store.Store) message {
			u, token := invite(t, s, store.DemoTrustID, "ivy@trust.example", portal.RoleRecruiter)
			return message{token, u.Email, store.InvitationLifetime}
		},
		"password reset": func(t *testing.T, s *store.Store) message {
			u, token := invite(t, s, store.DemoTrustID, "rex@trust.example", portal.RoleRecruiter)
			if _, err := s.UseToken(context.Background(), store.Actor{}, "invite", token, "", "hash"); err != nil {
				t.Fatal(err)
			}
			s.DB().Exec(`DELETE FROM outbox`)
			if err := s.RequestPasswordReset(context.Background(), store.Actor{}, u.Email, store.Messages{BaseURL: "http://portal.test"}); err != nil {
				t.Fatal(err)
			}
			m, err := s.LatestOutboxTo(context.Background(), u.Email)
			if err != nil {
				t.Fatal(err)
			}
			_, token, _ = strings.Cut(m.Body, "/staff/password-reset/")
			return message{token[:43], u.Email, store.ResetLifetime}
		},
	}
	type delivery int
	const (
		realSender delivery = iota
		demoSender
		neverSent
	)
	tests := []struct {
		name    string
		how     delivery
		visible bool // still in the demo outbox just after delivery
	}{
		{"a real sender", realSender, false},
		{"the demo sender", demoSender, true},
		{"no sender", neverSent, true},
	}
	for kind, sendOne := range send {
		for _, tt := range tests {
			t.Run(kind+" by "+tt.name, func(t *testing.T) {
				dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
					ctx := context.Background()
					c := newClock()
					s := seeded(t, db, c)
					m := sendOne(t, s)
					if got := outboxHolds(t, db, m.secret); len(got) != 1 || got[0] != "secret" {
						t.Errorf("the secret is stored in columns %v, want [secret] only", got)
					}
					if tt.how != neverSent {
						leased, err := s.LeaseOutbox(ctx, 10, time.Minute)
						if err != nil || len(leased) != 1 || !strings.Contains(leased[0].Body, m.secret) {
							t.Fatalf("got %d leased, %v; want the message with its secret filled in", len(leased), err)
						}
						if err := s.MarkSent(ctx, leased[0].ID, *leased[0].LeaseToken, tt.how == demoSender); err != nil {
							t.Fatal(err)
						}
					}
					shown, err := s.LatestOutboxTo(ctx, m.recipient)
					if err != nil {
						t.Fatal(err)
					}
					if got := strings.Contains(shown.Body, m.secret); got != tt.visible {
						t.Errorf("the demo outbox shows the secret: got %v, want %v", got, tt.visible)
					}
					if got := outboxHolds(t, db, m.secret); (len(got) > 0) != tt.visible {
						t.Errorf("after delivery the secret is in %v, want it kept: %v", got, tt.visible)
					}

					c.add(m.lifetime)
					if err := s.DeleteExpired(ctx); err != nil {
						t.Fatal(err)
					}
					if got := outboxHolds(t, db, m.secret); len(got) != 0 {
						t.Errorf("after expiry the secret is still in %v", got)
					}
					shown, err = s.LatestOutboxTo(ctx, m.recipient)
					if err != nil {
						t.Fatal(err)
					}
					if !strings.Contains(shown.Body, "[removed]") {
						t.Errorf("got body %q after expiry, want the secret marked removed", shown.Body)
					}
					if tt.how == neverSent && shown.Status != store.OutboxFailed {
						t.Errorf("got status %q for a message whose secret expired unsent, want failed", shown.Status)
					}
					if leased, err := s.LeaseOutbox(ctx, 10, time.Minute); err != nil || len(leased) != 0 {
						t.Errorf("got %d leased, %v after expiry; want nothing left to send", len(leased), err)
					}
				})
			})
		}
	}
}
