package storetest

import (
	"context"
	"slices"
	"testing"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
)

// AtStatus submits an application to b and puts it at status, for tests
// only: the moves before status that have no store use case on this branch
// are written straight to the database (status, version and one event per
// step, as moveApplication would), so a test can start from, say, course
// completed. Product code never sets a status this way. From job started on
// the job start date is set to jobStarted (today when zero).
func AtStatus(t testing.TB, st *store.Store, b Built, status portal.Status, jobStarted ...time.Time) store.Application {
	t.Helper()
	app := SubmittedApplication(t, st, b)
	path := []portal.Status{portal.StatusSubmitted, portal.StatusShortlisted, portal.StatusPlaceOffered, portal.StatusPlaceAccepted,
		portal.StatusCourseStarted, portal.StatusCourseCompleted, portal.StatusInterview, portal.StatusJobOffered,
		portal.StatusJobStarted, portal.StatusInWork13, portal.StatusInWork26}
	end := slices.Index(path, status)
	if end < 0 {
		t.Fatalf("storetest.AtStatus: %s is not on the way to work", status)
	}
	now := st.Now()
	started := now
	if len(jobStarted) > 0 && !jobStarted[0].IsZero() {
		started = jobStarted[0]
	}
	err := st.DB().WithContext(context.Background()).Transaction(func(tx *gorm.DB) error {
		for i := 1; i <= end; i++ {
			if err := tx.Create(&store.ApplicationEvent{ID: portal.NewID(), ApplicationID: app.ID, FromStatus: path[i-1],
				ToStatus: path[i], Actor: portal.ActorSystem, Note: "storetest", CreatedAt: now}).Error; err != nil {
				return err
			}
		}
		set := map[string]any{"status": status, "version": app.Version + end, "updated_at": now}
		if end >= slices.Index(path, portal.StatusJobOffered) {
			set["job_kind"] = string(portal.JobSubstantive)
		}
		if end >= slices.Index(path, portal.StatusJobStarted) {
			set["job_started_on"] = started.UTC().Truncate(time.Microsecond)
		}
		return tx.Model(&store.Application{}).Where("id = ?", app.ID).Updates(set).Error
	})
	if err != nil {
		t.Fatalf("storetest.AtStatus: %v", err)
	}
	app.Status, app.Version = status, app.Version+end
	return app
}

// InterviewSlot publishes an interview time for b's pathway, a week ahead,
// as a coordinator, and returns it.
func InterviewSlot(t testing.TB, st *store.Store, b Built) store.InterviewSlot {
	t.Helper()
	ctx := context.Background()
	by := store.Actor{Staff: Staff(t, st, portal.RoleCoordinator, store.Organisation{}).User.Staff()}
	at := st.Now().Add(7 * 24 * time.Hour).Truncate(time.Minute)
	place := Unique("Room")
	if _, err := st.PublishInterviewSlot(ctx, by, b.ID, store.InterviewSlotInput{StartsAt: at, Place: place}, store.Messages{}); err != nil {
		t.Fatalf("storetest.InterviewSlot: %v", err)
	}
	slots, err := st.InterviewSlots(ctx, by.Staff, b.ID)
	if err != nil {
		t.Fatalf("storetest.InterviewSlot: %v", err)
	}
	for _, s := range slots.Slots {
		if s.Place == place {
			return s.InterviewSlot
		}
	}
	t.Fatal("storetest.InterviewSlot: the slot published is not listed")
	return store.InterviewSlot{}
}
