package store

import (
	"cmp"
	"errors"
	"slices"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/portal"
)

// waitlisted is one application on a cohort's waiting list.
type waitlisted struct {
	ID           string
	PathwayID    string
	Version      int
	Routing      []portal.Suggestion `gorm:"serializer:json"`
	WaitlistedAt *time.Time
}

// score is the application's routing score for its own pathway: the rank
// the pool shows.
func (w waitlisted) score() int {
	for _, s := range w.Routing {
		if s.PathwayID == w.PathwayID {
			return s.Score
		}
	}
	return 0
}

// promoteWaitlist offers the cohort's free places to its waiting list inside
// tx: a place is free when it is neither taken nor already offered to
// someone who may still take it. The best ranked go first, then those who
// have waited longest. Each gets a new offer with its own reply-by date. It
// returns how many were offered a place. The caller holds the cohort's lock.
func promoteWaitlist(tx *gorm.DB, now time.Time, cohortID string, m Messages) (int, error) {
	var c Cohort
	if err := tx.Where("id = ?", cohortID).Take(&c).Error; err != nil {
		return 0, err
	}
	var offered int64
	if err := tx.Model(&Application{}).Where("cohort_id = ? AND status = ?", cohortID, portal.StatusPlaceOffered).
		Count(&offered).Error; err != nil {
		return 0, err
	}
	free := c.Capacity - c.PlacesTaken - int(offered)
	if free <= 0 {
		return 0, nil
	}
	var list []waitlisted
	if err := tx.Table("applications").Select("id, pathway_id, version, routing, waitlisted_at").
		Where("cohort_id = ? AND status = ?", cohortID, portal.StatusWaitlisted).Find(&list).Error; err != nil {
		return 0, err
	}
	slices.SortFunc(list, func(a, b waitlisted) int {
		if d := cmp.Compare(b.score(), a.score()); d != 0 {
			return d
		}
		if d := compareTimes(a.WaitlistedAt, b.WaitlistedAt); d != 0 {
			return d
		}
		return cmp.Compare(a.ID, b.ID)
	})
	n := 0
	for _, w := range list {
		if n == free {
			break
		}
		mv := move{actor: portal.ActorSystem, to: portal.StatusPlaceOffered, note: "a place came free"}
		_, _, err := offerPlace(tx, now, Target{ID: w.ID, Version: w.Version}, cohortID, mv, m)
		switch {
		case errors.Is(err, ErrCohortUnavailable):
			return n, nil // the course has started: nothing more to offer
		case errors.Is(err, portal.ErrConflict):
			continue // changed meanwhile; the next in line gets it
		case err != nil:
			return n, err
		}
		n++
	}
	return n, nil
}

// compareTimes orders known times first, earliest first.
func compareTimes(a, b *time.Time) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	}
	return a.Compare(*b)
}

// holdsPlace reports whether an application in status s has or is waiting
// for a place in its cohort, so that leaving must settle the cohort.
func holdsPlace(s portal.Status) bool {
	return s == portal.StatusPlaceOffered || s == portal.StatusPlaceAccepted || s == portal.StatusWaitlisted
}

// beforeLeavingCohort is called inside tx before app (as read) is moved out
// of its cohort (withdrawn, not progressed): it ends its offer link and
// takes the cohort's lock, in the order every place-deciding change takes
// them. A no-op for an application that holds no place.
func beforeLeavingCohort(tx *gorm.DB, now time.Time, app Application) error {
	if app.CohortID == nil || !holdsPlace(app.Status) {
		return nil
	}
	if err := retireLinks(tx, now, LinkOffer, app.ID); err != nil {
		return err
	}
	return lockCohort(tx, *app.CohortID)
}

// afterLeavingCohort is called inside tx after app (as it was before the
// move) has left its cohort: a taken place is given back, and a freed place
// is offered to the waiting list.
func afterLeavingCohort(tx *gorm.DB, now time.Time, app Application, m Messages) error {
	if app.CohortID == nil || !holdsPlace(app.Status) {
		return nil
	}
	if app.Status == portal.StatusPlaceAccepted {
		if err := tx.Exec("UPDATE cohorts SET places_taken = places_taken - 1, updated_at = ? WHERE id = ? AND places_taken > 0",
			dbTime(now), *app.CohortID).Error; err != nil {
			return err
		}
	}
	_, err := promoteWaitlist(tx, now, *app.CohortID, m)
	return err
}
