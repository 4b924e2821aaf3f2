package store_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
)

// admitted counts how many of n attempts TakeSignInAttempt lets through,
// made one after another or all at once.
func admitted(t *testing.T, s *store.Store, n int, parallel bool, rules []portal.Throttle) int64 {
	t.Helper()
	var checks atomic.Int64
	try := func() {
		wait, err := s.TakeSignInAttempt(context.Background(), rules...)
		if err != nil {
			t.Error(err)
			return
		}
		if wait == 0 {
			checks.Add(1) // the caller would check the password now
		}
	}
	if !parallel {
		for range n {
			try()
		}
		return checks.Load()
	}
	var wg sync.WaitGroup
	start := make(chan struct{})
	for range n {
		wg.Add(1)
		go func() { defer wg.Done(); <-start; try() }()
	}
	close(start)
	wg.Wait()
	return checks.Load()
}

// Parallel wrong guesses get no more password checks than the same guesses
// made one after another.
func TestParallelGuessesGetNoMoreChecksThanSequentialOnes(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		s := store.New(db).WithClock(newClock().now)
		const n = 30
		sequential := admitted(t, s, n, false, portal.StaffPasswordThrottles("acct-ip:a", "acct:a", "ip:a"))
		parallel := admitted(t, s, n, true, portal.StaffPasswordThrottles("acct-ip:b", "acct:b", "ip:b"))
		if got, want := sequential, int64(4); got != want {
			t.Errorf("sequential: got %d password checks, want %d (3 free, then one that sets a wait)", got, want)
		}
		if parallel > sequential {
			t.Errorf("parallel: got %d password checks, want at most the %d of sequential guesses", parallel, sequential)
		}
		if parallel == 0 {
			t.Error("parallel: got no password checks, want the first guesses let through")
		}
	})
}

func TestTakeSignInAttemptWaitsDoubleAndRefusalsCostNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		c := newClock()
		s := store.New(db).WithClock(c.now)
		ctx := context.Background()
		rule := portal.Throttle{Key: "k", Free: 3, Ceiling: 10 * time.Second}
		// Each attempt is taken once the previous wait has passed; the wait
		// it leaves: 0 0 0 1 2 4 8 10 10 seconds.
		for i, want := range []time.Duration{0, 0, 0, 1, 2, 4, 8, 10, 10} {
			if wait, err := s.TakeSignInAttempt(ctx, rule); err != nil || wait != 0 {
				t.Fatalf("attempt %d: got wait %s, %v; want it taken", i+1, wait, err)
			}
			got, err := s.SignInDelay(ctx, rule.Key)
			if err != nil {
				t.Fatal(err)
			}
			if got != want*time.Second {
				t.Errorf("after attempt %d: got wait %s, want %s", i+1, got, want*time.Second)
			}
			if got > 0 {
				if wait, _ := s.TakeSignInAttempt(ctx, rule); wait != got {
					t.Errorf("after attempt %d: got a refusal with wait %s, want %s", i+1, wait, got)
				}
			}
			c.add(got)
		}
		// A refused attempt takes nothing, from any key.
		other := portal.Throttle{Key: "other", Free: 1, Ceiling: time.Minute}
		if _, err := s.TakeSignInAttempt(ctx, rule); err != nil {
			t.Fatal(err)
		}
		for range 5 {
			if wait, _ := s.TakeSignInAttempt(ctx, other, rule); wait == 0 {
				t.Fatal("got an attempt through a key that must wait")
			}
		}
		if wait, err := s.TakeSignInAttempt(ctx, other); err != nil || wait != 0 {
			t.Errorf("got wait %s, %v for a key whose refused attempts were taken; want it free", wait, err)
		}
		if err := s.ClearSignInFailures(ctx, "k"); err != nil {
			t.Fatal(err)
		}
		if wait, _ := s.TakeSignInAttempt(ctx, rule); wait != 0 {
			t.Errorf("got wait %s after clearing, want 0", wait)
		}
	})
}

// A stranger guessing from many addresses holds a colleague's account up by
// a minute at most.
func TestGuessesFromManyAddressesHoldAnAccountAMinuteAtMost(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		c := newClock()
		s := store.New(db).WithClock(c.now)
		ctx := context.Background()
		for i := range 200 {
			ip := fmt.Sprint("ip:", i)
			rules := portal.StaffPasswordThrottles("acct-ip:"+ip, "acct:a", ip)
			wait, err := s.TakeSignInAttempt(ctx, rules...)
			if err != nil {
				t.Fatal(err)
			}
			if wait > time.Minute {
				t.Fatalf("attempt %d: the account must wait %s, want a minute at most", i+1, wait)
			}
			c.add(wait)
		}
	})
}
