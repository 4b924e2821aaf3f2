package store

import (
	"context"

	"anchorpathways/internal/portal"
)

// RecordAssisted records, on an application just sent, that the housing
// officer filled it in with the tenant beside them and which declarations
// the tenant agreed to; its source becomes 'housing_officer'. Only an
// active housing officer is recorded, once. Errors: portal.ErrNotFound when
// no sent application or no such officer matches.
func (s *Store) RecordAssisted(ctx context.Context, applicationID, officerID string, consent []string) (err error) {
	defer wrap(&err, "RecordAssisted")
	res := s.db.WithContext(ctx).Table("applications").
		Where("id = ? AND status <> ? AND assisted_by IS NULL", applicationID, portal.StatusDraft).
		Where("EXISTS (SELECT 1 FROM staff_users WHERE id = ? AND role = ? AND disabled_at IS NULL)", officerID, portal.RoleHousingOfficer).
		Updates(map[string]any{"assisted_by": officerID, "assisted_consent": jsonOf(consent), "referral_source": "housing_officer"})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected != 1 {
		return portal.ErrNotFound
	}
	return nil
}
