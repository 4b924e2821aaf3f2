package portal

import (
	"testing"
	"time"
)

func TestThrottleWaitDoublesUpToItsCeiling(t *testing.T) {
	th := Throttle{Key: "k", Free: 3, Ceiling: 10 * time.Second}
	for attempts, want := range []time.Duration{0, 0, 0, 0, 1, 2, 4, 8, 10, 10} {
		if got := th.Wait(attempts); got != want*time.Second {
			t.Errorf("after %d attempts: got %s, want %s", attempts, got, want*time.Second)
		}
	}
	if got, want := th.Wait(1000), 10*time.Second; got != want {
		t.Errorf("after 1000 attempts: got %s, want %s", got, want)
	}
}

// Nobody can hold a colleague's account up for more than about a minute:
// the per-account rule, the only one a stranger elsewhere shares with them,
// never waits longer.
func TestStaffPasswordThrottlesHoldAnAccountAMinuteAtMost(t *testing.T) {
	rules := StaffPasswordThrottles("acct-ip", "acct", "ip")
	if got, want := rules[1].Key, "acct"; got != want {
		t.Fatalf("got rule 1 for %q, want the account's", got)
	}
	if got, want := rules[1].Wait(1_000_000), time.Minute; got != want {
		t.Errorf("got the account held up for %s, want %s at most", got, want)
	}
}
