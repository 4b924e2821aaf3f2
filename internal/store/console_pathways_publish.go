package store

import (
	"context"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/portal"
)

// Publishing a pathway. A new pathway is a draft, seen only in the console;
// a coordinator publishes it once residents could apply to it (it has a job,
// a course and a cohort taking applications), and may close it again. The
// public side reads only is_open, so these two methods are the only ways on
// to the home page.

// The states of a pathway, as the console shows them.
const (
	PathwayDraft     = "draft"     // never published
	PathwayPublished = "published" // on the public side
	PathwayClosed    = "closed"    // published once, closed since
)

// Audited actions of publishing.
const (
	AuditPublished   = "pathway_published"
	AuditUnpublished = "pathway_closed"
)

// State is the pathway's state: PathwayDraft, PathwayPublished or
// PathwayClosed.
func (p Pathway) State() string {
	switch {
	case p.IsOpen:
		return PathwayPublished
	case p.PublishedAt != nil:
		return PathwayClosed
	}
	return PathwayDraft
}

// Field keys of the reasons a pathway cannot be published, in the order
// the console lists them.
const (
	PublishNeedsRole   = "roles"
	PublishNeedsCourse = "courses"
	PublishNeedsCohort = "cohorts"
)

// PublishPathway puts a pathway seen at version on the public side, if it
// has at least one role, a course and an open cohort (closing in the future,
// with places left). The version is claimed first, so the check and the
// change are one transaction against one version of the pathway (roles bump
// it; a cohort edited meanwhile is read as committed). Publishing a pathway
// already published changes nothing. Coordinators only (the route table
// checks the role). Errors: portal.ErrNotFound, portal.ErrConflict (it
// changed since), *portal.ValidationError (what is missing, fields
// PublishNeedsRole, PublishNeedsCourse, PublishNeedsCohort).
func (s *Store) PublishPathway(ctx context.Context, a Actor, id string, version int) (err error) {
	defer named(&err, "PublishPathway")
	now := s.now()
	return s.tx(ctx, func(tx *gorm.DB) error {
		var before Pathway
		if err := tx.Where("id = ?", id).Take(&before).Error; err != nil {
			return notFound(err)
		}
		if before.Version != version {
			return portal.ErrConflict
		}
		if before.IsOpen {
			return nil
		}
		res := tx.Model(&Pathway{}).Where("id = ? AND version = ?", id, version).Updates(map[string]any{
			"is_open": true, "published_at": now, "version": gorm.Expr("version + 1"), "updated_at": now,
		})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return portal.ErrConflict
		}
		if err := publishable(tx, id, now); err != nil {
			return err // rolls the change back
		}
		return audit(tx, now, a, AuditPublished, TargetPathway, id, map[string]string{"state": before.State()}, map[string]string{"state": PathwayPublished})
	})
}

// publishable is nil when the pathway has a role, a course and an open
// cohort, else a *portal.ValidationError naming each that is missing.
func publishable(tx *gorm.DB, id string, now time.Time) error {
	v := &portal.ValidationError{}
	var n int64
	if err := tx.Model(&Role{}).Where("pathway_id = ?", id).Count(&n).Error; err != nil {
		return err
	}
	if n == 0 {
		v.Add(PublishNeedsRole, "Add a role: residents need to see the jobs the pathway leads to")
	}
	if err := tx.Model(&Course{}).Where("pathway_id = ?", id).Count(&n).Error; err != nil {
		return err
	}
	if n == 0 {
		v.Add(PublishNeedsCourse, "Add a course: finishing it is what earns residents an interview")
	}
	if err := tx.Model(&Cohort{}).Joins("JOIN courses ON courses.id = cohorts.course_id").
		Where("courses.pathway_id = ? AND cohorts.closes_at > ? AND cohorts.places_taken < cohorts.capacity", id, now).
		Count(&n).Error; err != nil {
		return err
	}
	if n == 0 {
		v.Add(PublishNeedsCohort, "Add a cohort that is taking applications: its closing date in the future and places left")
	}
	return v.Err()
}

// UnpublishPathway closes a published pathway seen at version: it leaves
// the public side at once (applications already sent are kept). Closing a
// pathway that is not published changes nothing. Coordinators only.
// Errors: portal.ErrNotFound, portal.ErrConflict (it changed since).
func (s *Store) UnpublishPathway(ctx context.Context, a Actor, id string, version int) (err error) {
	defer named(&err, "UnpublishPathway")
	now := s.now()
	return s.tx(ctx, func(tx *gorm.DB) error {
		var before Pathway
		if err := tx.Where("id = ?", id).Take(&before).Error; err != nil {
			return notFound(err)
		}
		if before.Version != version {
			return portal.ErrConflict
		}
		if !before.IsOpen {
			return nil
		}
		res := tx.Model(&Pathway{}).Where("id = ? AND version = ?", id, version).Updates(map[string]any{
			"is_open": false, "version": gorm.Expr("version + 1"), "updated_at": now,
		})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return portal.ErrConflict
		}
		return audit(tx, now, a, AuditUnpublished, TargetPathway, id, map[string]string{"state": PathwayPublished}, map[string]string{"state": PathwayClosed})
	})
}
