package store_test

import (
	"context"
	"errors"
	"testing"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
)

// TestMoveApplicationRules: a move lands only for someone who may work the
// application, only if the lifecycle lets their role make it, and only on
// the version they saw; each landed move is one event.
func TestMoveApplicationRules(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		st := store.New(db)
		ctx := context.Background()
		b := storetest.Pathway(t, st)
		app := storetest.SubmittedApplication(t, st, b)
		other := storetest.Organisation(t, st, portal.KindEmployer)
		own := storetest.Staff(t, st, portal.RoleRecruiter, b.Employer).User.Staff()
		stranger := storetest.Staff(t, st, portal.RoleRecruiter, other).User.Staff()
		provider := storetest.Staff(t, st, portal.RoleHousingOfficer, b.Providers[0]).User.Staff()
		target := store.Target{ID: app.ID, Version: app.Version}

		cases := []struct {
			name string
			by   portal.Staff
			t    store.Target
			to   portal.Status
			want error
		}{
			{"another employer's recruiter", stranger, target, portal.StatusShortlisted, portal.ErrNotFound},
			{"a housing officer", provider, target, portal.StatusShortlisted, portal.ErrNotFound},
			{"no such move", own, target, portal.StatusCourseStarted, portal.ErrConflict},
			{"a resident's move", own, target, portal.StatusWithdrawn, portal.ErrForbidden},
			{"a stale page", own, store.Target{ID: app.ID, Version: app.Version - 1}, portal.StatusShortlisted, portal.ErrConflict},
		}
		for _, c := range cases {
			if _, err := st.StaffMoveForTest(ctx, c.by, c.t, c.to, ""); !errors.Is(err, c.want) {
				t.Errorf("%s: err = %v, want %v", c.name, err, c.want)
			}
		}
		got, err := st.StaffMoveForTest(ctx, own, target, portal.StatusShortlisted, "strong kitchen experience")
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != portal.StatusShortlisted || got.Version != app.Version+1 {
			t.Errorf("after the move: status %s version %d, want shortlisted %d", got.Status, got.Version, app.Version+1)
		}
		// The same page posted again is stale now.
		if _, err := st.StaffMoveForTest(ctx, own, target, portal.StatusNotProgressed, ""); !errors.Is(err, portal.ErrConflict) {
			t.Errorf("second move on the old version: err = %v, want conflict", err)
		}
		var events []store.ApplicationEvent
		if err := db.Where("application_id = ? AND to_status = ?", app.ID, portal.StatusShortlisted).Find(&events).Error; err != nil {
			t.Fatal(err)
		}
		if len(events) != 1 || events[0].Actor != portal.ActorRecruiter || events[0].ActorID != own.ID || events[0].Note != "strong kitchen experience" {
			t.Errorf("events = %+v, want one shortlisting by the recruiter with the note", events)
		}
		closed, err := st.StaffMoveForTest(ctx, own, store.Target{ID: app.ID, Version: got.Version}, portal.StatusNotProgressed, "")
		if err != nil || closed.ClosedAt == nil {
			t.Errorf("not progressed: %v, closed at %v; want closed", err, closed.ClosedAt)
		}
	})
}
