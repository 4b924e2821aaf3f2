package store

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/database"
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
func Token() (token, hash string) {
	b := make([]byte, 32)
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

// ---- invitations and passwords -------------------------------------------------

// Invite creates an account for a new staff member and emails them a
// single-use link, valid for 72 hours. Coordinators only (the caller checks).
// Errors: *portal.ValidationError (email in use, role not fitting the
// organisation), portal.ErrNotFound (no such organisation).
func (s *Store) Invite(ctx context.Context, a Actor, orgID, email, name string, role portal.Role, m Messages) (string, error) {
	token, hash := Token()
	now := s.now()
	err := s.tx(ctx, func(tx *gorm.DB) error {
		var org Organisation
		if err := tx.Where("id = ? AND removed_at IS NULL", orgID).Take(&org).Error; err != nil {
			return notFound(err)
		}
		v := &portal.ValidationError{}
		if !portal.RoleFitsOrganisation(role, org.Kind) {
			v.Add("role", "Choose a role that fits "+org.Name+": coordinators belong to the network, housing officers to housing providers, recruiters to employers")
			return v
		}
		var n int64
		if err := tx.Model(&StaffUser{}).Where("email = ?", email).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			v.Add("email", "There is already an account with this email address")
			return v
		}
		u := StaffUser{ID: portal.NewID(), OrganisationID: orgID, Email: email, FullName: name, Role: role, Version: 1, CreatedAt: now, UpdatedAt: now}
		if err := tx.Create(&u).Error; err != nil {
			return err
		}
		if err := tx.Exec(`INSERT INTO staff_tokens (id, staff_id, purpose, token_hash, expires_at, created_at) VALUES (?, ?, 'invite', ?, ?, ?)`,
			portal.NewID(), u.ID, hash, now.Add(InvitationLifetime), now).Error; err != nil {
			return err
		}
		subject, body := m.Invitation(name, org.Name, token)
		if err := enqueueSecret(tx, now, ChannelEmail, email, subject, body, token, now.Add(InvitationLifetime)); err != nil {
			return err
		}
		return audit(tx, now, a, AuditInvited, "staff", u.ID, nil, map[string]string{"email": email, "role": string(role), "organisation": org.Name})
	})
	if database.IsUniqueViolation(err) {
		v := &portal.ValidationError{}
		v.Add("email", "There is already an account with this email address")
		return "", failed("Invite", v)
	}
	if err != nil {
		return "", failed("Invite", err)
	}
	return token, nil
}

// ErrTokenInvalid means a link is unknown, used or expired.
var ErrTokenInvalid = errors.New("this link has expired or has already been used")

// StaffByToken returns the account a live single-use link belongs to.
func (s *Store) StaffByToken(ctx context.Context, purpose, token string) (StaffUser, error) {
	var u StaffUser
	err := s.db.WithContext(ctx).Table("staff_users").Select("staff_users.*").
		Joins("JOIN staff_tokens ON staff_tokens.staff_id = staff_users.id").
		Where("staff_tokens.token_hash = ? AND staff_tokens.purpose = ? AND staff_tokens.used_at IS NULL AND staff_tokens.expires_at > ?", HashToken(token), purpose, s.now()).
		Where("staff_users.disabled_at IS NULL").
		Take(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return u, fmt.Errorf("store: StaffByToken: %w", ErrTokenInvalid)
	}
	if err == nil {
		err = s.openTOTP(ctx, &u)
	}
	if err != nil {
		return u, fmt.Errorf("store: StaffByToken: %w", err)
	}
	return u, nil
}

// UseToken spends a single-use link and sets the account's password (and,
// for an invitation, its name), in one transaction; every other outstanding
// link of the account stops working. A reset also signs the account out
// everywhere. Errors: ErrTokenInvalid.
func (s *Store) UseToken(ctx context.Context, a Actor, purpose, token, name, passwordHash string) (StaffUser, error) {
	now := s.now()
	var u StaffUser
	err := s.tx(ctx, func(tx *gorm.DB) error {
		var staffID string
		res := tx.Raw(`UPDATE staff_tokens SET used_at = ? WHERE token_hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > ? RETURNING staff_id`,
			now, HashToken(token), purpose, now).Scan(&staffID)
		if res.Error != nil {
			return res.Error
		}
		if staffID == "" {
			return ErrTokenInvalid
		}
		// Every other link of the account ends too: a used reset link must
		// not leave an older one (perhaps in a leaked mailbox) working, and an
		// accepted invitation makes the account's other links pointless.
		if err := tx.Exec(`UPDATE staff_tokens SET used_at = ? WHERE staff_id = ? AND used_at IS NULL`, now, staffID).Error; err != nil {
			return err
		}
		updates := map[string]any{"password_hash": passwordHash, "updated_at": now, "version": gorm.Expr("version + 1")}
		if name != "" {
			updates["full_name"] = name
		}
		if err := tx.Model(&StaffUser{}).Where("id = ? AND disabled_at IS NULL", staffID).Updates(updates).Error; err != nil {
			return err
		}
		if err := tx.Where("id = ?", staffID).Take(&u).Error; err != nil {
			return err
		}
		action := AuditInviteAccepted
		if purpose == "reset" {
			action = AuditPasswordReset
			if err := tx.Where("staff_id = ?", staffID).Delete(&StaffSession{}).Error; err != nil {
				return err
			}
		}
		a.Staff = u.Staff()
		return audit(tx, now, a, action, "staff", u.ID, nil, nil)
	})
	if err == nil {
		err = s.openTOTP(ctx, &u)
	}
	if err != nil {
		return u, fmt.Errorf("store: UseToken: %w", err)
	}
	return u, nil
}

// RequestPasswordReset emails a 30-minute single-use link to an enabled
// account that has a password. It says nothing about whether the account
// exists (the caller shows the same page either way).
func (s *Store) RequestPasswordReset(ctx context.Context, a Actor, email string, m Messages) error {
	token, hash := Token()
	now := s.now()
	return failed("RequestPasswordReset", s.tx(ctx, func(tx *gorm.DB) error {
		var u StaffUser
		err := tx.Where("email = ? AND disabled_at IS NULL AND password_hash <> ''", email).Take(&u).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := tx.Exec(`INSERT INTO staff_tokens (id, staff_id, purpose, token_hash, expires_at, created_at) VALUES (?, ?, 'reset', ?, ?, ?)`,
			portal.NewID(), u.ID, hash, now.Add(ResetLifetime), now).Error; err != nil {
			return err
		}
		subject, body := m.PasswordReset(token)
		if err := enqueueSecret(tx, now, ChannelEmail, email, subject, body, token, now.Add(ResetLifetime)); err != nil {
			return err
		}
		a.Staff = u.Staff()
		return audit(tx, now, a, AuditResetRequested, "staff", u.ID, nil, nil)
	}))
}

// ---- second factor ----------------------------------------------------------------

// SetPendingTOTP stores, sealed, a secret being enrolled (not yet in force).
// Errors: ErrSecretKey, or the database's.
func (s *Store) SetPendingTOTP(ctx context.Context, staffID, secret string) error {
	sealed, err := s.sealTOTP(ctx, staffID, secret)
	if err == nil {
		err = s.db.WithContext(ctx).Model(&StaffUser{}).Where("id = ? AND totp_enabled = ?", staffID, false).
			Updates(map[string]any{"totp_secret": sealed, "updated_at": s.now()}).Error
	}
	if err != nil {
		return fmt.Errorf("store: SetPendingTOTP: %w", err)
	}
	return nil
}

// EnableTOTP puts the enrolled secret in force and stores the recovery
// codes, replacing any old ones. recoveryHashes are HashToken of each code
// (the codes themselves never reach the store); each is stored salted with
// its own random salt. Errors: portal.ErrConflict (no secret enrolled).
func (s *Store) EnableTOTP(ctx context.Context, a Actor, staffID string, recoveryHashes []string) error {
	now := s.now()
	err := s.tx(ctx, func(tx *gorm.DB) error {
		res := tx.Model(&StaffUser{}).Where("id = ? AND totp_secret <> ''", staffID).Updates(map[string]any{"totp_enabled": true, "updated_at": now})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return portal.ErrConflict
		}
		if err := tx.Exec(`DELETE FROM staff_recovery_codes WHERE staff_id = ?`, staffID).Error; err != nil {
			return err
		}
		for _, h := range recoveryHashes {
			salt, err := newSalt()
			if err != nil {
				return err
			}
			if err := tx.Exec(`INSERT INTO staff_recovery_codes (id, staff_id, code_hash, salt, created_at) VALUES (?, ?, ?, ?, ?)`,
				portal.NewID(), staffID, saltedCodeHash(salt, h), hex.EncodeToString(salt), now).Error; err != nil {
				return err
			}
		}
		return audit(tx, now, a, AuditMFAEnrolled, "staff", staffID, nil, nil)
	})
	if err != nil {
		return fmt.Errorf("store: EnableTOTP: %w", err)
	}
	return nil
}

// UseTOTPStep records the authenticator time step just accepted; a step at
// or before the last one accepted is a replayed code: ErrTokenInvalid.
func (s *Store) UseTOTPStep(ctx context.Context, staffID string, step int64) error {
	res := s.db.WithContext(ctx).Exec(`UPDATE staff_users SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?`, step, staffID, step)
	if res.Error != nil {
		return fmt.Errorf("store: UseTOTPStep: %w", res.Error)
	}
	if res.RowsAffected != 1 {
		return fmt.Errorf("store: UseTOTPStep: %w", ErrTokenInvalid)
	}
	return nil
}

// UseRecoveryCode spends one recovery code of the account, once even when
// two requests send it at the same moment. Errors: ErrTokenInvalid (not an
// unused code of this account).
func (s *Store) UseRecoveryCode(ctx context.Context, staffID, code string) error {
	if err := s.useRecoveryCode(ctx, staffID, code); err != nil {
		return fmt.Errorf("store: UseRecoveryCode: %w", err)
	}
	return nil
}

func (s *Store) useRecoveryCode(ctx context.Context, staffID, code string) error {
	db := s.db.WithContext(ctx)
	var rows []struct{ ID, CodeHash, Salt string }
	if err := db.Table("staff_recovery_codes").Where("staff_id = ? AND used_at IS NULL", staffID).Find(&rows).Error; err != nil {
		return err
	}
	want := HashToken(code)
	id := ""
	for _, r := range rows {
		got := want // a hash from before salting, until UpgradeSecrets salts it
		if r.Salt != "" {
			salt, err := hex.DecodeString(r.Salt)
			if err != nil {
				return fmt.Errorf("a recovery code's salt is damaged: %w", err)
			}
			got = saltedCodeHash(salt, want)
		}
		if hmac.Equal([]byte(got), []byte(r.CodeHash)) {
			id = r.ID
		}
	}
	if id == "" {
		return ErrTokenInvalid
	}
	res := db.Exec(`UPDATE staff_recovery_codes SET used_at = ? WHERE id = ? AND used_at IS NULL`, s.now(), id)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected != 1 {
		return ErrTokenInvalid
	}
	return nil
}
