package main

import (
	"context"
	"time"

	"anchorpathways/internal/schedule"
	"anchorpathways/internal/store"
)

// jobs is every periodic job the portal runs, in every instance (see package
// schedule for why that is safe). Each area adds its jobs here; msgs words
// what they send.
func jobs(st *store.Store, msgs store.Messages) []schedule.Job {
	return []schedule.Job{
		// Expired sessions, codes and rate-limit rows.
		{Name: "delete-expired", Every: 5 * time.Minute, Run: func(ctx context.Context, _ time.Time) (int, error) {
			return 0, st.DeleteExpired(ctx)
		}},
		// Referrals: the one reminder of a referral not started in 7 days,
		// and each housing officer's weekly digest (claimed per officer and
		// ISO week, so it goes once however many instances run it).
		{Name: "referral-reminders", Every: time.Hour, Run: func(ctx context.Context, _ time.Time) (int, error) {
			return st.RemindReferrals(ctx, msgs)
		}},
		{Name: "referral-digests", Every: time.Hour, Run: func(ctx context.Context, _ time.Time) (int, error) {
			return st.SendReferralDigests(ctx, msgs)
		}},
	}
}
