package store

import (
	"context"
	"slices"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/database"
	"anchorpathways/internal/portal"
)

// RetentionCategory is one line of the retention schedule the coordinator
// sees: what is kept, for how long, and what happens then.
type RetentionCategory struct {
	What, Kept, Then string
}

// RetentionSchedule is the schedule RunRetention carries out.
func RetentionSchedule() []RetentionCategory {
	return []RetentionCategory{
		{"Applications started but never sent", "30 days after they were last changed", "Deleted"},
		{"Applications that ended without a job", "6 months after they ended", "Personal data removed; the counts stay in the impact report"},
		{"Applications that led to a job", "12 months after the 26-week check (or after they ended, if sooner)", "Personal data removed; the counts stay in the impact report"},
		{"Referrals never taken up", "6 months after the referral", "Personal data removed; the counts stay for the officer"},
		{"Residents with no application left", "Until their last application is deleted or anonymised", "Deleted"},
		{"One-time codes and single-use links", "Until used or expired", "Deleted"},
		{"Messages in the outbox", "30 days after sending", "Deleted"},
		{"Staff audit log", "2 years (by the database's clock)", "Deleted; until then the log refuses any change or deletion"},
	}
}

// RetentionResult is what one day's run did, in counts only.
type RetentionResult struct {
	Ran                  bool  `json:"-"`
	DraftsDeleted        int64 `json:"drafts_deleted"`
	EndedAnonymised      int64 `json:"ended_anonymised"`
	SuccessfulAnonymised int64 `json:"successful_anonymised"`
	ResidentsDeleted     int64 `json:"residents_deleted"`
	CodesDeleted         int64 `json:"codes_deleted"`
	MessagesDeleted      int64 `json:"messages_deleted"`
	ReferralsErased      int64 `json:"referrals_erased"`
	AuditDeleted         int64 `json:"audit_deleted"`
}

// Total is how many rows the run changed.
func (r RetentionResult) Total() int {
	return int(r.DraftsDeleted + r.EndedAnonymised + r.SuccessfulAnonymised + r.ResidentsDeleted + r.CodesDeleted + r.MessagesDeleted + r.ReferralsErased + r.AuditDeleted)
}

// AuditRetention is the audit action of a retention run.
const AuditRetention = "retention_run"

// anonymisedResident is the resident anonymised applications point at
// (migration 00018), so that the real resident's row can go.
const anonymisedResident = "anonymised"

// RunRetention deletes or anonymises what the schedule says is due, once a
// day across every instance: the day is claimed in the same transaction, so
// a second instance (or a second run the same day) does nothing and reports
// Ran false. What it did is audited as counts, never as whose data.
func (s *Store) RunRetention(ctx context.Context) (_ RetentionResult, err error) {
	defer named(&err, "RunRetention")
	now := dbTime(s.now())
	var r RetentionResult
	err = s.tx(ctx, func(tx *gorm.DB) error {
		ok, err := claim(tx, now, "retention", now.Format("2006-01-02"))
		if err != nil || !ok {
			return err
		}
		r.Ran = true
		var residents []string
		if r.DraftsDeleted, err = deleteStaleDrafts(tx, now, now.AddDate(0, 0, -30), &residents); err != nil {
			return err
		}
		ended := tx.Table("applications").Where(`anonymised_at IS NULL AND submitted_at IS NOT NULL AND closed_at IS NOT NULL
  AND closed_at < ? AND job_started_on IS NULL`, now.AddDate(0, -6, 0))
		if r.EndedAnonymised, err = anonymiseWhere(tx, now, ended, &residents); err != nil {
			return err
		}
		yearAgo := now.AddDate(-1, 0, 0)
		worked := tx.Table("applications").Where(`anonymised_at IS NULL AND submitted_at IS NOT NULL AND (
  EXISTS (SELECT 1 FROM application_events e WHERE e.application_id = applications.id AND e.to_status = ? AND e.created_at < ?)
  OR (job_started_on IS NOT NULL AND closed_at IS NOT NULL AND closed_at < ?))`, portal.StatusInWork26, yearAgo, yearAgo)
		if r.SuccessfulAnonymised, err = anonymiseWhere(tx, now, worked, &residents); err != nil {
			return err
		}
		if r.ResidentsDeleted, err = deleteLoneResidents(tx, now, residents); err != nil {
			return err
		}
		if r.ReferralsErased, err = eraseReferrals(tx, now, nil, "application_id IS NULL AND created_at < ? AND full_name <> ''", now.AddDate(0, -6, 0)); err != nil {
			return err
		}
		if r.CodesDeleted, err = deleteSpentCodes(tx, now); err != nil {
			return err
		}
		res := tx.Exec(`DELETE FROM outbox WHERE status <> 'pending' AND COALESCE(sent_at, created_at) < ?`, now.AddDate(0, 0, -30))
		if res.Error != nil {
			return res.Error
		}
		r.MessagesDeleted = res.RowsAffected
		// The audit log's trigger lets go only of rows older than two years by
		// the database's clock, so the job asks by that clock too.
		res = tx.Exec(`DELETE FROM audit_log WHERE ` + database.AuditOlderThanKept(database.DialectOf(tx)))
		if res.Error != nil {
			return res.Error
		}
		r.AuditDeleted = res.RowsAffected
		return audit(tx, now, Actor{}, AuditRetention, "retention", now.Format("2006-01-02"), nil, r)
	})
	return r, err
}

// deleteStaleDrafts deletes drafts never sent and untouched since before,
// appending their residents to residents.
func deleteStaleDrafts(tx *gorm.DB, now, before time.Time, residents *[]string) (int64, error) {
	stale := tx.Table("applications").Select("id").Where("status = ? AND submitted_at IS NULL AND updated_at < ?", portal.StatusDraft, before)
	var who []struct{ ID, ResidentID string }
	if err := tx.Table("applications").Select("id, resident_id").Where("status = ? AND submitted_at IS NULL AND updated_at < ?", portal.StatusDraft, before).
		Scan(&who).Error; err != nil {
		return 0, err
	}
	ids := make([]string, len(who))
	for i, w := range who {
		ids[i] = w.ID
		*residents = append(*residents, w.ResidentID)
	}
	for chunk := range slices.Chunk(ids, anonymiseBatch) {
		if err := eraseLinked(tx, now, chunk, true); err != nil {
			return 0, err
		}
	}
	if err := tx.Exec(`DELETE FROM application_events WHERE application_id IN (?)`, stale).Error; err != nil {
		return 0, err
	}
	res := tx.Exec(`DELETE FROM applications WHERE status = ? AND submitted_at IS NULL AND updated_at < ?`, portal.StatusDraft, before)
	return res.RowsAffected, res.Error
}

// deleteSpentCodes deletes one-time codes and single-use links used or
// expired. None holds personal data but sign-in codes' contact; all go.
func deleteSpentCodes(tx *gorm.DB, now time.Time) (int64, error) {
	var n int64
	for _, q := range []string{
		`DELETE FROM sign_in_codes WHERE used_at IS NOT NULL OR expires_at <= ?`,
		`DELETE FROM staff_tokens WHERE used_at IS NOT NULL OR expires_at <= ?`,
		`DELETE FROM resident_links WHERE used_at IS NOT NULL OR expires_at <= ?`,
	} {
		res := tx.Exec(q, now)
		if res.Error != nil {
			return n, res.Error
		}
		n += res.RowsAffected
	}
	return n, nil
}
