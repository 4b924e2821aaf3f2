package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
)

// TestTwentyBookersOneSlot: twenty residents booking the last time at once:
// one gets it, nineteen are told it has gone and keep a working link.
func TestTwentyBookersOneSlot(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		st := store.New(db)
		ctx := context.Background()
		c := newCrew(t, st, storetest.Places(25))
		apps := make([]store.Application, 20)
		for i := range apps {
			apps[i] = storetest.AtStatus(t, st, c.b, portal.StatusCourseCompleted)
		}
		if n, err := st.PublishInterviewSlot(ctx, c.own, c.b.ID, store.InterviewSlotInput{StartsAt: st.Now().Add(24 * time.Hour), Place: "Video: https://meet.example/abc"}, store.Messages{}); err != nil || n != 20 {
			t.Fatalf("publish = %d, %v; want 20 invited", n, err)
		}
		list, _ := st.InterviewSlots(ctx, c.own.Staff, c.b.ID)
		tokens := make([]string, len(apps))
		for i, a := range apps {
			tokens[i] = oneSecret(t, db, a, "Book your")
		}
		errs := make([]error, len(apps))
		var wg sync.WaitGroup
		for i := range apps {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = st.BookInterview(ctx, tokens[i], list.Slots[0].ID, store.Messages{})
			}()
		}
		wg.Wait()
		won := 0
		for i, err := range errs {
			switch {
			case err == nil:
				won++
			case errors.Is(err, store.ErrSlotTaken):
				if _, err := st.InterviewBookingFor(ctx, tokens[i]); err != nil {
					t.Errorf("a loser's link stopped working: %v", err)
				}
			default:
				t.Errorf("booker %d: %v", i, err)
			}
		}
		var booked int64
		db.Table("interview_slots").Where("application_id IS NOT NULL").Where("pathway_id = ?", c.b.ID).Count(&booked)
		var interviews int64
		db.Table("applications").Where("pathway_id = ? AND status = ?", c.b.ID, portal.StatusInterview).Count(&interviews)
		if won != 1 || booked != 1 || interviews != 1 {
			t.Errorf("won %d, slots booked %d, at interview %d; want 1 each", won, booked, interviews)
		}
	})
}

// TestInviteToInterviewTwoRunsAtOnce: residents who complete the course
// after the times were published are invited by the scheduled job, once
// each, even when two instances run it at the same moment.
func TestInviteToInterviewTwoRunsAtOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		st := store.New(db)
		ctx := context.Background()
		c := newCrew(t, st)
		if _, err := st.PublishInterviewSlot(ctx, c.own, c.b.ID, store.InterviewSlotInput{StartsAt: st.Now().Add(48 * time.Hour), Place: "Room 2"}, store.Messages{}); err != nil {
			t.Fatal(err)
		}
		apps := make([]store.Application, 5)
		for i := range apps {
			apps[i] = storetest.AtStatus(t, st, c.b, portal.StatusCourseCompleted)
		}
		var wg sync.WaitGroup
		ns := make([]int, 2)
		for i := range ns {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var err error
				if ns[i], err = st.InviteToInterview(ctx, store.Messages{}); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if got := ns[0] + ns[1]; got != len(apps) {
			t.Errorf("invited %d in all, want %d", got, len(apps))
		}
		for _, a := range apps {
			oneSecret(t, db, a, "Book your")
		}
	})
}
