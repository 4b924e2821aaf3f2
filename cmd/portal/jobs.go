package main

import (
	"context"
	"time"

	"anchorpathways/internal/schedule"
	"anchorpathways/internal/store"
)

// jobs is every periodic job the portal runs, in every instance (see package
// schedule for why that is safe). Each area adds its jobs here.
func jobs(st *store.Store) []schedule.Job {
	return []schedule.Job{
		// Expired sessions, codes and rate-limit rows.
		{Name: "delete-expired", Every: 5 * time.Minute, Run: func(ctx context.Context, _ time.Time) (int, error) {
			return 0, st.DeleteExpired(ctx)
		}},
		// Retention (issue 9): hourly, but the day is claimed, so each day's
		// sweep runs once across every instance.
		{Name: "retention", Every: time.Hour, Run: func(ctx context.Context, _ time.Time) (int, error) {
			r, err := st.RunRetention(ctx)
			return r.Total(), err
		}},
	}
}
