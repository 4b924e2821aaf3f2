package store

import (
	"slices"
	"time"

	"gorm.io/gorm"
)

// linkedTables are the tables about an application, each keyed by its
// application_id: what erasure and retention do to them is read from the
// personal-data classification (a "set:" column is emptied in place, a
// "delete-row" column takes its row with it). Referrals are erased by
// eraseReferrals, which also stops what they would still send.
var linkedTables = []string{"recruiter_notes", "job_offers", "in_work_checks", "interview_slots"}

// deletesRows reports whether the classification deletes table's rows.
func deletesRows(table string) (bool, error) {
	all, err := classification()
	if err != nil {
		return false, err
	}
	return slices.ContainsFunc(all, func(c ColumnClass) bool { return c.Table == table && c.Handling == "delete-row" }), nil
}

// eraseLinked removes the personal data that the tables about applications
// ids hold: notes, job offers and in-work answers go; an interview booking
// is undone (the slot is free again); the referral the application came
// from is erased. deleting says the applications themselves are about to
// be deleted (drafts), so a referral lets go of its application.
func eraseLinked(tx *gorm.DB, now time.Time, ids []string, deleting bool) error {
	if len(ids) == 0 {
		return nil
	}
	for _, table := range linkedTables {
		del, err := deletesRows(table)
		if err != nil {
			return err
		}
		if del {
			if err := tx.Exec(`DELETE FROM `+table+` WHERE application_id IN ?`, ids).Error; err != nil {
				return err
			}
			continue
		}
		set, err := erasedValues(table)
		if err != nil {
			return err
		}
		if len(set) > 0 {
			if err := tx.Table(table).Where("application_id IN ?", ids).Updates(set).Error; err != nil {
				return err
			}
		}
	}
	extra := map[string]any{}
	if deleting {
		extra["application_id"] = nil
	}
	_, err := eraseReferrals(tx, now, extra, "application_id IN ?", ids)
	return err
}

// eraseReferrals empties the personal columns of the referrals where
// selects (and sets extra), marks them reminded and resent so the
// referral jobs send nothing more, and retires their take-up links. The
// row stays, for the officer's take-up counts. It returns how many
// referrals still held personal data.
func eraseReferrals(tx *gorm.DB, now time.Time, extra map[string]any, where string, args ...any) (int64, error) {
	var ids []string
	if err := tx.Table("referrals").Where(where, args...).Pluck("id", &ids).Error; err != nil {
		return 0, err
	}
	if len(ids) == 0 {
		return 0, nil
	}
	set, err := erasedValues("referrals")
	if err != nil {
		return 0, err
	}
	for k, v := range extra {
		set[k] = v
	}
	set["reminded_at"] = gorm.Expr("COALESCE(reminded_at, ?)", now)
	set["resent_at"] = gorm.Expr("COALESCE(resent_at, ?)", now)
	set["updated_at"] = now
	var n int64
	for chunk := range slices.Chunk(ids, anonymiseBatch) {
		var held int64
		if err := tx.Table("referrals").Where("id IN ? AND full_name <> ''", chunk).Count(&held).Error; err != nil {
			return n, err
		}
		n += held
		if err := tx.Table("referrals").Where("id IN ?", chunk).Updates(set).Error; err != nil {
			return n, err
		}
		for _, id := range chunk {
			if err := retireLinks(tx, now, LinkReferral, id); err != nil {
				return n, err
			}
		}
	}
	return n, nil
}
