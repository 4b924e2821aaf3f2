package store

import (
	"context"

	"anchorpathways/internal/portal"
)

// PoolLink is a pathway whose pool a staff member may open.
type PoolLink struct{ ID, Name string }

// PoolsFor lists the pathways whose pools st may work, by name: a
// recruiter's employer's pathways, every pathway for the coordinator, none
// for anyone else. At most 50.
func (s *Store) PoolsFor(ctx context.Context, st portal.Staff) (_ []PoolLink, err error) {
	defer wrap(&err, "PoolsFor")
	q := s.db.WithContext(ctx).Table("pathways").Select("id, name")
	switch st.Role {
	case portal.RoleCoordinator:
	case portal.RoleRecruiter:
		q = q.Where("employer_id = ?", st.OrganisationID)
	default:
		return nil, nil
	}
	var out []PoolLink
	err = q.Order("name, id").Limit(50).Scan(&out).Error
	return out, err
}
