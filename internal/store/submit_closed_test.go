package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
)

// TestSubmitRefusesAClosedPathway sends drafts whose pathway stopped taking
// applications, before the send or between its read and its write (a check
// that closes it), and checks that the send is refused with ErrPathwayClosed
// and writes nothing: still a draft, no reference, no event, no message.
func TestSubmitRefusesAClosedPathway(t *testing.T) {
	closePathway := func(db *gorm.DB, b storetest.Built) error {
		return db.Exec("UPDATE pathways SET is_open = ? WHERE id = ?", false, b.ID).Error
	}
	closeCohort := func(db *gorm.DB, b storetest.Built) error {
		return db.Exec("UPDATE cohorts SET closes_at = ? WHERE id = ?", time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC), b.Cohort.ID).Error
	}
	cases := []struct {
		name         string
		before       func(*gorm.DB, storetest.Built) error // before the send
		meanwhile    func(*gorm.DB, storetest.Built) error // after its read, before its write
		wantErr      error
		wantStatus   portal.Status
		wantMessages int64
	}{
		{name: "open", wantStatus: portal.StatusSubmitted, wantMessages: 1},
		{name: "pathway closed", before: closePathway, wantErr: store.ErrPathwayClosed, wantStatus: portal.StatusDraft},
		{name: "cohort closed for applications", before: closeCohort, wantErr: store.ErrPathwayClosed, wantStatus: portal.StatusDraft},
		{name: "pathway closed while sending", meanwhile: closePathway, wantErr: store.ErrPathwayClosed, wantStatus: portal.StatusDraft},
		{name: "cohort closed while sending", meanwhile: closeCohort, wantErr: store.ErrPathwayClosed, wantStatus: portal.StatusDraft},
	}
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				ctx := context.Background()
				s, b := built(t, db, newClock())
				contact := storetest.Contact()
				app := storetest.Draft(t, s, b, contact)
				if tc.before != nil {
					if err := tc.before(db, b); err != nil {
						t.Fatal(err)
					}
				}
				var checks []store.SubmitCheck
				if tc.meanwhile != nil {
					checks = append(checks, func(store.Application) error { return tc.meanwhile(db, b) })
				}
				_, err := s.SubmitApplication(ctx, app.ID, store.Messages{}, checks...)
				if !errors.Is(err, tc.wantErr) || (tc.wantErr == nil && err != nil) {
					t.Fatalf("SubmitApplication: got error %v, want %v", err, tc.wantErr)
				}
				if tc.wantErr != nil && !errors.Is(err, portal.ErrConflict) {
					t.Errorf("got %v, want it to be a portal.ErrConflict too", err)
				}
				got, err := s.ApplicationByID(ctx, app.ID)
				if err != nil {
					t.Fatal(err)
				}
				if got.Status != tc.wantStatus {
					t.Errorf("status: got %q, want %q", got.Status, tc.wantStatus)
				}
				if tc.wantStatus == portal.StatusDraft && (got.Reference != nil || got.SubmittedAt != nil || got.Version != app.Version) {
					t.Errorf("refused send changed the draft: reference %v, submitted %v, version %d (was %d)", got.Reference, got.SubmittedAt, got.Version, app.Version)
				}
				var events, messages int64
				db.Table("application_events").Where("application_id = ? AND to_status = ?", app.ID, portal.StatusSubmitted).Count(&events)
				db.Table("outbox").Where("recipient = ?", contact.Mobile).Count(&messages)
				if events != tc.wantMessages || messages != tc.wantMessages {
					t.Errorf("got %d events and %d messages, want %d of each", events, messages, tc.wantMessages)
				}
			})
		}
	})
}

// TestSubmitChecksRefuseWithTheDraft checks that a SubmitCheck's error
// comes back as a *NotReadyError carrying the draft as read, and that
// nothing is written; checks do not run on an application already sent.
func TestSubmitChecksRefuseWithTheDraft(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		s, b := built(t, db, newClock())
		app := storetest.Draft(t, s, b)
		errIncomplete := errors.New("incomplete")
		refuse := func(store.Application) error { return errIncomplete }
		_, err := s.SubmitApplication(ctx, app.ID, store.Messages{}, refuse)
		var nr *store.NotReadyError
		if !errors.As(err, &nr) || !errors.Is(err, errIncomplete) {
			t.Fatalf("got %v, want a *store.NotReadyError wrapping the check's error", err)
		}
		if got, want := nr.Application.ID, app.ID; got != want {
			t.Errorf("NotReadyError names application %q, want %q", got, want)
		}
		if got, _ := s.ApplicationByID(ctx, app.ID); got.Status != portal.StatusDraft {
			t.Errorf("status after a refused send: got %q, want draft", got.Status)
		}
		if _, err := s.SubmitApplication(ctx, app.ID, store.Messages{}); err != nil {
			t.Fatalf("send: %v", err)
		}
		sub, err := s.SubmitApplication(ctx, app.ID, store.Messages{}, refuse)
		if err != nil || sub.Fresh || sub.Status != portal.StatusSubmitted {
			t.Errorf("second send with a refusing check: got fresh %v, status %q, error %v; want the sent application, no error", sub.Fresh, sub.Status, err)
		}
	})
}
