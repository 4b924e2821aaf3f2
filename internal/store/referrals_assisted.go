package store

import (
	"context"

	"gorm.io/gorm"

	"anchorpathways/internal/portal"
)

// Assisted is what a housing officer records with an application they
// filled in with the tenant beside them.
type Assisted struct {
	OfficerID     string
	Consent       []string // the declarations the tenant agreed to
	ShareProgress bool     // the tenant lets the officer's organisation see progress
}

// RecordAssisted records, on an application just sent, that the housing
// officer filled it in with the tenant beside them, which declarations the
// tenant agreed to and whether they share progress; its source becomes
// 'housing_officer', and a referral of the officer's organisation follows
// it, so the officer sees it among their referrals. Only an active housing
// officer is recorded, once. Errors: portal.ErrNotFound when no sent,
// unassisted application or no such officer matches; portal.ErrConflict
// when another request recorded it at the same moment.
func (s *Store) RecordAssisted(ctx context.Context, applicationID string, a Assisted) (err error) {
	defer wrap(&err, "RecordAssisted")
	now := dbTime(s.now())
	return s.tx(ctx, func(tx *gorm.DB) error {
		var officer StaffUser
		err := tx.Where("id = ? AND role = ? AND disabled_at IS NULL", a.OfficerID, portal.RoleHousingOfficer).Take(&officer).Error
		if err != nil {
			return notFound(err)
		}
		var app Application
		if err := tx.Where("id = ? AND status <> ? AND assisted_by IS NULL", applicationID, portal.StatusDraft).Take(&app).Error; err != nil {
			return notFound(err)
		}
		r := Referral{ID: portal.NewID(), OrganisationID: officer.OrganisationID, OfficerID: officer.ID, PathwayID: &app.PathwayID,
			FullName: app.FullName, Postcode: app.Postcode, ContactMobile: app.ContactMobile, ContactEmail: app.ContactEmail,
			ContactChannel: app.ContactChannel, ConsentMethod: "in_person", ConsentOn: now, ResidentID: &app.ResidentID,
			ApplicationID: &app.ID, CreatedAt: now, UpdatedAt: now}
		if err := tx.Create(&r).Error; err != nil {
			return err
		}
		res := tx.Model(&Application{}).Where("id = ? AND assisted_by IS NULL", app.ID).
			Updates(map[string]any{"assisted_by": officer.ID, "assisted_consent": jsonOf(a.Consent), "referral_source": "housing_officer",
				"referral_id": r.ID, "share_progress": a.ShareProgress})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return portal.ErrConflict
		}
		return nil
	})
}
