package notify

import (
	"context"
	"strings"
	"testing"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
)

// A real sender's delivery removes the message's secret; the demo sender's
// keeps it, because /dev/outbox is where demo users read their links.
func TestWorkerKeepsSecretsOnlyForTheDemoSender(t *testing.T) {
	tests := []struct {
		name     string
		mail     Mailer
		wantKept bool
	}{
		{"real mailer", newFakeSender(nil), false},
		{"demo mailer", Demo{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
				ctx := context.Background()
				s := store.New(db)
				if err := s.SeedDemo(ctx, store.Messages{}); err != nil {
					t.Fatal(err)
				}
				const email = "ada@trust.example"
				token, err := s.Invite(ctx, store.Actor{}, store.DemoTrustID, email, "Ada", portal.RoleRecruiter, store.Messages{})
				if err != nil {
					t.Fatal(err)
				}
				w := &Worker{Store: s, Mail: tt.mail}
				if sent, err := w.RunOnce(ctx); err != nil || sent != 1 {
					t.Fatalf("RunOnce = %d, %v; want 1 sent", sent, err)
				}
				m, err := s.LatestOutboxTo(ctx, email)
				if err != nil {
					t.Fatal(err)
				}
				if got := strings.Contains(m.Body, token); got != tt.wantKept {
					t.Errorf("the link is still in the outbox: got %v, want %v", got, tt.wantKept)
				}
			})
		})
	}
}
