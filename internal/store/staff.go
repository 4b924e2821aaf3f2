package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/portal"
)

// Staff account rules.
const (
	InvitationLifetime = 72 * time.Hour
	ResetLifetime      = 30 * time.Minute
	StaffIdleTimeout   = 30 * time.Minute
	StaffAbsoluteLimit = 12 * time.Hour
)

// StaffUser is a staff account.
type StaffUser struct {
	ID             string
	OrganisationID string
	Email          string
	FullName       string
	Role           portal.Role
	PasswordHash   string
	// TOTPSecret is the authenticator secret in the clear, as the store's
	// readers return it; the database holds only TOTPSealed (AES-256-GCM).
	TOTPSecret   string `gorm:"-"`
	TOTPSealed   string `gorm:"column:totp_secret"`
	TOTPEnabled  bool   `gorm:"column:totp_enabled"`
	MFAExempt    bool   `gorm:"column:mfa_exempt"`
	TOTPLastStep int64  `gorm:"column:totp_last_step"`
	DisabledAt   *time.Time
	LastSignInAt *time.Time
	Version      int
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Staff is the acting identity of the account.
func (u StaffUser) Staff() portal.Staff {
	return portal.Staff{ID: u.ID, Email: u.Email, Name: u.FullName, Role: u.Role, OrganisationID: u.OrganisationID}
}

// StaffSession is a signed-in staff member's server-side session.
type StaffSession struct {
	IDHash            string `gorm:"primaryKey"`
	StaffID           string
	CSRFToken         string
	MFAPassed         bool `gorm:"column:mfa_passed"`
	Flash             string
	LastSeenAt        time.Time
	AbsoluteExpiresAt time.Time
	CreatedAt         time.Time
}

// LiveStaffSession is a session with its account and organisation.
type LiveStaffSession struct {
	StaffSession
	User             StaffUser
	OrganisationName string
}

// Token makes a random single-use secret and its SHA-256 for storage.
func Token() (token, hash string) { return randomToken(32) }

// randomToken is n random bytes in base64 for an address, and their hash.
func randomToken(n int) (token, hash string) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // the system's random source failing is not recoverable
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token)
}

// HashToken is how tokens are stored.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// StaffByEmail returns an account by its normalised email, or
// portal.ErrNotFound. An account whose organisation has been removed is not
// found: it may not sign in, just as its sessions end (LoadStaffSession).
func (s *Store) StaffByEmail(ctx context.Context, email string) (StaffUser, error) {
	var u StaffUser
	err := s.db.WithContext(ctx).
		Where("email = ? AND organisation_id IN (SELECT id FROM organisations WHERE removed_at IS NULL)", email).
		Take(&u).Error
	if err == nil {
		err = s.openTOTP(ctx, &u)
	}
	if err != nil {
		return u, fmt.Errorf("store: StaffByEmail: %w", notFound(err))
	}
	return u, nil
}

// StaffByID returns an account, or portal.ErrNotFound.
func (s *Store) StaffByID(ctx context.Context, id string) (StaffUser, error) {
	var u StaffUser
	err := s.db.WithContext(ctx).Where("id = ?", id).Take(&u).Error
	if err == nil {
		err = s.openTOTP(ctx, &u)
	}
	if err != nil {
		return u, fmt.Errorf("store: StaffByID: %w", notFound(err))
	}
	return u, nil
}

// StartStaffSession stores a brand-new session (a new ID at every sign-in,
// so a planted one is worthless) and records the sign-in. Errors are the
// database's.
func (s *Store) StartStaffSession(ctx context.Context, idHash, csrf string, u StaffUser, mfaPassed bool) error {
	now := s.now()
	if err := s.tx(ctx, func(tx *gorm.DB) error { return startStaffSession(tx, now, idHash, csrf, u.ID, mfaPassed) }); err != nil {
		return fmt.Errorf("store: StartStaffSession: %w", err)
	}
	return nil
}

// LoadStaffSession returns a live session: within its idle and absolute
// limits, of an enabled account whose organisation still exists. Anything
// else is portal.ErrNotFound, so disabling an account or removing its
// organisation ends its sessions at their next request.
func (s *Store) LoadStaffSession(ctx context.Context, idHash string) (LiveStaffSession, error) {
	now := s.now()
	var row struct {
		StaffSession
		OrganisationName string
	}
	err := s.db.WithContext(ctx).Table("staff_sessions").
		Select("staff_sessions.*, organisations.name AS organisation_name").
		Joins("JOIN staff_users ON staff_users.id = staff_sessions.staff_id").
		Joins("JOIN organisations ON organisations.id = staff_users.organisation_id").
		Where("staff_sessions.id_hash = ? AND staff_sessions.absolute_expires_at > ? AND staff_sessions.last_seen_at > ?", idHash, now, now.Add(-StaffIdleTimeout)).
		Where("staff_users.disabled_at IS NULL AND organisations.removed_at IS NULL").
		Take(&row).Error
	if err != nil {
		return LiveStaffSession{}, fmt.Errorf("store: LoadStaffSession: %w", notFound(err))
	}
	out := LiveStaffSession{StaffSession: row.StaffSession, OrganisationName: row.OrganisationName}
	if err := s.db.WithContext(ctx).Where("id = ?", row.StaffID).Take(&out.User).Error; err != nil {
		return out, fmt.Errorf("store: LoadStaffSession: %w", notFound(err))
	}
	if err := s.openTOTP(ctx, &out.User); err != nil {
		return out, fmt.Errorf("store: LoadStaffSession: %w", err)
	}
	return out, nil
}

// TouchStaffSession records activity, pushing back the idle time-out (the
// staff session middleware, on every request). Errors are the database's.
func (s *Store) TouchStaffSession(ctx context.Context, idHash string) error {
	return failed("TouchStaffSession", s.db.WithContext(ctx).Model(&StaffSession{}).Where("id_hash = ?", idHash).Update("last_seen_at", s.now()).Error)
}

// PassStaffMFA marks the second factor done for a session, once the caller
// has checked it. Errors are the database's.
func (s *Store) PassStaffMFA(ctx context.Context, idHash string) error {
	return failed("PassStaffMFA", s.db.WithContext(ctx).Model(&StaffSession{}).Where("id_hash = ?", idHash).Update("mfa_passed", true).Error)
}

// SetStaffFlash leaves a message for the session's next page. Errors are
// the database's.
func (s *Store) SetStaffFlash(ctx context.Context, idHash, msg string) error {
	return failed("SetStaffFlash", s.db.WithContext(ctx).Model(&StaffSession{}).Where("id_hash = ?", idHash).Update("flash", msg).Error)
}

// EndStaffSession signs one session out. Errors are the database's.
func (s *Store) EndStaffSession(ctx context.Context, idHash string) error {
	return failed("EndStaffSession", s.db.WithContext(ctx).Where("id_hash = ?", idHash).Delete(&StaffSession{}).Error)
}

// EndAllStaffSessions signs an account out everywhere. Errors are the
// database's.
func (s *Store) EndAllStaffSessions(ctx context.Context, staffID string) error {
	return failed("EndAllStaffSessions", s.db.WithContext(ctx).Where("staff_id = ?", staffID).Delete(&StaffSession{}).Error)
}
