package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
)

// The outbox's leases: which messages a sender may take, one leaser of two,
// stale tokens, and retrying then giving up.

func TestLeaseOutboxTakesOnlyDueUnleasedPending(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		clock := newOutboxClock()
		s := New(db).WithClock(clock.Now)
		for i := range 3 {
			if err := s.Enqueue(ctx, ChannelSMS, fmt.Sprintf("+44770090000%d", i), "", "hello"); err != nil {
				t.Fatal(err)
			}
		}
		first, err := s.LeaseOutbox(ctx, 2, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := len(first), 2; got != want {
			t.Fatalf("first lease: got %d messages, want %d", got, want)
		}
		for _, m := range first {
			if m.LeaseToken == nil || *m.LeaseToken != *first[0].LeaseToken {
				t.Fatalf("lease tokens: got %v and %v, want one shared token", m.LeaseToken, first[0].LeaseToken)
			}
			if m.LeasedUntil == nil || !m.LeasedUntil.Equal(clock.Now().Add(time.Minute)) {
				t.Fatalf("leased until: got %v, want %v", m.LeasedUntil, clock.Now().Add(time.Minute))
			}
		}
		second, err := s.LeaseOutbox(ctx, 10, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := len(second), 1; got != want {
			t.Fatalf("second lease: got %d messages, want %d", got, want)
		}
		if *second[0].LeaseToken == *first[0].LeaseToken {
			t.Fatal("second lease reused the first lease's token")
		}
		none, err := s.LeaseOutbox(ctx, 10, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := len(none), 0; got != want {
			t.Fatalf("while leased: got %d messages, want %d", got, want)
		}
		// A sent message is never leased again; the others come back once their lease runs out.
		if err := s.MarkSent(ctx, second[0].ID, *second[0].LeaseToken, false); err != nil {
			t.Fatal(err)
		}
		clock.Advance(time.Minute)
		again, err := s.LeaseOutbox(ctx, 10, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := len(again), 2; got != want {
			t.Fatalf("after the lease ran out: got %d messages, want %d", got, want)
		}
	})
}

func TestLeaseOutboxOneOfTwoConcurrentLeasers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		s := New(db)
		for round := range 20 {
			if err := s.Enqueue(ctx, ChannelSMS, "+447700900001", "", fmt.Sprintf("round %d", round)); err != nil {
				t.Fatal(err)
			}
			start := make(chan struct{})
			var wg sync.WaitGroup
			results := make([][]OutboxMessage, 2)
			errs := make([]error, 2)
			for i := range 2 {
				wg.Go(func() {
					<-start
					results[i], errs[i] = s.LeaseOutbox(ctx, 5, time.Hour)
				})
			}
			close(start)
			wg.Wait()
			for _, err := range errs {
				if err != nil {
					t.Fatalf("round %d: %v", round, err)
				}
			}
			if got, want := len(results[0])+len(results[1]), 1; got != want {
				t.Fatalf("round %d: leased %d + %d messages, want %d in all", round, len(results[0]), len(results[1]), want)
			}
			m := append(results[0], results[1]...)[0]
			if err := s.MarkSent(ctx, m.ID, *m.LeaseToken, false); err != nil {
				t.Fatalf("round %d: %v", round, err)
			}
		}
	})
}

func TestMarkWithStaleToken(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		clock := newOutboxClock()
		s := New(db).WithClock(clock.Now)
		if err := s.Enqueue(ctx, ChannelSMS, "+447700900001", "", "hello"); err != nil {
			t.Fatal(err)
		}
		old, err := s.LeaseOutbox(ctx, 1, time.Minute)
		if err != nil || len(old) != 1 {
			t.Fatalf("first lease: got %d messages, %v; want 1, nil", len(old), err)
		}
		clock.Advance(2 * time.Minute)
		cur, err := s.LeaseOutbox(ctx, 1, time.Minute)
		if err != nil || len(cur) != 1 {
			t.Fatalf("second lease: got %d messages, %v; want 1, nil", len(cur), err)
		}
		id, stale, fresh := cur[0].ID, *old[0].LeaseToken, *cur[0].LeaseToken
		steps := []struct {
			name string
			do   func() error
			want error
		}{
			{"sent, stale token", func() error { return s.MarkSent(ctx, id, stale, false) }, portal.ErrConflict},
			{"failed, stale token", func() error { return s.MarkFailed(ctx, id, stale, "x", clock.Now(), false) }, portal.ErrConflict},
			{"sent, unknown ID", func() error { return s.MarkSent(ctx, portal.NewID(), fresh, false) }, portal.ErrConflict},
			{"sent, current token", func() error { return s.MarkSent(ctx, id, fresh, false) }, nil},
			{"sent twice", func() error { return s.MarkSent(ctx, id, fresh, false) }, portal.ErrConflict},
			{"failed after sent", func() error { return s.MarkFailed(ctx, id, fresh, "x", clock.Now(), true) }, portal.ErrConflict},
		}
		for _, st := range steps {
			if err := st.do(); !errors.Is(err, st.want) {
				t.Errorf("%s: got %v, want %v", st.name, err, st.want)
			}
		}
		got, err := s.LatestOutboxTo(ctx, "+447700900001")
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != OutboxSent || got.LeaseToken != nil || got.LeasedUntil != nil || got.SentAt == nil || !got.SentAt.Equal(clock.Now()) {
			t.Fatalf("after sending: got status %q, token %v, leased until %v, sent at %v; want sent, nil, nil, %v",
				got.Status, got.LeaseToken, got.LeasedUntil, got.SentAt, clock.Now())
		}
	})
}

func TestMarkFailedSchedulesThenGivesUp(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		clock := newOutboxClock()
		s := New(db).WithClock(clock.Now)
		if err := s.Enqueue(ctx, ChannelEmail, "a@example.org", "Hi", "hello"); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			final        bool
			wantStatus   string
			wantAttempts int
		}{
			{false, OutboxPending, 1},
			{false, OutboxPending, 2},
			{true, OutboxFailed, 3},
		}
		for _, tt := range tests {
			msgs, err := s.LeaseOutbox(ctx, 1, time.Minute)
			if err != nil || len(msgs) != 1 {
				t.Fatalf("attempt %d: leased %d messages, %v; want 1, nil", tt.wantAttempts, len(msgs), err)
			}
			next := clock.Now().Add(time.Hour)
			if err := s.MarkFailed(ctx, msgs[0].ID, *msgs[0].LeaseToken, "gateway said 503", next, tt.final); err != nil {
				t.Fatal(err)
			}
			got, err := s.LatestOutboxTo(ctx, "a@example.org")
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != tt.wantStatus || got.Attempts != tt.wantAttempts || !got.NextAttemptAt.Equal(next) ||
				got.LeaseToken != nil || got.LastError != "gateway said 503" {
				t.Fatalf("after attempt %d: got %+v; want status %q, attempts %d, next %v, no lease, the error",
					tt.wantAttempts, got, tt.wantStatus, tt.wantAttempts, next)
			}
			// Not due before next; due at next unless final.
			early, err := s.LeaseOutbox(ctx, 1, time.Minute)
			if err != nil || len(early) != 0 {
				t.Fatalf("before next attempt: leased %d messages, %v; want 0, nil", len(early), err)
			}
			clock.Advance(time.Hour)
		}
		msgs, err := s.LeaseOutbox(ctx, 1, time.Minute)
		if err != nil || len(msgs) != 0 {
			t.Fatalf("after giving up: leased %d messages, %v; want 0, nil", len(msgs), err)
		}
	})
}
