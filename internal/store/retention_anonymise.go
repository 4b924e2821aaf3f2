package store

import (
	"slices"
	"time"

	"gorm.io/gorm"
)

// anonymiseBatch bounds the ids one UPDATE names.
const anonymiseBatch = 500

// anonymiseWhere removes the personal data of the applications q selects,
// keeping each row (and its events' statuses) so the impact report's totals
// stay as they were. What is emptied, and to what, is read from the
// personal-data classification, so a column another area adds needs only
// its line there. The postcode's sector is kept first, for the report's
// neighbourhoods; the application points at the shared anonymised resident
// and is closed (so the one-open-application index holds). The residents it
// named are appended to residents, for deleteLoneResidents.
func anonymiseWhere(tx *gorm.DB, now time.Time, q *gorm.DB, residents *[]string) (int64, error) {
	var due []struct{ ID, ResidentID string }
	if err := q.Select("id, resident_id").Scan(&due).Error; err != nil {
		return 0, err
	}
	appSet, err := erasedValues("applications")
	if err != nil {
		return 0, err
	}
	eventSet, err := erasedValues("application_events")
	if err != nil {
		return 0, err
	}
	appSet["kept_sector"] = gorm.Expr("CASE WHEN length(postcode) > 2 THEN substr(postcode, 1, length(postcode) - 2) ELSE kept_sector END")
	appSet["anonymised_at"] = now
	appSet["closed_at"] = gorm.Expr("COALESCE(closed_at, ?)", now)
	appSet["updated_at"] = now
	appSet["version"] = gorm.Expr("version + 1")
	var n int64
	for chunk := range slices.Chunk(due, anonymiseBatch) {
		ids := make([]string, len(chunk))
		for i, d := range chunk {
			ids[i] = d.ID
			*residents = append(*residents, d.ResidentID)
		}
		res := tx.Table("applications").Where("id IN ? AND anonymised_at IS NULL", ids).Updates(appSet)
		if res.Error != nil {
			return n, res.Error
		}
		n += res.RowsAffected
		if len(eventSet) > 0 {
			if err := tx.Table("application_events").Where("application_id IN ?", ids).Updates(eventSet).Error; err != nil {
				return n, err
			}
		}
		if err := eraseLinked(tx, now, ids, false); err != nil {
			return n, err
		}
	}
	return n, nil
}

// deleteLoneResidents deletes those of ids that no application names any
// more (their mobile and email go with the row). A referral naming one is
// erased first: it held the same person's details.
func deleteLoneResidents(tx *gorm.DB, now time.Time, ids []string) (int64, error) {
	slices.Sort(ids)
	ids = slices.Compact(ids)
	const lone = `id IN ? AND id <> ? AND NOT EXISTS (SELECT 1 FROM applications WHERE applications.resident_id = residents.id)`
	var n int64
	for chunk := range slices.Chunk(ids, anonymiseBatch) {
		var going []string
		if err := tx.Table("residents").Where(lone, chunk, anonymisedResident).Pluck("id", &going).Error; err != nil {
			return n, err
		}
		if len(going) == 0 {
			continue
		}
		if _, err := eraseReferrals(tx, now, nil, "resident_id IN ?", going); err != nil {
			return n, err
		}
		res := tx.Exec(`DELETE FROM residents WHERE `+lone, going, anonymisedResident)
		if res.Error != nil {
			return n, res.Error
		}
		n += res.RowsAffected
	}
	return n, nil
}
