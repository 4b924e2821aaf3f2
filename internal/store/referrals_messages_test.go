package store_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
)

// Referral messages: reminders and resends go once; the officers' weekly
// digest goes once a week and keeps withheld progress out.

func TestReferralRemindersAndResendGoOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		w := newReferralWorld(t, db)
		ctx := context.Background()
		msgs := store.Messages{BaseURL: "http://portal.test"}
		c := storetest.Contact()
		out := w.refer(t, w.officer, c)
		count := func() int64 {
			var n int64
			db.Table("outbox").Where("recipient = ?", c.Mobile).Count(&n)
			return n
		}
		if n, err := w.s.RemindReferrals(ctx, msgs); err != nil || n != 0 {
			t.Errorf("reminders before 7 days = %d, %v", n, err)
		}
		w.clk.add(store.ReferralRemindAfter)
		var wg sync.WaitGroup
		sent := make([]int, 2)
		for i := range sent {
			wg.Add(1)
			go func() {
				defer wg.Done()
				n, err := w.s.RemindReferrals(ctx, msgs)
				if err != nil {
					t.Error(err)
				}
				sent[i] = n
			}()
		}
		wg.Wait()
		if sent[0]+sent[1] != 1 || count() != 2 {
			t.Errorf("reminders sent = %v, messages = %d; want one reminder after the first text", sent, count())
		}
		w.clk.add(time.Minute) // the newest message is the latest one
		if err := w.s.ResendReferral(ctx, w.officer, out.ID, msgs); err != nil {
			t.Fatal(err)
		}
		if err := w.s.ResendReferral(ctx, w.officer, out.ID, msgs); !errors.Is(err, portal.ErrConflict) {
			t.Errorf("second resend: %v, want ErrConflict", err)
		}
		if count() != 3 {
			t.Errorf("messages = %d, want 3", count())
		}
		// Only the newest link works.
		if _, _, err := w.s.TakeUpReferral(ctx, linkTo(t, w.s, c.Mobile), store.TakingUp{PathwayID: w.b.ID, Over18: true, RightToWork: true}); err != nil {
			t.Errorf("newest link: %v", err)
		}
	})
}

func TestReferralDigestOncePerOfficerPerWeek(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		w := newReferralWorld(t, db)
		ctx := context.Background()
		msgs := store.Messages{BaseURL: "http://portal.test"}
		w.refer(t, w.officer, storetest.Contact())
		quiet := storetest.Staff(t, w.s, portal.RoleHousingOfficer, w.provider).User.Staff()
		w.refer(t, quiet, storetest.Contact())
		if err := w.s.SetReferralDigest(ctx, quiet, false); err != nil {
			t.Fatal(err)
		}
		run := func() int {
			var wg sync.WaitGroup
			sent := make([]int, 2)
			for i := range sent {
				wg.Add(1)
				go func() {
					defer wg.Done()
					n, err := w.s.SendReferralDigests(ctx, msgs)
					if err != nil {
						t.Error(err)
					}
					sent[i] = n
				}()
			}
			wg.Wait()
			return sent[0] + sent[1]
		}
		if got := run(); got != 1 {
			t.Errorf("digests this week = %d, want 1 (the officer who turned it off gets none)", got)
		}
		w.clk.add(time.Hour)
		if got := run(); got != 0 {
			t.Errorf("digests later the same week = %d, want 0", got)
		}
		var n int64
		db.Table("outbox").Where("recipient = ? AND subject = ?", w.officer.Email, "Your referrals this week").Count(&n)
		if n != 1 {
			t.Errorf("emails to the officer = %d, want 1", n)
		}
		w.clk.add(7 * 24 * time.Hour)
		if got := run(); got != 1 {
			t.Errorf("digests next week = %d, want 1", got)
		}
	})
}

// The digest says what moved only as far as the tenant lets the officer
// see: a withholding tenant's shortlisting is not news to them.
func TestReferralDigestKeepsWithheldProgressOut(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		w := newReferralWorld(t, db)
		ctx := context.Background()
		moved := func(name string, share bool) {
			c := storetest.Contact()
			c.FullName = name
			w.refer(t, w.officer, c)
			app, _, err := w.s.TakeUpReferral(ctx, linkTo(t, w.s, c.Mobile), store.TakingUp{PathwayID: w.b.ID, Over18: true, RightToWork: true, ShareProgress: share})
			if err != nil {
				t.Fatal(err)
			}
			db.Table("applications").Where("id = ?", app.ID).Update("status", portal.StatusShortlisted)
			db.Exec(`INSERT INTO application_events (id, application_id, from_status, to_status, actor, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
				portal.NewID(), app.ID, portal.StatusSubmitted, portal.StatusShortlisted, portal.ActorRecruiter, w.clk.now())
		}
		moved("Shared Tenant", true)
		moved("Withheld Tenant", false)
		if n, err := w.s.SendReferralDigests(ctx, store.Messages{}); err != nil || n != 1 {
			t.Fatalf("digests = %d, %v; want 1", n, err)
		}
		var body string
		db.Table("outbox").Select("body").Where("recipient = ? AND subject = ?", w.officer.Email, "Your referrals this week").Scan(&body)
		if !strings.Contains(body, "Shared Tenant: Shortlisted") {
			t.Errorf("digest misses the consenting tenant's move:\n%s", body)
		}
		if strings.Contains(body, "Withheld Tenant") {
			t.Errorf("digest tells of the withholding tenant's move:\n%s", body)
		}
	})
}
