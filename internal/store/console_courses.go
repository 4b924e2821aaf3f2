package store

import (
	"context"
	"strconv"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/portal"
)

// ---- courses ----------------------------------------------------------------------

// CourseInput is a course as a coordinator writes it.
type CourseInput struct {
	Name    string `json:"name"`
	Summary string `json:"summary"`
	Outcome string `json:"outcome"`
}

// ConsoleCourseDetails is a course with the pathway it belongs to.
type ConsoleCourseDetails struct {
	Course
	PathwayName string
}

// CourseForConsole returns a course, or portal.ErrNotFound.
func (s *Store) CourseForConsole(ctx context.Context, id string) (_ ConsoleCourseDetails, err error) {
	defer named(&err, "CourseForConsole")
	var out ConsoleCourseDetails
	err = s.db.WithContext(ctx).Table("courses").Select("courses.*, pathways.name AS pathway_name").
		Joins("JOIN pathways ON pathways.id = courses.pathway_id").
		Where("courses.id = ?", id).Take(&out).Error
	return out, notFound(err)
}

// CreateCourse adds a course to a pathway. Errors: portal.ErrNotFound.
func (s *Store) CreateCourse(ctx context.Context, a Actor, pathwayID string, in CourseInput) (_ string, err error) {
	defer named(&err, "CreateCourse")
	now := s.now()
	c := Course{ID: portal.NewID(), PathwayID: pathwayID, Name: in.Name, Summary: in.Summary, Outcome: in.Outcome, Version: 1, CreatedAt: now, UpdatedAt: now}
	err = s.tx(ctx, func(tx *gorm.DB) error {
		if err := mustExist(tx, &Pathway{}, pathwayID); err != nil {
			return err
		}
		if err := tx.Create(&c).Error; err != nil {
			return err
		}
		return audit(tx, now, a, AuditCreated, TargetCourse, c.ID, nil, map[string]any{"pathway_id": pathwayID, "course": in})
	})
	return c.ID, err
}

// UpdateCourse saves a course edited from version. Errors:
// portal.ErrNotFound, portal.ErrConflict.
func (s *Store) UpdateCourse(ctx context.Context, a Actor, id string, version int, in CourseInput) (err error) {
	defer named(&err, "UpdateCourse")
	now := s.now()
	return s.tx(ctx, func(tx *gorm.DB) error {
		var before Course
		if err := tx.Where("id = ?", id).Take(&before).Error; err != nil {
			return notFound(err)
		}
		res := tx.Model(&Course{}).Where("id = ? AND version = ?", id, version).Updates(map[string]any{
			"name": in.Name, "summary": in.Summary, "outcome": in.Outcome, "version": gorm.Expr("version + 1"), "updated_at": now,
		})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return portal.ErrConflict
		}
		return audit(tx, now, a, AuditUpdated, TargetCourse, id, CourseInput{Name: before.Name, Summary: before.Summary, Outcome: before.Outcome}, in)
	})
}

// ---- cohorts ----------------------------------------------------------------------

// CohortInput is a cohort as a coordinator writes it: dates in UTC (the
// closing time is the end of the closing day), a normalised venue postcode.
type CohortInput struct {
	StartsOn      time.Time `json:"starts_on"`
	EndsOn        time.Time `json:"ends_on"`
	ClosesAt      time.Time `json:"closes_at"`
	VenueName     string    `json:"venue_name"`
	VenueAddress  string    `json:"venue_address"`
	VenuePostcode string    `json:"venue_postcode"`
	Capacity      int       `json:"capacity"`
}

func cohortInput(c Cohort) CohortInput {
	return CohortInput{StartsOn: c.StartsOn.UTC(), EndsOn: c.EndsOn.UTC(), ClosesAt: c.ClosesAt.UTC(), VenueName: c.VenueName,
		VenueAddress: c.VenueAddress, VenuePostcode: c.VenuePostcode, Capacity: c.Capacity}
}

// ConsoleCohort is a cohort with its course and pathway.
type ConsoleCohort struct {
	Cohort
	CourseName  string
	PathwayID   string
	PathwayName string
}

// CohortForConsole returns a cohort, or portal.ErrNotFound.
func (s *Store) CohortForConsole(ctx context.Context, id string) (_ ConsoleCohort, err error) {
	defer named(&err, "CohortForConsole")
	var out ConsoleCohort
	err = s.db.WithContext(ctx).Table("cohorts").
		Select("cohorts.*, courses.name AS course_name, courses.pathway_id AS pathway_id, pathways.name AS pathway_name").
		Joins("JOIN courses ON courses.id = cohorts.course_id").
		Joins("JOIN pathways ON pathways.id = courses.pathway_id").
		Where("cohorts.id = ?", id).Take(&out).Error
	if err == nil {
		out.StartsOn, out.EndsOn, out.ClosesAt = out.StartsOn.UTC(), out.EndsOn.UTC(), out.ClosesAt.UTC()
	}
	return out, notFound(err)
}

// CreateCohort adds a cohort to a course. Errors: portal.ErrNotFound.
func (s *Store) CreateCohort(ctx context.Context, a Actor, courseID string, in CohortInput) (_ string, err error) {
	defer named(&err, "CreateCohort")
	now := s.now()
	c := Cohort{ID: portal.NewID(), CourseID: courseID, StartsOn: in.StartsOn, EndsOn: in.EndsOn, ClosesAt: in.ClosesAt,
		VenueName: in.VenueName, VenueAddress: in.VenueAddress, VenuePostcode: in.VenuePostcode, Capacity: in.Capacity,
		Version: 1, CreatedAt: now, UpdatedAt: now}
	err = s.tx(ctx, func(tx *gorm.DB) error {
		if err := mustExist(tx, &Course{}, courseID); err != nil {
			return err
		}
		if err := tx.Create(&c).Error; err != nil {
			return err
		}
		return audit(tx, now, a, AuditCreated, TargetCohort, c.ID, nil, map[string]any{"course_id": courseID, "cohort": in})
	})
	return c.ID, err
}

// UpdateCohort saves a cohort edited from version. The capacity can never
// drop below the places already taken: the UPDATE's WHERE clause says so
// (and the database's CHECK backs it), so a place taken between the form
// and the save is not lost. Errors: portal.ErrNotFound, portal.ErrConflict,
// *portal.ValidationError (capacity below places taken).
func (s *Store) UpdateCohort(ctx context.Context, a Actor, id string, version int, in CohortInput) (err error) {
	defer named(&err, "UpdateCohort")
	now := s.now()
	return s.tx(ctx, func(tx *gorm.DB) error {
		var before Cohort
		if err := tx.Where("id = ?", id).Take(&before).Error; err != nil {
			return notFound(err)
		}
		if before.Version != version {
			return portal.ErrConflict
		}
		res := tx.Model(&Cohort{}).Where("id = ? AND version = ? AND places_taken <= ?", id, version, in.Capacity).Updates(map[string]any{
			"starts_on": in.StartsOn, "ends_on": in.EndsOn, "closes_at": in.ClosesAt, "venue_name": in.VenueName,
			"venue_address": in.VenueAddress, "venue_postcode": in.VenuePostcode, "capacity": in.Capacity,
			"version": gorm.Expr("version + 1"), "updated_at": now,
		})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			var saved Cohort
			if err := tx.Where("id = ?", id).Take(&saved).Error; err != nil {
				return notFound(err)
			}
			if saved.Version != version {
				return portal.ErrConflict
			}
			return CapacityBelowTaken(saved.PlacesTaken)
		}
		return audit(tx, now, a, AuditUpdated, TargetCohort, id, cohortInput(before), in)
	})
}

// CapacityBelowTaken is the error for a capacity under the places taken.
func CapacityBelowTaken(taken int) *portal.ValidationError {
	v := &portal.ValidationError{}
	msg := "Capacity must be at least the number of places already taken (" + strconv.Itoa(taken) + ")"
	v.Add("capacity", msg)
	return v
}
