// Package schedule runs the portal's periodic jobs (offer expiry, waitlist
// promotion, in-work check-ins, reminders, digests, retention) in every
// instance.
//
// Why not a job queue: River would need its own schema, driver and client on
// each of our two dialects, and every job here is a sweep ("do what is due
// now") rather than a queued task. So each instance ticks, and the store's
// use case does the work: each change is a conditional UPDATE (it happens at
// most once however many instances sweep at the same moment) or is claimed
// in job_claims inside the same transaction as its effects and its outbox
// messages. A job therefore is safe to run at any time, twice, or in two
// instances at once; this package only decides when to call it.
package schedule

import (
	"context"
	"log/slog"
	"time"
)

// Job is one periodic piece of work. Run does whatever is due at now and
// reports how many things it changed (for the log); it must be idempotent
// and safe to run concurrently with itself in another instance.
type Job struct {
	Name  string
	Every time.Duration
	Run   func(ctx context.Context, now time.Time) (int, error)
}

// Runner calls each job when its interval has passed. A nil Clock is
// time.Now; a nil Logger logs nothing.
type Runner struct {
	Jobs   []Job
	Clock  func() time.Time
	Logger *slog.Logger
	// Tick is how often the runner looks for due jobs; zero is a minute.
	Tick time.Duration

	last map[string]time.Time
}

func (r *Runner) now() time.Time {
	if r.Clock != nil {
		return r.Clock().UTC()
	}
	return time.Now().UTC()
}

// RunDue runs every job whose interval has passed since this runner last ran
// it (every job, the first time), one after another, and returns the first
// error after trying them all. Tests call it with a fake clock.
func (r *Runner) RunDue(ctx context.Context) error {
	if r.last == nil {
		r.last = make(map[string]time.Time)
	}
	var first error
	for _, j := range r.Jobs {
		now := r.now()
		if last, ok := r.last[j.Name]; ok && now.Sub(last) < j.Every {
			continue
		}
		n, err := j.Run(ctx, now)
		if err != nil {
			if first == nil {
				first = err
			}
			if r.Logger != nil && ctx.Err() == nil {
				r.Logger.Warn("scheduled job failed", "job", j.Name, "error", err)
			}
			// Not marked as run: the next tick tries again.
			continue
		}
		r.last[j.Name] = now
		if n > 0 && r.Logger != nil {
			r.Logger.Info("scheduled job ran", "job", j.Name, "changed", n)
		}
	}
	return first
}

// Run calls RunDue at once and then every Tick until ctx ends.
func (r *Runner) Run(ctx context.Context) {
	tick := r.Tick
	if tick <= 0 {
		tick = time.Minute
	}
	t := time.NewTicker(tick)
	defer t.Stop()
	for {
		_ = r.RunDue(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
