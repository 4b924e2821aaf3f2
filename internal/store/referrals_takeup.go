package store

import (
	"context"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/portal"
)

// ReferralInvite is what the referral link's page shows its holder: the
// details their officer gave, to confirm. Never the officer's note.
type ReferralInvite struct {
	ID               string
	OrganisationID   string
	OrganisationName string
	PathwayID        string // "" when the tenant chooses
	Contact          Contact
	Postcode         string
}

// ReferralInviteByToken reads a referral link without using it. Errors:
// ErrLinkUnknown, ErrLinkUsed, ErrLinkExpired.
func (s *Store) ReferralInviteByToken(ctx context.Context, token string) (inv ReferralInvite, err error) {
	defer wrap(&err, "ReferralInviteByToken")
	db := s.db.WithContext(ctx)
	l, err := readLink(db, s.now(), LinkReferral, token)
	if err != nil {
		return inv, err
	}
	var r Referral
	if err := db.Where("id = ?", l.SubjectID).Take(&r).Error; err != nil {
		return inv, notFound(err)
	}
	return inviteOf(db, r)
}

func inviteOf(db *gorm.DB, r Referral) (ReferralInvite, error) {
	inv := ReferralInvite{ID: r.ID, OrganisationID: r.OrganisationID, PathwayID: refStr(r.PathwayID), Contact: r.Contact(), Postcode: r.Postcode}
	var names []string
	if err := db.Table("organisations").Where("id = ?", r.OrganisationID).Pluck("name", &names).Error; err != nil {
		return inv, err
	}
	if len(names) > 0 {
		inv.OrganisationName = names[0]
	}
	return inv, nil
}

// TakingUp is what the tenant adds on the referral link's page.
type TakingUp struct {
	PathwayID     string // the referral's, or the one the tenant chose
	Over18        bool
	RightToWork   bool
	ShareProgress bool
}

// TakeUpReferral spends a referral link and opens the draft application it
// stands for, filled in with what the officer gave (name, contact, postcode,
// tenancy), recording referral_source 'housing_officer' and the referral.
// The link went to the referral's chosen contact, so its holder has proved
// that contact (and only that one): the resident is found or created by it
// alone, as after a one-time code. A resident's existing draft to the
// pathway is picked up; an application already sent comes back with
// ErrAlreadyApplied. Errors: ErrLinkUnknown, ErrLinkUsed, ErrLinkExpired.
func (s *Store) TakeUpReferral(ctx context.Context, token string, in TakingUp) (app Application, proved string, err error) {
	defer wrap(&err, "TakeUpReferral")
	now := s.now()
	applied := false
	err = s.tx(ctx, func(tx *gorm.DB) error {
		l, err := spendLink(tx, now, LinkReferral, token)
		if err != nil {
			return err
		}
		var r Referral
		if err := tx.Where("id = ?", l.SubjectID).Take(&r).Error; err != nil {
			return notFound(err)
		}
		c := r.Contact()
		proved = c.Proved()
		// Only the proved contact goes on the resident and the draft, as
		// resolveResident explains; the other is the officer's word.
		if c.Channel == ChannelEmail {
			c.Mobile = ""
		} else {
			c.Email = ""
		}
		residentID, err := resolveResident(tx, now, c)
		if err != nil {
			return err
		}
		existing, found, err := openApplicationOf(tx, residentID, in.PathwayID)
		if err != nil {
			return err
		}
		if found && existing.Status != portal.StatusDraft {
			app = existing
			// The link is spent and the referral follows that application.
			applied = true
			return linkReferral(tx, now, r.ID, residentID, existing.ID)
		}
		set := map[string]any{
			"full_name": c.FullName, "postcode": r.Postcode, "contact_mobile": optional(c.Mobile), "contact_email": optional(c.Email),
			"contact_channel": c.Channel, "tenant_org_id": r.OrganisationID, "referral_source": "housing_officer",
			"referral_id": r.ID, "share_progress": in.ShareProgress, "updated_at": dbTime(now),
		}
		if found {
			app = existing
		} else {
			app = Application{
				ID: portal.NewID(), ResidentID: residentID, PathwayID: in.PathwayID, Status: portal.StatusDraft,
				FullName: c.FullName, Postcode: r.Postcode, ContactChannel: c.Channel, Routing: []portal.Suggestion{},
				Version: 1, CreatedAt: dbTime(now), UpdatedAt: dbTime(now),
			}
			if err := tx.Create(&app).Error; err != nil {
				return err
			}
		}
		app.Answers.Tenant, app.Answers.Over18, app.Answers.RightToWork = r.OrganisationID, in.Over18, in.RightToWork
		set["answers"] = jsonOf(app.Answers)
		set["version"] = gorm.Expr("version + 1")
		if err := tx.Model(&Application{}).Where("id = ? AND status = ?", app.ID, portal.StatusDraft).Updates(set).Error; err != nil {
			return err
		}
		if err := linkReferral(tx, now, r.ID, residentID, app.ID); err != nil {
			return err
		}
		return tx.Where("id = ?", app.ID).Take(&app).Error
	})
	if err == nil && applied {
		err = ErrAlreadyApplied
	}
	return app, proved, err
}

// linkReferral records, inside tx, the resident and application a referral
// led to.
func linkReferral(tx *gorm.DB, now time.Time, referralID, residentID, applicationID string) error {
	return tx.Model(&Referral{}).Where("id = ?", referralID).
		Updates(map[string]any{"resident_id": residentID, "application_id": applicationID, "updated_at": dbTime(now)}).Error
}
