package schedule

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestRunDueHonoursIntervalsAndRetriesFailures(t *testing.T) {
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	var hourly, daily, flaky int
	fail := true
	r := &Runner{Clock: func() time.Time { return now }, Jobs: []Job{
		{Name: "hourly", Every: time.Hour, Run: func(context.Context, time.Time) (int, error) { hourly++; return 1, nil }},
		{Name: "daily", Every: 24 * time.Hour, Run: func(context.Context, time.Time) (int, error) { daily++; return 0, nil }},
		{Name: "flaky", Every: 24 * time.Hour, Run: func(context.Context, time.Time) (int, error) {
			flaky++
			if fail {
				return 0, errors.New("database away")
			}
			return 0, nil
		}},
	}}
	ctx := context.Background()
	if err := r.RunDue(ctx); err == nil {
		t.Fatal("RunDue hid the flaky job's error")
	}
	now = now.Add(30 * time.Minute)
	fail = false
	if err := r.RunDue(ctx); err != nil {
		t.Fatal(err)
	}
	now = now.Add(31 * time.Minute)
	if err := r.RunDue(ctx); err != nil {
		t.Fatal(err)
	}
	if got, want := [3]int{hourly, daily, flaky}, [3]int{2, 1, 2}; got != want {
		t.Errorf("runs (hourly, daily, flaky) = %v, want %v", got, want)
	}
}
