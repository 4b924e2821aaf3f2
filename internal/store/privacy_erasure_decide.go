package store

import (
	"context"

	"gorm.io/gorm"

	"anchorpathways/internal/portal"
)

// CarryOutErasure erases the resident of request id (at version) from
// every table: drafts deleted (and what is linked to them); sent applications anonymised as retention
// does (the row stays for the impact report's totals); the resident's row,
// messages, codes and sessions deleted; the resident told; the request's
// contact emptied; counts audited. Coordinators only (the route checks).
// Errors: portal.ErrNotFound, portal.ErrConflict (decided or changed),
// ErrErasureBlocked (an application is under way: nothing is changed).
func (s *Store) CarryOutErasure(ctx context.Context, a Actor, id string, version int, m Messages) (err error) {
	defer named(&err, "CarryOutErasure")
	now := dbTime(s.now())
	return s.tx(ctx, func(tx *gorm.DB) error {
		contact, err := waitingRequest(tx, id, version)
		if err != nil {
			return err
		}
		m, err := m.toContact(tx, contact) // before the resident's row goes
		if err != nil {
			return err
		}
		holding := tx.Table("applications").Where(residentsHolding, contact, contact)
		var underWay int64
		if err := holding.Session(&gorm.Session{}).Where("closed_at IS NULL AND status NOT IN ?", finishedOpen).Count(&underWay).Error; err != nil {
			return err
		}
		if underWay > 0 {
			return ErrErasureBlocked
		}
		r := erasureResult{Status: ErasureDone}
		var residents []string
		if err := tx.Table("residents").Where("mobile = ? OR email = ?", contact, contact).Pluck("id", &residents).Error; err != nil {
			return err
		}
		if len(residents) > 0 {
			drafts := tx.Table("applications").Select("id").Where("resident_id IN ? AND status = ?", residents, portal.StatusDraft)
			var draftIDs []string
			if err := drafts.Session(&gorm.Session{}).Pluck("id", &draftIDs).Error; err != nil {
				return err
			}
			if err := eraseLinked(tx, now, draftIDs, true); err != nil {
				return err
			}
			if err := tx.Exec(`DELETE FROM application_events WHERE application_id IN (?)`, drafts).Error; err != nil {
				return err
			}
			res := tx.Exec(`DELETE FROM applications WHERE resident_id IN ? AND status = ?`, residents, portal.StatusDraft)
			if res.Error != nil {
				return res.Error
			}
			r.DraftsDeleted = res.RowsAffected
			sent := tx.Table("applications").Where("resident_id IN ? AND anonymised_at IS NULL", residents)
			var named []string
			if r.ApplicationsAnonymous, err = anonymiseWhere(tx, now, sent, &named); err != nil {
				return err
			}
			if r.ResidentsDeleted, err = deleteLoneResidents(tx, now, residents); err != nil {
				return err
			}
		}
		if r.ReferralsErased, err = eraseReferrals(tx, now, nil, "contact_mobile = ? OR contact_email = ?", contact, contact); err != nil {
			return err
		}
		for _, q := range []string{
			`DELETE FROM outbox WHERE recipient = ?`,
			`DELETE FROM sign_in_codes WHERE contact = ?`,
			`DELETE FROM sessions WHERE contact = ?`,
		} {
			res := tx.Exec(q, contact)
			if res.Error != nil {
				return res.Error
			}
			r.RowsDeleted += res.RowsAffected
		}
		subject, body := m.Erased()
		return decide(tx, now, a, id, contact, ErasureDone, "", subject, body, r)
	})
}

// RefuseErasure records why request id (at version) is not carried out,
// and tells the resident, with reason in their message. Coordinators only.
// Errors: portal.ErrNotFound, portal.ErrConflict.
func (s *Store) RefuseErasure(ctx context.Context, a Actor, id string, version int, reason string, m Messages) (err error) {
	defer named(&err, "RefuseErasure")
	now := dbTime(s.now())
	return s.tx(ctx, func(tx *gorm.DB) error {
		contact, err := waitingRequest(tx, id, version)
		if err != nil {
			return err
		}
		m, err := m.toContact(tx, contact)
		if err != nil {
			return err
		}
		subject, body := m.ErasureRefused(reason)
		return decide(tx, now, a, id, contact, ErasureRefused, reason, subject, body, erasureResult{Status: ErasureRefused})
	})
}
