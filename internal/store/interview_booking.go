package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/portal"
)

// ErrSlotTaken is returned when the chosen interview time went to someone
// else first (or was removed); nothing changed and the link still works.
var ErrSlotTaken = fmt.Errorf("%w: that interview time has just been taken", portal.ErrConflict)

// InterviewBooking is what a resident's interview link shows: only the
// pathway, the time they hold (if any) and the times they may choose.
type InterviewBooking struct {
	PathwayName string
	Booked      *InterviewSlot // nil before the first booking
	Free        []InterviewSlot
}

// Moving reports whether the link is the one that moves a booked time.
func (b InterviewBooking) Moving() bool { return b.Booked != nil }

// bookable reads the application a live interview link is for, checking it
// is still waiting for (course completed) or holding (interview) its slot.
func bookable(tx *gorm.DB, l residentLink) (Application, *InterviewSlot, error) {
	var app Application
	if err := tx.Where("id = ?", l.SubjectID).Take(&app).Error; err != nil {
		return app, nil, notFound(err)
	}
	if app.Status != portal.StatusCourseCompleted && app.Status != portal.StatusInterview {
		return app, nil, ErrLinkUsed // the application has moved on: the link has done its work
	}
	var held []InterviewSlot
	if err := tx.Where("application_id = ?", app.ID).Limit(1).Find(&held).Error; err != nil {
		return app, nil, err
	}
	if len(held) == 1 {
		return app, &held[0], nil
	}
	return app, nil, nil
}

// freeSlots is every free future slot app may book, soonest first.
func freeSlots(tx *gorm.DB, now time.Time, app Application) ([]InterviewSlot, error) {
	var out []InterviewSlot
	q := tx.Where("pathway_id = ? AND application_id IS NULL AND starts_at > ?", app.PathwayID, dbTime(now))
	if app.CohortID != nil {
		q = q.Where("cohort_id IS NULL OR cohort_id = ?", *app.CohortID)
	} else {
		q = q.Where("cohort_id IS NULL")
	}
	err := q.Order("starts_at, id").Find(&out).Error
	return out, err
}

// InterviewBookingFor reads what the interview link token offers, without
// using it. Errors: ErrLinkUnknown, ErrLinkUsed (also when the application
// is no longer waiting for an interview), ErrLinkExpired.
func (s *Store) InterviewBookingFor(ctx context.Context, token string) (b InterviewBooking, err error) {
	defer wrap(&err, "InterviewBookingFor")
	db := s.db.WithContext(ctx)
	now := s.now()
	l, err := readLink(db, now, LinkInterview, token)
	if err != nil {
		return b, err
	}
	app, held, err := bookable(db, l)
	if err != nil {
		return b, err
	}
	var p Pathway
	if err := db.Where("id = ?", app.PathwayID).Take(&p).Error; err != nil {
		return b, err
	}
	b.PathwayName, b.Booked = p.Name, held
	b.Free, err = freeSlots(db, now, app)
	return b, err
}

// BookInterview uses the interview link token to take slot slotID for its
// application, with one conditional UPDATE, so a slot never goes to two
// people. A first booking moves the application from course completed to
// interview (the resident's move) and texts the time with a fresh link that
// moves it once; booking with that link gives up the old time and texts
// the new one, with no further link. Errors: ErrLinkUnknown, ErrLinkUsed,
// ErrLinkExpired; ErrSlotTaken (the time went first: nothing changed and
// the link still works).
func (s *Store) BookInterview(ctx context.Context, token, slotID string, m Messages) (slot InterviewSlot, err error) {
	defer wrap(&err, "BookInterview")
	now := s.now()
	err = s.tx(ctx, func(tx *gorm.DB) error {
		l, err := spendLink(tx, now, LinkInterview, token)
		if err != nil {
			return err
		}
		app, held, err := bookable(tx, l)
		if err != nil {
			return err
		}
		if held != nil {
			if err := tx.Model(&InterviewSlot{}).Where("id = ? AND application_id = ?", held.ID, app.ID).
				Updates(map[string]any{"application_id": nil, "booked_at": nil}).Error; err != nil {
				return err
			}
		}
		cohort := ""
		if app.CohortID != nil {
			cohort = *app.CohortID
		}
		res := tx.Model(&InterviewSlot{}).
			Where("id = ? AND pathway_id = ? AND application_id IS NULL AND starts_at > ?", slotID, app.PathwayID, dbTime(now)).
			Where("cohort_id IS NULL OR cohort_id = ?", cohort).
			Updates(map[string]any{"application_id": app.ID, "booked_at": dbTime(now)})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return ErrSlotTaken
		}
		if err := tx.Where("id = ?", slotID).Take(&slot).Error; err != nil {
			return err
		}
		var p Pathway
		if err := tx.Where("id = ?", app.PathwayID).Take(&p).Error; err != nil {
			return err
		}
		m, err := m.toResident(tx, app.ResidentID)
		if err != nil {
			return err
		}
		channel, to := app.channel()
		if held != nil {
			subject, body := m.InterviewMoved(p.Name, slot)
			return enqueue(tx, now, channel, to, subject, body)
		}
		if app.Status == portal.StatusCourseCompleted {
			if _, err := moveApplication(tx, now, Target{ID: app.ID, Version: app.Version},
				move{actor: portal.ActorResident, to: portal.StatusInterview, note: "booked by link"}); err != nil {
				return err
			}
		}
		moveToken, err := issueLink(tx, now, LinkInterview, app.ID, slot.StartsAt)
		if err != nil {
			return err
		}
		subject, body := m.InterviewBooked(p.Name, slot, moveToken)
		return enqueueSecret(tx, now, channel, to, subject, body, moveToken, slot.StartsAt)
	})
	return slot, err
}
