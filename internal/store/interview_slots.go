package store

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/portal"
)

// InterviewSlot is one interview time for one person: free until an
// application books it.
type InterviewSlot struct {
	ID            string
	PathwayID     string
	CohortID      *string
	StartsAt      time.Time
	Place         string // an address or a video link
	ApplicationID *string
	BookedAt      *time.Time
	CreatedAt     time.Time
}

// TableName maps InterviewSlot to interview_slots.
func (InterviewSlot) TableName() string { return "interview_slots" }

// Booked reports whether someone holds the slot.
func (s InterviewSlot) Booked() bool { return s.ApplicationID != nil }

// InterviewSlotRow is a slot as the recruiter's list shows it: who booked
// it is named by reference only.
type InterviewSlotRow struct {
	InterviewSlot
	BookedRef string
}

// InterviewSlots is a pathway's interview times and what publishing one
// needs (the cohorts a slot may be kept for).
type InterviewSlots struct {
	PathwayID   string
	PathwayName string
	Cohorts     []Cohort
	Slots       []InterviewSlotRow
}

// InterviewSlotInput is a new slot. CohortID "" is a slot for any cohort.
type InterviewSlotInput struct {
	CohortID string
	StartsAt time.Time
	Place    string
}

// pathwayWorkableBy narrows a query on pathways to those st recruits for:
// a recruiter their own employer's, a coordinator every one, anyone else none.
func pathwayWorkableBy(q *gorm.DB, st portal.Staff) *gorm.DB {
	switch st.Role {
	case portal.RoleCoordinator:
		return q
	case portal.RoleRecruiter:
		return q.Where("pathways.employer_id = ?", st.OrganisationID)
	}
	return q.Where("1 = 0")
}

// workablePathway reads the pathway id within st's reach.
func workablePathway(tx *gorm.DB, st portal.Staff, id string) (Pathway, error) {
	var p Pathway
	err := pathwayWorkableBy(tx.Where("pathways.id = ?", id), st).Take(&p).Error
	return p, notFound(err)
}

// pathwayCohorts is every cohort of the pathway's courses, soonest first.
func pathwayCohorts(tx *gorm.DB, pathwayID string) ([]Cohort, error) {
	var cs []Cohort
	err := tx.Where("course_id IN (SELECT id FROM courses WHERE pathway_id = ?)", pathwayID).Order("starts_on, id").Find(&cs).Error
	return cs, err
}

// InterviewSlots lists the pathway's interview slots, soonest first, for a
// recruiter of its employer or the coordinator. Errors: portal.ErrNotFound
// (no such pathway within reach).
func (s *Store) InterviewSlots(ctx context.Context, st portal.Staff, pathwayID string) (out InterviewSlots, err error) {
	defer wrap(&err, "InterviewSlots")
	db := s.db.WithContext(ctx)
	p, err := workablePathway(db, st, pathwayID)
	if err != nil {
		return out, err
	}
	out.PathwayID, out.PathwayName = p.ID, p.Name
	if out.Cohorts, err = pathwayCohorts(db, p.ID); err != nil {
		return out, err
	}
	err = db.Table("interview_slots").
		Select("interview_slots.*, COALESCE(applications.reference, '') AS booked_ref").
		Joins("LEFT JOIN applications ON applications.id = interview_slots.application_id").
		Where("interview_slots.pathway_id = ?", p.ID).Order("interview_slots.starts_at, interview_slots.id").
		Scan(&out.Slots).Error
	return out, err
}

// PublishInterviewSlot adds a slot to the pathway (a recruiter of its
// employer, or the coordinator) and, in the same transaction, texts a
// booking link to everyone on the pathway who is owed an interview and has
// not had one (see InviteToInterview). It returns how many were invited.
// Errors: portal.ErrNotFound; *portal.ValidationError (a time not in the
// future, no place, a cohort of another pathway).
func (s *Store) PublishInterviewSlot(ctx context.Context, a Actor, pathwayID string, in InterviewSlotInput, m Messages) (invited int, err error) {
	defer wrap(&err, "PublishInterviewSlot")
	now := s.now()
	in.Place = strings.TrimSpace(in.Place)
	err = s.tx(ctx, func(tx *gorm.DB) error {
		p, err := workablePathway(tx, a.Staff, pathwayID)
		if err != nil {
			return err
		}
		v := &portal.ValidationError{}
		if !in.StartsAt.After(now) {
			v.Add("starts_at", "The interview time must be in the future")
		}
		if in.Place == "" {
			v.Add("place", "Enter the address or video link of the interview")
		} else if len([]rune(in.Place)) > 300 {
			v.Add("place", "The place must be 300 characters or fewer")
		}
		slot := InterviewSlot{ID: portal.NewID(), PathwayID: p.ID, StartsAt: dbTime(in.StartsAt), Place: in.Place, CreatedAt: dbTime(now)}
		if in.CohortID != "" {
			var n int64
			if err := tx.Model(&Cohort{}).Where("id = ? AND course_id IN (SELECT id FROM courses WHERE pathway_id = ?)", in.CohortID, p.ID).Count(&n).Error; err != nil {
				return err
			}
			if n == 0 {
				v.Add("cohort", "Choose a cohort of this pathway")
			}
			slot.CohortID = &in.CohortID
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := tx.Create(&slot).Error; err != nil {
			return err
		}
		if err := audit(tx, now, a, AuditCreated, "interview_slot", slot.ID, nil, slot); err != nil {
			return err
		}
		invited, err = inviteToInterview(tx, now, m, p.ID)
		return err
	})
	return invited, err
}

// RemoveInterviewSlot takes a free slot off the pathway and returns the
// pathway's id. A booked slot stays: the resident has been told the time.
// Errors: portal.ErrNotFound (no such slot within reach), portal.ErrConflict
// (booked, perhaps meanwhile).
func (s *Store) RemoveInterviewSlot(ctx context.Context, a Actor, slotID string) (pathwayID string, err error) {
	defer wrap(&err, "RemoveInterviewSlot")
	now := s.now()
	err = s.tx(ctx, func(tx *gorm.DB) error {
		var slot InterviewSlot
		q := tx.Where("interview_slots.id = ? AND pathway_id IN (?)", slotID,
			pathwayWorkableBy(tx.Model(&Pathway{}).Select("pathways.id"), a.Staff))
		if err := q.Take(&slot).Error; err != nil {
			return notFound(err)
		}
		pathwayID = slot.PathwayID
		res := tx.Where("id = ? AND application_id IS NULL", slot.ID).Delete(&InterviewSlot{})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return portal.ErrConflict
		}
		return audit(tx, now, a, AuditDeleted, "interview_slot", slot.ID, slot, nil)
	})
	return pathwayID, err
}
