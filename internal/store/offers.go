package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/portal"
)

// Why an offer of a place cannot be made. Both are conflicts: the page that
// chose the cohort was right when it was drawn.
var (
	ErrCohortFull        = fmt.Errorf("%w: the cohort has no place left", portal.ErrConflict)
	ErrCohortUnavailable = fmt.Errorf("%w: the cohort is not one this pathway can offer now", portal.ErrConflict)
)

// offerCohort is a cohort with what an offer needs to say about it.
type offerCohort struct {
	Cohort
	OfferWindowDays int
	PathwayID       string
	PathwayName     string
}

// offerableCohort returns cohortID when it runs a course of pathwayID and has
// not started yet. Offers are made after applications close (closes_at), so
// "open" for an offer means the course is still to come.
func offerableCohort(tx *gorm.DB, now time.Time, pathwayID, cohortID string) (offerCohort, error) {
	var c offerCohort
	err := tx.Table("cohorts").
		Select("cohorts.*, courses.pathway_id AS pathway_id, pathways.name AS pathway_name").
		Joins("JOIN courses ON courses.id = cohorts.course_id").
		Joins("JOIN pathways ON pathways.id = courses.pathway_id").
		Where("cohorts.id = ? AND courses.pathway_id = ? AND cohorts.starts_on > ?", cohortID, pathwayID, dbTime(now)).
		Take(&c).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return c, ErrCohortUnavailable
	}
	return c, err
}

// lockCohort takes the cohort's row lock (PostgreSQL; SQLite's immediate
// transactions already hold the database) so that everything deciding who
// gets its places runs one at a time: accepting, freeing and promoting.
// Row locks are always taken link, then cohort, then application.
func lockCohort(tx *gorm.DB, cohortID string) error {
	return tx.Exec("UPDATE cohorts SET version = version WHERE id = ?", cohortID).Error
}

// OfferableCohorts lists the cohorts an offer on the application t may name:
// those of its pathway not started yet, soonest first, for a recruiter who
// may work it (scoped as moves are). Errors: portal.ErrNotFound.
func (s *Store) OfferableCohorts(ctx context.Context, st portal.Staff, appID string) (_ Application, _ []Cohort, err error) {
	defer wrap(&err, "OfferableCohorts")
	var app Application
	db := s.db.WithContext(ctx)
	if err := workableBy(db.Where("applications.id = ?", appID), st).Take(&app).Error; err != nil {
		return app, nil, notFound(err)
	}
	var out []Cohort
	err = db.Where("course_id IN (SELECT id FROM courses WHERE pathway_id = ?) AND starts_on > ?", app.PathwayID, dbTime(s.now())).
		Order("starts_on, id").Find(&out).Error
	return app, out, err
}

// OfferPlace offers the resident of application t a place in cohortID: the
// application moves to place offered (as st, who must be able to work it),
// names the cohort and a reply-by date (now + the cohort's offer window),
// and the resident gets a single-use link to answer by text or email. An
// offer does not hold a place: accepting takes one, first come first served.
// Errors: as moveApplication; ErrCohortUnavailable (not this pathway's, or
// started); ErrCohortFull (no place left).
func (s *Store) OfferPlace(ctx context.Context, st portal.Staff, t Target, cohortID string, m Messages) (app Application, err error) {
	defer wrap(&err, "OfferPlace")
	err = s.tx(ctx, func(tx *gorm.DB) error {
		app, _, err = offerPlace(tx, s.now(), t, cohortID, staffMove(st, portal.StatusPlaceOffered, ""), m)
		return err
	})
	return app, err
}

// OfferPlaces is OfferPlace for each target, each in its own transaction, so
// that one that cannot move (wrong status, changed meanwhile, cohort full)
// is reported with its reason and affects nothing else. An error is returned
// only when the database fails.
func (s *Store) OfferPlaces(ctx context.Context, st portal.Staff, targets []Target, cohortID string, m Messages) ([]MoveOutcome, error) {
	out := make([]MoveOutcome, 0, len(targets))
	for _, t := range targets {
		app, err := s.OfferPlace(ctx, st, t, cohortID, m)
		if err != nil && !isRefusal(err) {
			return out, err
		}
		o := MoveOutcome{Target: t, Reference: app.Ref(), Err: err}
		if o.Reference == "" {
			o.Reference = s.referenceFor(ctx, st, t.ID)
		}
		out = append(out, o)
	}
	return out, nil
}

// isRefusal tells a move refused for a reason from a failing database.
func isRefusal(err error) bool {
	return errors.Is(err, portal.ErrConflict) || errors.Is(err, portal.ErrForbidden) || errors.Is(err, portal.ErrNotFound)
}

// referenceFor is the reference of an application st may work, or "".
func (s *Store) referenceFor(ctx context.Context, st portal.Staff, id string) string {
	var refs []string
	workableBy(s.db.WithContext(ctx).Model(&Application{}).Where("applications.id = ? AND reference IS NOT NULL", id), st).
		Limit(1).Pluck("reference", &refs)
	if len(refs) == 0 {
		return ""
	}
	return refs[0]
}

// offerPlace makes the offer inside tx as mv (a staff move, or the system
// promoting from the waiting list), and returns the link's token too.
func offerPlace(tx *gorm.DB, now time.Time, t Target, cohortID string, mv move, m Messages) (Application, string, error) {
	q := tx.Model(&Application{}).Where("applications.id = ?", t.ID)
	if mv.scope != nil {
		q = mv.scope(q)
	}
	var pathways []string
	if err := q.Limit(1).Pluck("pathway_id", &pathways).Error; err != nil {
		return Application{}, "", err
	}
	if len(pathways) == 0 {
		return Application{}, "", portal.ErrNotFound
	}
	c, err := offerableCohort(tx, now, pathways[0], cohortID)
	if err != nil {
		return Application{}, "", err
	}
	if c.PlacesTaken >= c.Capacity {
		return Application{}, "", ErrCohortFull
	}
	replyBy := dbTime(now.Add(time.Duration(c.OfferWindowDays) * 24 * time.Hour))
	mv.set = map[string]any{"cohort_id": c.ID, "offer_expires_at": replyBy, "waitlisted_at": nil}
	app, err := moveApplication(tx, now, t, mv)
	if err != nil {
		return app, "", err
	}
	app.CohortID = &c.ID
	if err := retireLinks(tx, now, LinkOffer, app.ID); err != nil {
		return app, "", err
	}
	token, err := issueLink(tx, now, LinkOffer, app.ID, replyBy)
	if err != nil {
		return app, "", err
	}
	// The offer goes in the offeree's own language, whoever's answer or
	// withdrawal freed the place.
	m, err = m.In("").toResident(tx, app.ResidentID)
	if err != nil {
		return app, "", err
	}
	channel, to := app.channel()
	subject, body := m.PlaceOffered(c.PathwayName, c.Cohort, replyBy, token)
	return app, token, enqueueSecret(tx, now, channel, to, subject, body, token, replyBy)
}
