package main

import (
	"context"
	"time"

	"anchorpathways/internal/schedule"
	"anchorpathways/internal/store"
)

// jobs is every periodic job the portal runs, in every instance (see package
// schedule for why that is safe). Each area adds its jobs here; m words the
// messages jobs send.
func jobs(st *store.Store, m store.Messages) []schedule.Job {
	return []schedule.Job{
		// Expired sessions, codes and rate-limit rows.
		{Name: "delete-expired", Every: 5 * time.Minute, Run: func(ctx context.Context, _ time.Time) (int, error) {
			return 0, st.DeleteExpired(ctx)
		}},
		// Offers of a place past their reply-by date end, and the places they
		// leave free go to the waiting lists.
		{Name: "expire-offers", Every: time.Minute, Run: func(ctx context.Context, _ time.Time) (int, error) {
			return st.ExpireOffers(ctx, m)
		}},
		// The guaranteed interview: a booking link to each resident who has
		// completed the course, once, when there are slots to book.
		{Name: "interview-invite", Every: 5 * time.Minute, Run: func(ctx context.Context, _ time.Time) (int, error) {
			return st.InviteToInterview(ctx, m)
		}},
		// "Still working there?" at 13 and 26 weeks after a job starts.
		{Name: "check-in-work", Every: time.Hour, Run: func(ctx context.Context, _ time.Time) (int, error) {
			return st.CheckInWork(ctx, m)
		}},
		// Referrals: the one reminder of a referral not started in 7 days,
		// and each housing officer's weekly digest (claimed per officer and
		// ISO week, so it goes once however many instances run it).
		{Name: "referral-reminders", Every: time.Hour, Run: func(ctx context.Context, _ time.Time) (int, error) {
			return st.RemindReferrals(ctx, m)
		}},
		{Name: "referral-digests", Every: time.Hour, Run: func(ctx context.Context, _ time.Time) (int, error) {
			return st.SendReferralDigests(ctx, m)
		}},
		// Retention (issue 9): hourly, but the day is claimed, so each day's
		// sweep runs once across every instance.
		{Name: "retention", Every: time.Hour, Run: func(ctx context.Context, _ time.Time) (int, error) {
			r, err := st.RunRetention(ctx)
			return r.Total(), err
		}},
	}
}
