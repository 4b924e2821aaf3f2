package store

// The coordinator's console for the network's members: organisations,
// neighbourhoods and staff accounts. Every method here is for coordinators
// only (the web layer's route table checks the role); each change is one
// transaction that also writes one audit row with the states before and
// after it.

import (
	"context"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/portal"
)

// ---- staff accounts ---------------------------------------------------------------

// StaffFilter narrows and pages the list of staff accounts.
type StaffFilter struct {
	Search string // part of the name or email address
	// AfterName and AfterID are the keyset: rows after this one in name order.
	AfterName, AfterID string
	Limit              int
}

// StaffAccount is what the console shows of a staff account: never its
// password or second-factor secrets.
type StaffAccount struct {
	ID               string
	Email            string
	FullName         string
	Role             portal.Role
	OrganisationID   string
	OrganisationName string
	OrganisationKind string
	// Active is set once the invitation has been accepted.
	Active       bool
	DisabledAt   *time.Time
	LastSignInAt *time.Time
	Version      int
}

// staffAccounts selects accounts of organisations still in the network.
func staffAccounts(db *gorm.DB) *gorm.DB {
	return db.Table("staff_users").
		Select("staff_users.id, staff_users.email, staff_users.full_name, staff_users.role, staff_users.organisation_id, " +
			"organisations.name AS organisation_name, organisations.kind AS organisation_kind, " +
			"CASE WHEN staff_users.password_hash <> '' THEN 1 ELSE 0 END AS active, " +
			"staff_users.disabled_at, staff_users.last_sign_in_at, staff_users.version").
		Joins("JOIN organisations ON organisations.id = staff_users.organisation_id").
		Where("organisations.removed_at IS NULL")
}

// staffAccountRow is a StaffAccount as scanned: Active is 0 or 1 on both
// dialects.
type staffAccountRow struct {
	ID, Email, FullName                                string
	Role                                               portal.Role
	OrganisationID, OrganisationName, OrganisationKind string
	Active                                             int
	DisabledAt, LastSignInAt                           *time.Time
	Version                                            int
}

func (r staffAccountRow) account() StaffAccount {
	return StaffAccount{ID: r.ID, Email: r.Email, FullName: r.FullName, Role: r.Role, OrganisationID: r.OrganisationID,
		OrganisationName: r.OrganisationName, OrganisationKind: r.OrganisationKind, Active: r.Active == 1,
		DisabledAt: r.DisabledAt, LastSignInAt: r.LastSignInAt, Version: r.Version}
}

// ListStaff returns the staff accounts of organisations in the network, in
// name order, a page at a time.
func (s *Store) ListStaff(ctx context.Context, f StaffFilter) (_ []StaffAccount, err error) {
	defer named(&err, "ListStaff")
	q := staffAccounts(s.db.WithContext(ctx))
	if f.Search != "" {
		p := networkLike(f.Search)
		q = q.Where(`(lower(staff_users.full_name) LIKE ? ESCAPE '\' OR lower(staff_users.email) LIKE ? ESCAPE '\')`, p, p)
	}
	if f.AfterID != "" {
		q = q.Where("(staff_users.full_name > ? OR (staff_users.full_name = ? AND staff_users.id > ?))", f.AfterName, f.AfterName, f.AfterID)
	}
	var rows []staffAccountRow
	if err := q.Order("staff_users.full_name, staff_users.id").Limit(networkLimit(f.Limit)).Scan(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]StaffAccount, len(rows))
	for i, r := range rows {
		out[i] = r.account()
	}
	return out, nil
}

// StaffAccountByID returns one account, or portal.ErrNotFound.
func (s *Store) StaffAccountByID(ctx context.Context, id string) (_ StaffAccount, err error) {
	defer named(&err, "StaffAccountByID")
	return staffAccountByID(s.db.WithContext(ctx), id)
}

func staffAccountByID(db *gorm.DB, id string) (StaffAccount, error) {
	var row staffAccountRow
	if err := staffAccounts(db).Where("staff_users.id = ?", id).Take(&row).Error; err != nil {
		return StaffAccount{}, notFound(err)
	}
	return row.account(), nil
}

// ChangeStaffRole gives an enabled account a new role that fits its
// organisation, at the version the coordinator loaded; the change applies
// from the account's next request. Errors: portal.ErrNotFound,
// portal.ErrConflict (changed since), *portal.ValidationError (the role does
// not fit, or the account is disabled).
func (s *Store) ChangeStaffRole(ctx context.Context, a Actor, id string, version int, role portal.Role) (err error) {
	defer named(&err, "ChangeStaffRole")
	now := s.now()
	return s.tx(ctx, func(tx *gorm.DB) error {
		before, err := staffAccountByID(tx, id)
		if err != nil {
			return err
		}
		if before.Version != version {
			return portal.ErrConflict
		}
		v := &portal.ValidationError{}
		switch {
		case before.DisabledAt != nil:
			v.Add("role", "This account is disabled")
		case !role.Valid():
			v.Add("role", "Select a role")
		case !portal.RoleFitsOrganisation(role, before.OrganisationKind):
			v.Add("role", "Choose a role that fits "+before.OrganisationName+": coordinators belong to the network, housing officers to housing providers, recruiters to employers")
		}
		if !v.Empty() {
			return v
		}
		if role == before.Role {
			return nil // nothing changes, so nothing to record
		}
		res := tx.Model(&StaffUser{}).Where("id = ? AND version = ? AND disabled_at IS NULL", id, version).
			Updates(map[string]any{"role": role, "version": gorm.Expr("version + 1"), "updated_at": now})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return portal.ErrConflict
		}
		return audit(tx, now, a, AuditRoleChanged, "staff", id, map[string]string{"role": string(before.Role)}, map[string]string{"role": string(role)})
	})
}

// DisableStaff disables an account and ends its sessions at once. A
// coordinator cannot disable their own account. Errors: portal.ErrNotFound,
// portal.ErrConflict (already disabled), *portal.ValidationError (their own).
func (s *Store) DisableStaff(ctx context.Context, a Actor, id string) (err error) {
	defer named(&err, "DisableStaff")
	if a.Staff.ID == id {
		v := &portal.ValidationError{}
		v.Add("account", "You cannot disable your own account")
		return v
	}
	now := s.now()
	return s.tx(ctx, func(tx *gorm.DB) error {
		before, err := staffAccountByID(tx, id)
		if err != nil {
			return err
		}
		res := tx.Model(&StaffUser{}).Where("id = ? AND disabled_at IS NULL", id).
			Updates(map[string]any{"disabled_at": now, "version": gorm.Expr("version + 1"), "updated_at": now})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return portal.ErrConflict
		}
		if err := tx.Where("staff_id = ?", id).Delete(&StaffSession{}).Error; err != nil {
			return err
		}
		state := func(disabled bool) map[string]any {
			return map[string]any{"email": before.Email, "role": before.Role, "organisation": before.OrganisationName, "disabled": disabled}
		}
		return audit(tx, now, a, AuditStaffDisabled, "staff", id, state(false), state(true))
	})
}
