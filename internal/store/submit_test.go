package store_test

import (
	"context"
	"sync"
	"testing"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
)

// TestTenParallelSendsMakeOneSubmission sends one draft from ten goroutines
// at once, straight through the store: exactly one send is fresh, and the
// application has one reference, one event and one message.
func TestTenParallelSendsMakeOneSubmission(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		s := seeded(t, db, newClock())
		app := draft(t, s, "+447700900700")
		subs := make([]store.Submission, 10)
		errs := make([]error, 10)
		var wg sync.WaitGroup
		for i := range subs {
			wg.Go(func() { subs[i], errs[i] = s.SubmitApplication(ctx, app.ID, store.Messages{}) })
		}
		wg.Wait()
		fresh, refs := 0, map[string]bool{}
		for i, sub := range subs {
			if errs[i] != nil {
				t.Fatalf("send %d: %v", i, errs[i])
			}
			if sub.Fresh {
				fresh++
			}
			if sub.Status != portal.StatusSubmitted {
				t.Errorf("send %d: got status %q, want %q", i, sub.Status, portal.StatusSubmitted)
			}
			refs[sub.Ref()] = true
		}
		if got, want := fresh, 1; got != want {
			t.Errorf("got %d fresh sends, want %d", got, want)
		}
		if got, want := len(refs), 1; got != want {
			t.Errorf("got %d references %v, want %d", got, refs, want)
		}
		for _, q := range []struct{ table, where string }{
			{"application_events", "application_id = ? AND to_status = 'submitted'"},
			{"outbox", "recipient = ?"},
		} {
			arg := app.ID
			if q.table == "outbox" {
				arg = "+447700900700"
			}
			var n int64
			if err := db.Table(q.table).Where(q.where, arg).Count(&n).Error; err != nil {
				t.Fatal(err)
			}
			if got, want := n, int64(1); got != want {
				t.Errorf("got %d rows in %s, want %d", got, q.table, want)
			}
		}
	})
}
