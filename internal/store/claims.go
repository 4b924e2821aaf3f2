package store

import (
	"time"

	"gorm.io/gorm"
)

// claim records, inside tx, that this instance does the piece of work named
// by job and key (for example "digest", "officer-id/2026-W49"). It reports
// false when some transaction has already claimed it, in which case the
// caller does nothing more: the work has been or is being done elsewhere.
// The claim commits or rolls back with the work, so a failed run leaves the
// work to the next one. Scheduled jobs use it to do each thing once even with
// several instances on one database; on PostgreSQL a second claimer waits for
// the first transaction and then sees the row.
func claim(tx *gorm.DB, now time.Time, job, key string) (bool, error) {
	res := tx.Exec(`INSERT INTO job_claims (job, claim_key, claimed_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
		job, key, dbTime(now))
	if res.Error != nil {
		return false, res.Error
	}
	return res.RowsAffected == 1, nil
}
