package portal

import "time"

// Throttle is one key's rule for slowing down guessers: the first Free
// attempts go ahead at once; after that each attempt makes the next wait,
// doubling from one second up to Ceiling. It slows a guesser down without
// locking the real person out for long, and never locks anyone out for good.
type Throttle struct {
	Key     string
	Free    int
	Ceiling time.Duration
}

// Wait is how long the next attempt must wait after attempts counted
// attempts against the key (zero while they are within Free).
func (t Throttle) Wait(attempts int) time.Duration {
	n := attempts - t.Free
	if n <= 0 {
		return 0
	}
	if n > 40 { // beyond any ceiling; avoids overflowing the shift
		return t.Ceiling
	}
	return min(t.Ceiling, time.Second<<(n-1))
}

// StaffPasswordThrottles are the rules for staff email-and-password sign-in,
// given the three keys the caller derives from the account and the client
// address: per account and address together a guesser slows quickly; per
// account alone, gently and for at most a minute, so that nobody can lock a
// colleague out; per address, for sprays across many accounts.
func StaffPasswordThrottles(accountAndAddress, account, address string) []Throttle {
	return []Throttle{
		{Key: accountAndAddress, Free: 3, Ceiling: 15 * time.Minute},
		{Key: account, Free: 10, Ceiling: time.Minute},
		{Key: address, Free: 20, Ceiling: 15 * time.Minute},
	}
}

// StaffCodeThrottle is the rule for the second factor (an authenticator or
// recovery code) of one account, given its key: five free tries, then
// doubling waits up to 15 minutes. Only someone who already has the password
// reaches it.
func StaffCodeThrottle(account string) Throttle {
	return Throttle{Key: account, Free: 5, Ceiling: 15 * time.Minute}
}
