package store

import (
	"context"
	"errors"
	"fmt"

	"gorm.io/gorm"

	"anchorpathways/internal/portal"
)

// The recruiters' simple moves: shortlist, not progressed (with a
// structured reason), course started, completed and not completed. Each is
// one moveApplication (scope, lifecycle, version, event) and, where it
// matters to the resident, one message, in one transaction.

// RecruitAction is one simple move a recruiter or coordinator can make,
// alone or in bulk. The values appear in forms.
type RecruitAction string

// The simple moves.
const (
	ActShortlist          RecruitAction = "shortlist"
	ActNotProgress        RecruitAction = "not_progress"
	ActStartCourse        RecruitAction = "start_course"
	ActCompleteCourse     RecruitAction = "complete_course"
	ActCourseNotCompleted RecruitAction = "course_not_completed"
)

// ErrNoReason is returned for a not-progressed move without a known reason.
var ErrNoReason = errors.New("no such not-progressed reason")

// ErrBadAction is returned for an action that is not one of the simple moves,
// or a bulk action on too many applications; pages check both first.
var ErrBadAction = errors.New("no such recruitment action")

// Valid reports whether a is one of the moves above.
func (a RecruitAction) Valid() bool {
	switch a {
	case ActShortlist, ActNotProgress, ActStartCourse, ActCompleteCourse, ActCourseNotCompleted:
		return true
	}
	return false
}

// To is the status the move leads to.
func (a RecruitAction) To() portal.Status {
	switch a {
	case ActShortlist:
		return portal.StatusShortlisted
	case ActStartCourse:
		return portal.StatusCourseStarted
	case ActCompleteCourse:
		return portal.StatusCourseCompleted
	}
	return portal.StatusNotProgressed
}

// NeedsReason reports whether the move takes a portal.Reason.
func (a RecruitAction) NeedsReason() bool { return a == ActNotProgress || a == ActCourseNotCompleted }

// ShortlistApplication puts a sent application on the shortlist and tells
// the resident.
func (s *Store) ShortlistApplication(ctx context.Context, st portal.Staff, t Target, m Messages) (Application, error) {
	return s.recruitMove(ctx, "ShortlistApplication", st, t, ActShortlist, "", m)
}

// NotProgressApplication stops an application with reason (a portal.Reason
// kind), recorded on it for /status, and tells the resident why.
func (s *Store) NotProgressApplication(ctx context.Context, st portal.Staff, t Target, reason string, m Messages) (Application, error) {
	return s.recruitMove(ctx, "NotProgressApplication", st, t, ActNotProgress, reason, m)
}

// StartCourse records that the resident has started the course.
func (s *Store) StartCourse(ctx context.Context, st portal.Staff, t Target, m Messages) (Application, error) {
	return s.recruitMove(ctx, "StartCourse", st, t, ActStartCourse, "", m)
}

// CompleteCourse records that the resident finished the course, which
// owes them the guaranteed interview, and tells them so.
func (s *Store) CompleteCourse(ctx context.Context, st portal.Staff, t Target, m Messages) (Application, error) {
	return s.recruitMove(ctx, "CompleteCourse", st, t, ActCompleteCourse, "", m)
}

// CourseNotCompleted stops an application on the course (only from
// course started) with reason, and tells the resident.
func (s *Store) CourseNotCompleted(ctx context.Context, st portal.Staff, t Target, reason string, m Messages) (Application, error) {
	return s.recruitMove(ctx, "CourseNotCompleted", st, t, ActCourseNotCompleted, reason, m)
}

// RecruitMove makes the simple move act; the bulk page and the application
// page use it so that one form field picks the use case.
func (s *Store) RecruitMove(ctx context.Context, st portal.Staff, t Target, act RecruitAction, reason string, m Messages) (Application, error) {
	if !act.Valid() {
		return Application{}, fmt.Errorf("store: RecruitMove: %w", ErrBadAction)
	}
	return s.recruitMove(ctx, "RecruitMove", st, t, act, reason, m)
}

func (s *Store) recruitMove(ctx context.Context, useCase string, st portal.Staff, t Target, act RecruitAction, reason string, m Messages) (app Application, err error) {
	defer wrap(&err, useCase)
	err = s.tx(ctx, func(tx *gorm.DB) error {
		app, err = recruitMoveTx(tx, s, st, t, act, reason, m)
		return err
	})
	return app, err
}

func recruitMoveTx(tx *gorm.DB, s *Store, st portal.Staff, t Target, act RecruitAction, reason string, m Messages) (Application, error) {
	now := s.now()
	mv := staffMove(st, act.To(), "")
	var why portal.Reason
	if act.NeedsReason() {
		r, ok := portal.ReasonFor(reason)
		if !ok {
			return Application{}, ErrNoReason
		}
		why = r
		mv.note = r.Kind
		mv.set = map[string]any{"stop_reason": r.Kind}
	}
	if act == ActCourseNotCompleted {
		// Only from the course: the lifecycle alone would let any stage stop.
		inner := mv.scope
		mv.scope = func(q *gorm.DB) *gorm.DB {
			return inner(q).Where("applications.status = ?", portal.StatusCourseStarted)
		}
	}
	// Stopping an application that holds or waits for a place gives the
	// place back and offers it on, in this transaction (offers_waitlist.go).
	var before Application
	if act == ActNotProgress {
		if err := mv.scope(tx.Where("applications.id = ?", t.ID)).Take(&before).Error; err != nil {
			return Application{}, notFound(err)
		}
		if before.Version == t.Version {
			if err := beforeLeavingCohort(tx, now, before); err != nil {
				return Application{}, err
			}
		}
	}
	app, err := moveApplication(tx, now, t, mv)
	if err == nil && act == ActNotProgress {
		err = afterLeavingCohort(tx, now, before, m)
	}
	if act == ActCourseNotCompleted && errors.Is(err, portal.ErrNotFound) {
		// In reach but not on the course: say it is the wrong status.
		var n int64
		if e := workableBy(tx.Model(&Application{}), st).Where("applications.id = ?", t.ID).Count(&n).Error; e == nil && n == 1 {
			err = portal.ErrConflict
		}
	}
	if err != nil {
		return app, err
	}
	var subject, body string
	switch act {
	case ActShortlist, ActNotProgress, ActCourseNotCompleted, ActCompleteCourse:
		m, err := m.toResident(tx, app.ResidentID)
		if err != nil {
			return app, err
		}
		var name string
		if err := tx.Table("pathways").Select("name").Where("id = ?", app.PathwayID).Scan(&name).Error; err != nil {
			return app, err
		}
		switch act {
		case ActShortlist:
			subject, body = m.Shortlisted(app, name)
		case ActCompleteCourse:
			subject, body = m.CourseCompleted(app, name)
		default:
			subject, body = m.NotProgressed(app, name, why)
		}
	default:
		return app, nil
	}
	channel, to := app.channel()
	return app, enqueue(tx, now, channel, to, subject, body)
}

// BulkRecruitMove makes act on every target, each in its own transaction,
// so that one that cannot move (wrong status, changed meanwhile, out of
// reach) is reported in its outcome and affects nothing else. Outcomes are
// in the targets' order. At most 200 targets.
func (s *Store) BulkRecruitMove(ctx context.Context, st portal.Staff, targets []Target, act RecruitAction, reason string, m Messages) ([]MoveOutcome, error) {
	if !act.Valid() || len(targets) > 200 {
		return nil, fmt.Errorf("store: BulkRecruitMove: %w", ErrBadAction)
	}
	if act.NeedsReason() {
		if _, ok := portal.ReasonFor(reason); !ok {
			return nil, fmt.Errorf("store: BulkRecruitMove: %w", ErrNoReason)
		}
	}
	out := make([]MoveOutcome, len(targets))
	for i, t := range targets {
		var app Application
		err := s.tx(ctx, func(tx *gorm.DB) error {
			var err error
			app, err = recruitMoveTx(tx, s, st, t, act, reason, m)
			return err
		})
		out[i] = MoveOutcome{Target: t, Reference: app.Ref(), Err: err}
		if err != nil && !errors.Is(err, portal.ErrConflict) && !errors.Is(err, portal.ErrForbidden) && !errors.Is(err, portal.ErrNotFound) {
			return out[:i+1], fmt.Errorf("store: BulkRecruitMove: %w", err)
		}
	}
	return out, nil
}

// Reason is the structured reason an event records (a not-progressed
// move's), for /status; false for any other note, so that free-text notes
// are never shown to the resident: nil for any other note.
func (e ApplicationEvent) Reason() *portal.Reason {
	if e.ToStatus != portal.StatusNotProgressed {
		return nil
	}
	if r, ok := portal.ReasonFor(e.Note); ok {
		return &r
	}
	return nil
}
