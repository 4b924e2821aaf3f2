package store

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/database"
	"anchorpathways/internal/portal"
)

// Sending an application: the one use case on the hot path of a rush, kept
// apart from the rest of the application aggregate (applications.go).

// Submission is what a submitted application's confirmation needs.
type Submission struct {
	Application
	PathwayName string
	Cohort      *Cohort
	// Fresh is false when the application had already been submitted (a
	// double-tapped button, a second tab): nothing new happened.
	Fresh bool
}

// ErrPathwayClosed is returned when a draft is sent after its pathway
// stopped taking applications, or after its chosen cohort's closing time.
var ErrPathwayClosed = fmt.Errorf("%w: applications have closed", portal.ErrConflict)

// SubmitCheck is a caller's condition on a draft about to be sent, run on the
// draft SubmitApplication has just read (so it costs no query): a non-nil
// error stops the send.
type SubmitCheck func(Application) error

// NotReadyError is SubmitApplication's answer when a SubmitCheck refused the
// draft: nothing was written. Application is the draft as read, so that the
// caller can say what is missing without reading it again.
type NotReadyError struct {
	Application Application
	Err         error
}

func (e *NotReadyError) Error() string { return "draft not ready to send: " + e.Err.Error() }

// Unwrap keeps errors.Is working on the check's own error.
func (e *NotReadyError) Unwrap() error { return e.Err }

// SubmitApplication moves a draft to submitted, gives it a reference, records
// the change and queues a confirmation to the resident, atomically. The
// resident whose session holds the draft may call it. Submitting twice, or
// from ten requests at once, yields one submission: the others get the same
// application back with Fresh false. Each check runs on the draft before
// anything is written (not on an application already sent).
//
// Errors: portal.ErrNotFound when there is no such application;
// *NotReadyError when a check refused the draft; ErrPathwayClosed (a
// portal.ErrConflict) when its pathway is closed or its chosen cohort has
// closed for applications, checked again in the writing statement so that a
// pathway closed meanwhile is never written to; others are the database's.
// All name the use case.
//
// It makes two round trips on PostgreSQL (one read, one statement that
// writes the application, its event and its message) and six on SQLite,
// which cannot write several tables in one statement but has no network.
func (s *Store) SubmitApplication(ctx context.Context, id string, m Messages, checks ...SubmitCheck) (Submission, error) {
	out, err := s.submit(ctx, id, m, nil, checks)
	wrap(&err, "SubmitApplication")
	return out, err
}

// SubmitApplicationSharing is SubmitApplication for a resident who answered,
// on sending, whether their housing provider may see how the application is
// going: the answer is written in the same statement (or transaction) that
// sends it, and only if this call sent it.
func (s *Store) SubmitApplicationSharing(ctx context.Context, id string, m Messages, share bool, checks ...SubmitCheck) (Submission, error) {
	out, err := s.submit(ctx, id, m, &share, checks)
	wrap(&err, "SubmitApplicationSharing")
	return out, err
}

// submissionRow is an application with what its confirmation needs, read in
// one query: the pathway's name and prefix and, when chosen, the cohort.
type submissionRow struct {
	Application
	PathwayName string
	RefPrefix   string
	PathwayOpen bool
	Cohort      Cohort `gorm:"embedded;embeddedPrefix:c_"`
}

const submissionQuery = `SELECT applications.*, pathways.name AS pathway_name, pathways.ref_prefix AS ref_prefix,
  pathways.is_open AS pathway_open,
  cohorts.id AS c_id, cohorts.course_id AS c_course_id, cohorts.starts_on AS c_starts_on, cohorts.ends_on AS c_ends_on,
  cohorts.closes_at AS c_closes_at, cohorts.venue_name AS c_venue_name, cohorts.venue_address AS c_venue_address,
  cohorts.venue_postcode AS c_venue_postcode, cohorts.capacity AS c_capacity, cohorts.places_taken AS c_places_taken,
  cohorts.version AS c_version, cohorts.created_at AS c_created_at, cohorts.updated_at AS c_updated_at
FROM applications
JOIN pathways ON pathways.id = applications.pathway_id
LEFT JOIN cohorts ON cohorts.id = applications.cohort_id
WHERE applications.id = ?`

// readSubmission loads an application for SubmitApplication, with its
// pathway's reference prefix and whether it takes applications at now;
// ErrNotFound when there is none.
func (s *Store) readSubmission(ctx context.Context, id string, now time.Time) (Submission, string, bool, error) {
	var rows []submissionRow
	if err := s.db.WithContext(ctx).Raw(submissionQuery, id).Scan(&rows).Error; err != nil {
		return Submission{}, "", false, err
	}
	if len(rows) == 0 {
		return Submission{}, "", false, portal.ErrNotFound
	}
	r := rows[0]
	out := Submission{Application: r.Application, PathwayName: r.PathwayName}
	if r.CohortID != nil && r.Cohort.ID != "" {
		c := r.Cohort
		out.Cohort = &c
	}
	open := r.PathwayOpen && (out.Cohort == nil || out.Cohort.ClosesAt.After(now))
	return out, r.RefPrefix, open, nil
}

// stillOpen is the writing statements' own condition that the draft's
// pathway is open and its chosen cohort (if any) not closed: the read's
// answer could be stale by the time of the write. Its ? is now.
const stillOpen = `EXISTS (SELECT 1 FROM pathways WHERE pathways.id = applications.pathway_id AND pathways.is_open = TRUE)
  AND (applications.cohort_id IS NULL OR EXISTS (SELECT 1 FROM cohorts WHERE cohorts.id = applications.cohort_id AND cohorts.closes_at > ?))`

// submitPostgres is the one statement that sends an application on
// PostgreSQL: the conditional UPDATE takes the draft, and the event and the
// message are written only when it did. One statement is one transaction.
const submitPostgres = `WITH up AS (
  UPDATE applications SET status = ?, reference = ?, submitted_at = ?, version = version + 1, updated_at = ?, fit_score = ?, sectors_done = ?,
    share_progress = COALESCE(CAST(? AS BOOLEAN), share_progress)
  WHERE id = ? AND status = ? AND ` + stillOpen + ` RETURNING id
), ev AS (
  INSERT INTO application_events (id, application_id, from_status, to_status, actor, actor_id, note, created_at)
  SELECT CAST(? AS TEXT), up.id, CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), '', '', CAST(? AS TIMESTAMP) FROM up
), msg AS (
  INSERT INTO outbox (id, channel, recipient, subject, body, status, attempts, next_attempt_at, last_error, created_at)
  SELECT CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), 0,
    CAST(? AS TIMESTAMP), '', CAST(? AS TIMESTAMP) FROM up
)
SELECT id FROM up`

// submit sends the draft; share, when not nil, is the resident's answer on
// sharing progress (nil leaves the draft's as it is).
func (s *Store) submit(ctx context.Context, id string, m Messages, share *bool, checks []SubmitCheck) (Submission, error) {
	out, prefix, open, err := s.readSubmission(ctx, id, s.now())
	if err != nil || out.Status != portal.StatusDraft {
		return out, err
	}
	for _, check := range checks {
		if err := check(out.Application); err != nil {
			return out, &NotReadyError{Application: out.Application, Err: err}
		}
	}
	if !open {
		return out, ErrPathwayClosed
	}
	if err := portal.Transition(portal.StatusDraft, portal.StatusSubmitted, portal.ActorResident); err != nil {
		return out, err
	}
	draft := out
	for attempt := 0; attempt < 3; attempt++ {
		ref, err := portal.NewReference(prefix, rand.Reader)
		if err != nil {
			return out, err
		}
		now := s.now()
		out = draft
		out.Status, out.Reference, out.SubmittedAt, out.Fresh = portal.StatusSubmitted, &ref, &now, true
		out.Version, out.UpdatedAt = draft.Version+1, now
		if share != nil {
			out.ShareProgress = *share
		}
		channel, to := out.channel()
		subject, body := m.Submitted(out)
		if strings.TrimSpace(to) == "" {
			return draft, errors.New("no contact to confirm to")
		}
		var took bool
		if database.DialectOf(s.db) == database.Postgres {
			took, err = s.submitOneStatement(ctx, id, ref, now, fitScore(draft.Application), sectorsDone(draft.Application), share, channel, to, subject, body)
		} else {
			took, err = s.submitInTx(ctx, id, ref, now, fitScore(draft.Application), sectorsDone(draft.Application), share, channel, to, subject, body)
		}
		switch {
		case database.IsUniqueViolation(err):
			continue // the reference collided: draw another
		case err != nil:
			return draft, err
		case !took:
			// Someone else submitted it between our read and write, or the
			// pathway closed meanwhile (then it is still a draft).
			again, _, _, err := s.readSubmission(ctx, id, now)
			if err == nil && again.Status == portal.StatusDraft {
				return again, ErrPathwayClosed
			}
			return again, err
		}
		return out, nil
	}
	return draft, errors.New("could not draw a unique reference")
}

// submitOneStatement sends the draft with submitPostgres and reports
// whether this call was the one that took it.
func (s *Store) submitOneStatement(ctx context.Context, id, ref string, now time.Time, fit int, sectors string, share *bool, channel, to, subject, body string) (bool, error) {
	t := dbTime(now)
	var ids []string
	err := s.db.WithContext(ctx).Raw(submitPostgres,
		portal.StatusSubmitted, ref, now, now, fit, sectors, share, id, portal.StatusDraft, now,
		portal.NewID(), portal.StatusDraft, portal.StatusSubmitted, portal.ActorResident, now,
		portal.NewID(), channel, to, subject, body, OutboxPending, t, t,
	).Scan(&ids).Error
	return len(ids) == 1, err
}

// submitInTx is submitOneStatement for SQLite: the same three writes, in
// one transaction.
func (s *Store) submitInTx(ctx context.Context, id, ref string, now time.Time, fit int, sectors string, share *bool, channel, to, subject, body string) (bool, error) {
	var took bool
	set := map[string]any{
		"status": portal.StatusSubmitted, "reference": ref, "submitted_at": now,
		"version": gorm.Expr("version + 1"), "updated_at": now, "fit_score": fit, "sectors_done": sectors,
	}
	if share != nil {
		set["share_progress"] = *share
	}
	err := s.tx(ctx, func(tx *gorm.DB) error {
		res := tx.Model(&Application{}).Where("id = ? AND status = ? AND "+stillOpen, id, portal.StatusDraft, now).Updates(set)
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error
		}
		took = true
		if err := recordEvent(tx, now, id, portal.StatusDraft, portal.StatusSubmitted, portal.ActorResident, "", ""); err != nil {
			return err
		}
		return enqueue(tx, now, channel, to, subject, body)
	})
	return took && err == nil, err
}

// fitScore is the application's portal.FitScore for its own pathway.
func fitScore(a Application) int { return portal.FitScore(a.Routing, a.PathwayID) }

// sectorsDone is the application's portal.SectorsDone.
func sectorsDone(a Application) string { return portal.SectorsDone(a.Answers.Sectors) }
