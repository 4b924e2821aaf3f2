package store_test

import (
	"context"
	"testing"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/store"
)

// TestSendingWritesTheSharingAnswer: the answer goes in with the send (the
// one statement on PostgreSQL, the transaction on SQLite); a second send
// with another answer changes nothing; a send without one keeps the draft's.
func TestSendingWritesTheSharingAnswer(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		s := seeded(t, db, newClock())
		shareOf := func(id string) bool {
			t.Helper()
			var got []bool
			if err := db.Table("applications").Where("id = ?", id).Pluck("share_progress", &got).Error; err != nil || len(got) != 1 {
				t.Fatalf("share_progress of %s: %v %v", id, got, err)
			}
			return got[0]
		}

		yes := draft(t, s, "+447700900710")
		sub, err := s.SubmitApplicationSharing(ctx, yes.ID, store.Messages{}, true)
		if err != nil || !sub.Fresh || !sub.ShareProgress {
			t.Fatalf("send with yes: fresh %v, share %v, err %v", sub.Fresh, sub.ShareProgress, err)
		}
		if !shareOf(yes.ID) {
			t.Error("share_progress after yes: false")
		}
		if again, err := s.SubmitApplicationSharing(ctx, yes.ID, store.Messages{}, false); err != nil || again.Fresh {
			t.Fatalf("second send: fresh %v, err %v", again.Fresh, err)
		}
		if !shareOf(yes.ID) {
			t.Error("a second send changed the answer")
		}

		kept := draft(t, s, "+447700900711")
		if err := db.Table("applications").Where("id = ?", kept.ID).Update("share_progress", true).Error; err != nil {
			t.Fatal(err)
		}
		if _, err := s.SubmitApplication(ctx, kept.ID, store.Messages{}); err != nil {
			t.Fatal(err)
		}
		if !shareOf(kept.ID) {
			t.Error("a send without an answer overwrote the draft's")
		}
	})
}
