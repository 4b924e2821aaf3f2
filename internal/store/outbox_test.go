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

// outboxClock is a clock tests move by hand.
type outboxClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *outboxClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *outboxClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func newOutboxClock() *outboxClock {
	return &outboxClock{t: time.Date(2026, 3, 2, 9, 30, 0, 123456000, time.UTC)}
}

func countOutbox(t *testing.T, db *gorm.DB) int64 {
	t.Helper()
	var n int64
	if err := db.WithContext(context.Background()).Model(&OutboxMessage{}).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func TestEnqueueFollowsTheTransaction(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		s := New(db)
		errRollback := errors.New("the change failed")
		err := s.tx(ctx, func(tx *gorm.DB) error {
			if err := enqueue(tx, s.now(), ChannelSMS, "+447700900001", "", "rolled back"); err != nil {
				return err
			}
			return errRollback
		})
		if !errors.Is(err, errRollback) {
			t.Fatalf("tx error: got %v, want %v", err, errRollback)
		}
		if got, want := countOutbox(t, db), int64(0); got != want {
			t.Fatalf("messages after rollback: got %d, want %d", got, want)
		}
		err = s.tx(ctx, func(tx *gorm.DB) error {
			return enqueue(tx, s.now(), ChannelSMS, "+447700900001", "", "committed")
		})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := countOutbox(t, db), int64(1); got != want {
			t.Fatalf("messages after commit: got %d, want %d", got, want)
		}
	})
}

func TestEnqueueRejects(t *testing.T) {
	tests := []struct {
		name, channel, recipient, body string
	}{
		{"unknown channel", "fax", "+447700900001", "hello"},
		{"no recipient", ChannelSMS, " ", "hello"},
		{"no body", ChannelEmail, "a@example.org", ""},
	}
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		s := New(db)
		for _, tt := range tests {
			if err := s.Enqueue(context.Background(), tt.channel, tt.recipient, "", tt.body); err == nil {
				t.Errorf("%s: got no error, want one", tt.name)
			}
		}
		if got, want := countOutbox(t, db), int64(0); got != want {
			t.Fatalf("messages: got %d, want %d", got, want)
		}
	})
}

func TestOutboxRoundTrip(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		clock := newOutboxClock()
		s := New(db).WithClock(clock.Now)
		if err := s.Enqueue(ctx, ChannelEmail, "ayesha@example.org", "Your code – café", "Your code is 123456"); err != nil {
			t.Fatal(err)
		}
		got, err := s.LatestOutboxTo(ctx, "ayesha@example.org")
		if err != nil {
			t.Fatal(err)
		}
		now := clock.Now()
		want := OutboxMessage{
			ID: got.ID, Channel: ChannelEmail, Recipient: "ayesha@example.org", Subject: "Your code – café",
			Body: "Your code is 123456", Status: OutboxPending, NextAttemptAt: now, CreatedAt: now,
		}
		if !got.NextAttemptAt.Equal(want.NextAttemptAt) || !got.CreatedAt.Equal(want.CreatedAt) {
			t.Fatalf("times: got %v, %v, want %v", got.NextAttemptAt, got.CreatedAt, now)
		}
		got.NextAttemptAt, got.CreatedAt = want.NextAttemptAt, want.CreatedAt
		if got != want {
			t.Fatalf("message: got %+v, want %+v", got, want)
		}
		if !portal.ValidID(got.ID) {
			t.Fatalf("ID %q: not a portal ID", got.ID)
		}
		if _, err := s.LatestOutboxTo(ctx, "nobody@example.org"); !errors.Is(err, portal.ErrNotFound) {
			t.Fatalf("unknown recipient: got %v, want %v", err, portal.ErrNotFound)
		}
	})
}

func TestListOutboxNewestFirst(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		clock := newOutboxClock()
		s := New(db).WithClock(clock.Now)
		for i := range 5 {
			if err := s.Enqueue(ctx, ChannelSMS, "+447700900001", "", fmt.Sprintf("message %d", i)); err != nil {
				t.Fatal(err)
			}
			clock.Advance(time.Second)
		}
		msgs, err := s.ListOutbox(ctx, 3)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, m := range msgs {
			got = append(got, m.Body)
		}
		want := []string{"message 4", "message 3", "message 2"}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("bodies: got %q, want %q", got, want)
		}
		latest, err := s.LatestOutboxTo(ctx, "+447700900001")
		if err != nil {
			t.Fatal(err)
		}
		if got, want := latest.Body, "message 4"; got != want {
			t.Fatalf("latest: got %q, want %q", got, want)
		}
	})
}
