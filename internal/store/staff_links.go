package store

// Single-use links: invitations and password resets.

import (
	"context"
	"errors"
	"fmt"

	"gorm.io/gorm"

	"anchorpathways/internal/database"
	"anchorpathways/internal/portal"
)

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
