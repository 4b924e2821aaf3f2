package referrals_test

import (
	"strconv"
	"sync"
	"time"
)

// fakeClock is a settable time for tests.
type fakeClock struct {
	mu     sync.Mutex
	offset time.Duration
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC).Add(c.offset)
}

func (c *fakeClock) add(d time.Duration) { c.mu.Lock(); c.offset += d; c.mu.Unlock() }

func itoa(n int) string { return strconv.Itoa(n) }
