package store

import (
	"context"
	"time"

	"anchorpathways/internal/portal"
)

// StaffApplication is one row of a staff dashboard: only what the viewer's
// role may see. Support needs, referral notes and answers never appear here.
type StaffApplication struct {
	ID          string
	Reference   string
	Status      portal.Status
	PathwayName string
	// FullName is empty when the viewer may not see it (recruiters review
	// name-blind until a place is offered).
	FullName    string
	SubmittedAt time.Time
	CreatedAt   time.Time
}

// Cursor is a keyset position: rows strictly after it in the list's order.
type Cursor struct {
	Time time.Time
	ID   string
}

// ListApplicationsFor returns the sent applications a staff member may see,
// newest first, a page at a time: recruiters, those to their organisation's
// pathways; housing officers, those of their organisation's tenants;
// coordinators, all. The scope is part of the query.
func (s *Store) ListApplicationsFor(ctx context.Context, who portal.Staff, after Cursor, limit int) (_ []StaffApplication, err error) {
	defer named(&err, "ListApplicationsFor")
	q := s.db.WithContext(ctx).Table("applications").
		Select("applications.id, applications.reference, applications.status, applications.full_name, applications.submitted_at, applications.created_at, pathways.name AS pathway_name").
		Joins("JOIN pathways ON pathways.id = applications.pathway_id").
		Where("applications.status <> ?", portal.StatusDraft)
	switch who.Role {
	case portal.RoleRecruiter:
		q = q.Where("pathways.employer_id = ?", who.OrganisationID)
	case portal.RoleHousingOfficer:
		q = q.Where("applications.tenant_org_id = ?", who.OrganisationID)
	case portal.RoleCoordinator:
	default:
		return nil, portal.ErrForbidden
	}
	if after.ID != "" {
		q = q.Where("applications.created_at < ? OR (applications.created_at = ? AND applications.id < ?)", after.Time, after.Time, after.ID)
	}
	if limit <= 0 || limit > 100 {
		limit = 25
	}
	var rows []struct {
		ID, Reference, FullName, PathwayName string
		Status                               portal.Status
		SubmittedAt                          *time.Time
		CreatedAt                            time.Time
	}
	if err := q.Order("applications.created_at DESC, applications.id DESC").Limit(limit).Scan(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]StaffApplication, len(rows))
	for i, r := range rows {
		out[i] = StaffApplication{ID: r.ID, Reference: r.Reference, Status: r.Status, PathwayName: r.PathwayName, FullName: r.FullName, CreatedAt: r.CreatedAt}
		if r.SubmittedAt != nil {
			out[i].SubmittedAt = *r.SubmittedAt
		}
		if who.Role == portal.RoleRecruiter && !portal.RecruiterSeesName(r.Status) {
			out[i].FullName = ""
		}
	}
	return out, nil
}
