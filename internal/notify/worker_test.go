package notify

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/store"
)

// fakeSender counts deliveries per recipient and fails when fail is set.
type fakeSender struct {
	mu    sync.Mutex
	sends map[string]int
	fail  func(to, body string) error
}

func newFakeSender(fail func(to, body string) error) *fakeSender {
	return &fakeSender{sends: map[string]int{}, fail: fail}
}

func (f *fakeSender) record(to, body string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sends[to]++
	if f.fail != nil {
		return f.fail(to, body)
	}
	return nil
}

func (f *fakeSender) SendSMS(_ context.Context, to, body string) error { return f.record(to, body) }
func (f *fakeSender) SendEmail(_ context.Context, to, _, body string) error {
	return f.record(to, body)
}

func (f *fakeSender) counts() map[string]int {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make(map[string]int, len(f.sends))
	for k, v := range f.sends {
		out[k] = v
	}
	return out
}

func (f *fakeSender) total() int {
	n := 0
	for _, v := range f.counts() {
		n += v
	}
	return n
}

// testClock is a clock tests move by hand.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func newTestClock() *testClock { return &testClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)} }

func countStatus(t *testing.T, db *gorm.DB, status string) int64 {
	t.Helper()
	var n int64
	err := db.WithContext(context.Background()).Model(&store.OutboxMessage{}).Where("status = ?", status).Count(&n).Error
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// eventually polls cond until it holds or the deadline passes.
func eventually(t *testing.T, within time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %v", what, within)
		}
		<-tick.C
	}
}

func TestWorkersDeliverEachMessageExactlyOnce(t *testing.T) {
	const messages, workers, goroutinesPerWorker = 200, 4, 2
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		seed := store.New(db)
		want := map[string]int{}
		for i := range messages {
			channel, to := store.ChannelSMS, fmt.Sprintf("+44770090%04d", i)
			if i%2 == 1 {
				channel, to = store.ChannelEmail, fmt.Sprintf("resident%d@example.org", i)
			}
			if err := seed.Enqueue(ctx, channel, to, "Subject", "Body"); err != nil {
				t.Fatal(err)
			}
			want[to] = 1
		}
		sender := newFakeSender(nil)
		var wg sync.WaitGroup
		errs := make(chan error, workers*goroutinesPerWorker)
		for range workers {
			// Each worker has its own Store, as separate instances would.
			w := &Worker{Store: store.New(db), SMS: sender, Mail: sender, Batch: 7, Lease: time.Minute, MaxAttempts: 3}
			for range goroutinesPerWorker {
				wg.Go(func() {
					for ctx.Err() == nil {
						sent, err := w.RunOnce(ctx)
						if err != nil {
							errs <- err
							return
						}
						if sent > 0 {
							continue
						}
						var pending int64
						if err := db.WithContext(ctx).Model(&store.OutboxMessage{}).Where("status = ?", store.OutboxPending).Count(&pending).Error; err != nil {
							errs <- err
							return
						}
						if pending == 0 {
							return
						}
					}
					errs <- ctx.Err()
				})
			}
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Errorf("worker: %v", err)
		}
		got := sender.counts()
		for to, n := range got {
			if n != want[to] {
				t.Errorf("deliveries to %s: got %d, want %d", to, n, want[to])
			}
		}
		if g, w := len(got), len(want); g != w {
			t.Errorf("recipients reached: got %d, want %d", g, w)
		}
		if g, w := countStatus(t, db, store.OutboxSent), int64(messages); g != w {
			t.Errorf("messages marked sent: got %d, want %d", g, w)
		}
	})
}

func TestWorkerRetriesThenGivesUp(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		clock := newTestClock()
		s := store.New(db).WithClock(clock.Now)
		const to = "+447700900123"
		if err := s.Enqueue(ctx, store.ChannelSMS, to, "", "Your code is 482913"); err != nil {
			t.Fatal(err)
		}
		sender := newFakeSender(func(string, string) error { return errors.New("gateway: status 503") })
		w := &Worker{Store: s, SMS: sender, Lease: time.Minute, MaxAttempts: 3}
		steps := []struct {
			name                   string
			advance                time.Duration
			wantCalls, wantAttempt int
			wantStatus             string
			wantDelay              time.Duration // nominal backoff; ±10% allowed
		}{
			{"first attempt fails", 0, 1, 1, store.OutboxPending, 30 * time.Second},
			{"not due yet", 0, 1, 1, store.OutboxPending, 30 * time.Second},
			{"second attempt fails", time.Hour, 2, 2, store.OutboxPending, time.Minute},
			{"third attempt is final", time.Hour, 3, 3, store.OutboxFailed, 2 * time.Minute},
			{"never tried again", 24 * time.Hour, 3, 3, store.OutboxFailed, 0},
		}
		var lastTry time.Time
		for _, st := range steps {
			clock.Advance(st.advance)
			before := sender.total()
			sent, err := w.RunOnce(ctx)
			if err != nil || sent != 0 {
				t.Fatalf("%s: RunOnce = %d, %v; want 0, nil", st.name, sent, err)
			}
			if sender.total() != before {
				lastTry = clock.Now()
			}
			m, err := s.LatestOutboxTo(ctx, to)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := sender.total(), st.wantCalls; got != want {
				t.Errorf("%s: sends: got %d, want %d", st.name, got, want)
			}
			if m.Status != st.wantStatus || m.Attempts != st.wantAttempt || m.LeaseToken != nil || m.LastError != "gateway: status 503" {
				t.Errorf("%s: got status %q, attempts %d, token %v, error %q; want %q, %d, nil, the gateway's error",
					st.name, m.Status, m.Attempts, m.LeaseToken, m.LastError, st.wantStatus, st.wantAttempt)
			}
			if st.wantDelay > 0 {
				delay := m.NextAttemptAt.Sub(lastTry)
				lo, hi := st.wantDelay-st.wantDelay/10, st.wantDelay+st.wantDelay/10
				if delay < lo || delay > hi {
					t.Errorf("%s: next attempt after %v, want between %v and %v", st.name, delay, lo, hi)
				}
			}
		}
	})
}

func TestWorkerRunDeliversUntilCancelled(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		s := store.New(db)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		w := &Worker{Store: s, SMS: Demo{}, Mail: Demo{}, Interval: 10 * time.Millisecond, Batch: 2}
		done := make(chan struct{})
		go func() {
			defer close(done)
			w.Run(ctx)
		}()
		for i := range 5 {
			if err := s.Enqueue(context.Background(), store.ChannelSMS, fmt.Sprintf("+44770090000%d", i), "", "hello"); err != nil {
				t.Fatal(err)
			}
		}
		eventually(t, 30*time.Second, "all five sent", func() bool { return countStatus(t, db, store.OutboxSent) == 5 })
		cancel()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			t.Fatal("Run did not return after its context was cancelled")
		}
	})
}

func TestWorkerWithoutSenderRetries(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		s := store.New(db)
		if err := s.Enqueue(ctx, store.ChannelEmail, "a@example.org", "Hi", "hello"); err != nil {
			t.Fatal(err)
		}
		w := &Worker{Store: s, SMS: Demo{}}
		if sent, err := w.RunOnce(ctx); err != nil || sent != 0 {
			t.Fatalf("RunOnce = %d, %v; want 0, nil", sent, err)
		}
		m, err := s.LatestOutboxTo(ctx, "a@example.org")
		if err != nil {
			t.Fatal(err)
		}
		if m.Status != store.OutboxPending || m.Attempts != 1 || m.LastError != "no mailer configured" {
			t.Fatalf("got status %q, attempts %d, error %q; want pending, 1, no mailer configured", m.Status, m.Attempts, m.LastError)
		}
	})
}
