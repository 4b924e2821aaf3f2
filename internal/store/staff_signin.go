package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/portal"
)

// errThrottled rolls back an attempt that one of its keys refused.
var errThrottled = errors.New("throttled")

// TakeSignInAttempt takes one attempt against every rule's key, before the
// caller checks a password or code, and reports zero when it may go ahead. It
// reports the longest wait instead, taking nothing, when any key must still
// wait. Taking happens in one transaction of conditional upserts, one per
// key, each of which locks its row: parallel guesses queue on it and each
// sees the wait the one before set, so they get no more checks than the same
// guesses made one after another. After a success the caller forgets the
// attempts with ClearSignInFailures; after a failure there is nothing more to
// record. Errors are the database's.
func (s *Store) TakeSignInAttempt(ctx context.Context, rules ...portal.Throttle) (time.Duration, error) {
	now := dbTime(s.now())
	var wait time.Duration
	err := s.tx(ctx, func(tx *gorm.DB) error {
		for _, r := range rules {
			var attempts []int
			err := tx.Raw(`INSERT INTO sign_in_failures (key, failures, next_allowed_at, updated_at) VALUES (?, 1, ?, ?)
				ON CONFLICT (key) DO UPDATE SET failures = sign_in_failures.failures + 1, updated_at = excluded.updated_at
				WHERE sign_in_failures.next_allowed_at <= ?
				RETURNING failures`, r.Key, now, now, now).Scan(&attempts).Error
			if err != nil {
				return err
			}
			if len(attempts) == 0 {
				var next []time.Time
				if err := tx.Table("sign_in_failures").Where("key = ?", r.Key).Pluck("next_allowed_at", &next).Error; err != nil {
					return err
				}
				for _, t := range next {
					wait = max(wait, t.Sub(now))
				}
				continue
			}
			if d := r.Wait(attempts[0]); d > 0 {
				if err := tx.Exec(`UPDATE sign_in_failures SET next_allowed_at = ? WHERE key = ?`, now.Add(d), r.Key).Error; err != nil {
					return err
				}
			}
		}
		if wait > 0 {
			return errThrottled
		}
		return nil
	})
	if errors.Is(err, errThrottled) {
		return wait, nil
	}
	if err != nil {
		return 0, fmt.Errorf("store: TakeSignInAttempt: %w", err)
	}
	return 0, nil
}

// SignInDelay is how long the caller must wait before the next attempt for
// any of keys (zero when it may go ahead). It only reads: a caller that
// checks a secret must take the attempt with TakeSignInAttempt instead (tests use this read
// to see the wait an attempt left).
func (s *Store) SignInDelay(ctx context.Context, keys ...string) (time.Duration, error) {
	var next []time.Time
	if err := s.db.WithContext(ctx).Table("sign_in_failures").Where("key IN ?", keys).Pluck("next_allowed_at", &next).Error; err != nil {
		return 0, fmt.Errorf("store: SignInDelay: %w", err)
	}
	var wait time.Duration
	now := s.now()
	for _, t := range next {
		if d := t.Sub(now); d > wait {
			wait = d
		}
	}
	return wait, nil
}

// ClearSignInFailures forgets the attempts against keys after a success.
func (s *Store) ClearSignInFailures(ctx context.Context, keys ...string) error {
	if err := s.db.WithContext(ctx).Exec(`DELETE FROM sign_in_failures WHERE key IN ?`, keys).Error; err != nil {
		return fmt.Errorf("store: ClearSignInFailures: %w", err)
	}
	return nil
}

// StaffSignIn is a successful password sign-in, for SignInStaff.
type StaffSignIn struct {
	User           StaffUser
	EndSession     string   // the hash of a session this browser already had, or ""
	SessionHash    string   // the new session's token hash (a new ID at every sign-in)
	CSRF           string   // the new session's CSRF token
	MFAPassed      bool     // the second factor is done (demo accounts only)
	ClearThrottles []string // the keys whose attempts the success forgives
}

// SignInStaff records a successful password sign-in in one transaction: the
// throttle keys are cleared, the browser's old session ends, the new one
// starts (so anything planted before sign-in is worthless), the account's
// last sign-in time is set and the sign-in is audited. The web layer calls it
// once the password matched. Errors are the database's.
func (s *Store) SignInStaff(ctx context.Context, a Actor, in StaffSignIn) error {
	now := s.now()
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if len(in.ClearThrottles) > 0 {
			if err := tx.Exec(`DELETE FROM sign_in_failures WHERE key IN ?`, in.ClearThrottles).Error; err != nil {
				return err
			}
		}
		if in.EndSession != "" {
			if err := tx.Where("id_hash = ?", in.EndSession).Delete(&StaffSession{}).Error; err != nil {
				return err
			}
		}
		if err := startStaffSession(tx, now, in.SessionHash, in.CSRF, in.User.ID, in.MFAPassed); err != nil {
			return err
		}
		a.Staff = in.User.Staff()
		return audit(tx, now, a, AuditSignIn, "staff", in.User.ID, nil, map[string]bool{"second_factor_done": in.MFAPassed})
	})
	if err != nil {
		return fmt.Errorf("store: SignInStaff: %w", err)
	}
	return nil
}

func startStaffSession(tx *gorm.DB, now time.Time, idHash, csrf, staffID string, mfaPassed bool) error {
	if err := tx.Create(&StaffSession{IDHash: idHash, StaffID: staffID, CSRFToken: csrf, MFAPassed: mfaPassed,
		LastSeenAt: now, AbsoluteExpiresAt: now.Add(StaffAbsoluteLimit), CreatedAt: now}).Error; err != nil {
		return err
	}
	return tx.Model(&StaffUser{}).Where("id = ?", staffID).Update("last_sign_in_at", now).Error
}
