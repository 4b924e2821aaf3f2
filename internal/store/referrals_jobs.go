package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/portal"
)

// ReferralRemindAfter is how long a referral waits, not started, before its
// one reminder.
const ReferralRemindAfter = 7 * 24 * time.Hour

// RemindReferrals sends the one reminder of every referral not started
// within ReferralRemindAfter, and reports how many it sent. Each reminder is
// a conditional update of reminded_at in the transaction that queues it, so
// with several instances running it at once each referral is reminded once.
func (s *Store) RemindReferrals(ctx context.Context, msgs Messages) (sent int, err error) {
	defer wrap(&err, "RemindReferrals")
	now := s.now()
	var due []Referral
	err = s.db.WithContext(ctx).Where("application_id IS NULL AND reminded_at IS NULL AND created_at <= ?", dbTime(now.Add(-ReferralRemindAfter))).
		Order("created_at").Limit(200).Find(&due).Error
	if err != nil {
		return 0, err
	}
	for _, r := range due {
		err := s.tx(ctx, func(tx *gorm.DB) error {
			res := tx.Model(&Referral{}).Where("id = ? AND reminded_at IS NULL AND application_id IS NULL", r.ID).
				Updates(map[string]any{"reminded_at": dbTime(now), "updated_at": dbTime(now)})
			if res.Error != nil || res.RowsAffected != 1 {
				return res.Error
			}
			name, err := pathwayNameOf(tx, r)
			if err != nil {
				return err
			}
			sent++
			return sendReferralLink(tx, now, r, msgs, name, true)
		})
		if err != nil {
			return sent, err
		}
	}
	return sent, nil
}

// isoWeek names now's ISO week, "2026-W49": the digest's claim key.
func isoWeek(now time.Time) string {
	y, w := now.UTC().ISOWeek()
	return fmt.Sprintf("%d-W%02d", y, w)
}

// SendReferralDigests emails each housing officer who has referrals (and
// has not turned the digest off) what moved this week and who has not
// started, once per officer per ISO week (from Monday 07:00 UTC): each email is queued in the
// transaction that claims ("digest", officer/week), so several instances
// running it at once send one. It reports how many it sent.
func (s *Store) SendReferralDigests(ctx context.Context, msgs Messages) (sent int, err error) {
	defer wrap(&err, "SendReferralDigests")
	now := s.now()
	if now.Weekday() == time.Monday && now.Hour() < 7 {
		return 0, nil // the week's digest waits for the working day
	}
	var officers []struct{ ID, Email, FullName string }
	err = s.db.WithContext(ctx).Table("staff_users").Select("id, email, full_name").
		Where("role = ? AND disabled_at IS NULL AND referral_digest = ? AND id IN (SELECT officer_id FROM referrals)", portal.RoleHousingOfficer, true).
		Order("id").Scan(&officers).Error
	if err != nil {
		return 0, err
	}
	for _, o := range officers {
		err := s.tx(ctx, func(tx *gorm.DB) error {
			ok, err := claim(tx, now, "digest", o.ID+"/"+isoWeek(now))
			if err != nil || !ok {
				return err
			}
			moved, notStarted, err := digestLines(tx, now, o.ID)
			if err != nil || len(moved)+len(notStarted) == 0 {
				return err
			}
			subject, body := msgs.ReferralDigest(o.FullName, moved, notStarted)
			sent++
			return enqueue(tx, now, ChannelEmail, o.Email, subject, body)
		})
		if err != nil {
			return sent, err
		}
	}
	return sent, nil
}

// digestLines words an officer's week: each of their referrals whose
// application changed status in the last 7 days, by the step they may see,
// and each not started yet.
func digestLines(tx *gorm.DB, now time.Time, officerID string) (moved, notStarted []string, err error) {
	var rows []struct {
		FullName string
		Status   *portal.Status
		Shared   int
	}
	err = tx.Table("referrals r").Joins("LEFT JOIN applications a ON a.id = r.application_id").
		Select("r.full_name, a.status, (CASE WHEN "+progressShared+" THEN 1 ELSE 0 END) AS shared", true).
		// Without consent only the sending shows: a later move would tell
		// the officer that something happened.
		// An erased referral (its name gone) is no longer news to the officer.
		Where("r.officer_id = ? AND r.full_name <> '' AND (r.application_id IS NULL OR EXISTS (SELECT 1 FROM application_events e WHERE e.application_id = a.id AND e.created_at >= ? AND (e.to_status = ? OR ("+progressShared+"))))",
			officerID, dbTime(now.Add(-7*24*time.Hour)), portal.StatusSubmitted, true).
		Order("r.created_at").Limit(100).Scan(&rows).Error
	for _, r := range rows {
		if r.Status == nil {
			notStarted = append(notStarted, r.FullName)
			continue
		}
		moved = append(moved, r.FullName+": "+portal.StepFor(*r.Status, r.Shared == 1).Label())
	}
	return moved, notStarted, err
}

// ReferralDigestOn reports whether the officer gets the weekly digest.
func (s *Store) ReferralDigestOn(ctx context.Context, officer portal.Staff) (on bool, err error) {
	defer wrap(&err, "ReferralDigestOn")
	var v []bool
	err = s.db.WithContext(ctx).Table("staff_users").Where("id = ?", officer.ID).Pluck("referral_digest", &v).Error
	return len(v) > 0 && v[0], err
}

// SetReferralDigest turns the officer's own weekly digest on or off.
func (s *Store) SetReferralDigest(ctx context.Context, officer portal.Staff, on bool) (err error) {
	defer wrap(&err, "SetReferralDigest")
	return s.db.WithContext(ctx).Table("staff_users").Where("id = ?", officer.ID).
		Updates(map[string]any{"referral_digest": on, "updated_at": dbTime(s.now())}).Error
}
