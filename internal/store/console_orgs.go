package store

// The coordinator's console for the network's members: organisations,
// neighbourhoods and staff accounts. Every method here is for coordinators
// only (the web layer's route table checks the role); each change is one
// transaction that also writes one audit row with the states before and
// after it.

import (
	"context"
	"strings"

	"gorm.io/gorm"

	"anchorpathways/internal/database"
	"anchorpathways/internal/portal"
)

// networkLike is a LIKE pattern (used with ESCAPE '\') matching q anywhere,
// lower-cased, with LIKE's own wildcards in q taken literally.
func networkLike(q string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(strings.ToLower(q)) + "%"
}

// networkLimit bounds a page of a console list.
func networkLimit(n int) int {
	if n <= 0 || n > 500 {
		return 50
	}
	return n
}

// ---- organisations -----------------------------------------------------------

// OrganisationFilter narrows and pages the list of organisations.
type OrganisationFilter struct {
	Search string // part of the name, in any case
	Kind   string // only organisations of this kind, when set
	// AfterName and AfterID are the keyset: rows after this one in name order.
	AfterName, AfterID string
	Limit              int
}

// OrganisationInput is what a coordinator sets on an organisation, already
// validated and normalised by the caller.
type OrganisationInput struct {
	Name, Kind, ContactEmail, ContactPhone string
}

type organisationState struct {
	Name         string `json:"name"`
	Kind         string `json:"kind"`
	ContactEmail string `json:"contact_email"`
	ContactPhone string `json:"contact_phone"`
	Removed      bool   `json:"removed,omitempty"`
}

func (o Organisation) state() organisationState {
	return organisationState{Name: o.Name, Kind: o.Kind, ContactEmail: o.ContactEmail, ContactPhone: o.ContactPhone, Removed: o.RemovedAt != nil}
}

// ListOrganisations returns the organisations that have not been removed, in
// name order, a page at a time.
func (s *Store) ListOrganisations(ctx context.Context, f OrganisationFilter) (_ []Organisation, err error) {
	defer named(&err, "ListOrganisations")
	q := s.db.WithContext(ctx).Model(&Organisation{}).Where("removed_at IS NULL")
	if f.Search != "" {
		q = q.Where(`lower(name) LIKE ? ESCAPE '\'`, networkLike(f.Search))
	}
	if f.Kind != "" {
		q = q.Where("kind = ?", f.Kind)
	}
	if f.AfterID != "" {
		q = q.Where("(name > ? OR (name = ? AND id > ?))", f.AfterName, f.AfterName, f.AfterID)
	}
	var out []Organisation
	err = q.Order("name, id").Limit(networkLimit(f.Limit)).Find(&out).Error
	return out, err
}

// OrganisationByID returns an organisation that has not been removed, or
// portal.ErrNotFound.
func (s *Store) OrganisationByID(ctx context.Context, id string) (_ Organisation, err error) {
	defer named(&err, "OrganisationByID")
	var o Organisation
	err = s.db.WithContext(ctx).Where("id = ? AND removed_at IS NULL", id).Take(&o).Error
	return o, notFound(err)
}

// organisationNameFree refuses a name another organisation has (in any
// case), removed ones included: their names stay taken.
func organisationNameFree(tx *gorm.DB, name, exceptID string) error {
	var others []Organisation
	if err := tx.Where("lower(name) = ? AND id <> ?", strings.ToLower(name), exceptID).Limit(1).Find(&others).Error; err != nil {
		return err
	}
	if len(others) == 0 {
		return nil
	}
	return organisationNameTaken(others[0].RemovedAt != nil)
}

func organisationNameTaken(removed bool) error {
	v := &portal.ValidationError{}
	if removed {
		v.Add("name", "A removed organisation had this name. Enter a different name")
	} else {
		v.Add("name", "There is already an organisation with this name")
	}
	return v
}

// CreateOrganisation adds an organisation. Errors: *portal.ValidationError
// (the name is taken).
func (s *Store) CreateOrganisation(ctx context.Context, a Actor, in OrganisationInput) (_ Organisation, err error) {
	defer named(&err, "CreateOrganisation")
	now := s.now()
	o := Organisation{ID: portal.NewID(), Name: in.Name, Kind: in.Kind, ContactEmail: in.ContactEmail, ContactPhone: in.ContactPhone,
		Version: 1, CreatedAt: now, UpdatedAt: now}
	err = s.tx(ctx, func(tx *gorm.DB) error {
		if err := organisationNameFree(tx, in.Name, ""); err != nil {
			return err
		}
		if err := tx.Create(&o).Error; err != nil {
			return err
		}
		return audit(tx, now, a, AuditCreated, "organisation", o.ID, nil, o.state())
	})
	if database.IsUniqueViolation(err) {
		return o, organisationNameTaken(false)
	}
	return o, err
}

// UpdateOrganisation saves a coordinator's edit of the organisation at the
// version they loaded. Errors: portal.ErrNotFound (no such organisation, or
// removed), portal.ErrConflict (someone saved it since: nothing is
// overwritten), *portal.ValidationError (the name is taken, or the kind no
// longer fits its staff, pathways or neighbourhoods).
func (s *Store) UpdateOrganisation(ctx context.Context, a Actor, id string, version int, in OrganisationInput) (_ Organisation, err error) {
	defer named(&err, "UpdateOrganisation")
	now := s.now()
	var after Organisation
	err = s.tx(ctx, func(tx *gorm.DB) error {
		var before Organisation
		if err := tx.Where("id = ? AND removed_at IS NULL", id).Take(&before).Error; err != nil {
			return notFound(err)
		}
		if before.Version != version {
			return portal.ErrConflict
		}
		if err := organisationNameFree(tx, in.Name, id); err != nil {
			return err
		}
		if before.Kind != in.Kind {
			if err := kindCanChange(tx, before, in.Kind); err != nil {
				return err
			}
		}
		res := tx.Model(&Organisation{}).Where("id = ? AND version = ? AND removed_at IS NULL", id, version).Updates(map[string]any{
			"name": in.Name, "kind": in.Kind, "contact_email": in.ContactEmail, "contact_phone": in.ContactPhone,
			"version": gorm.Expr("version + 1"), "updated_at": now,
		})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return portal.ErrConflict
		}
		after = before
		after.Name, after.Kind, after.ContactEmail, after.ContactPhone = in.Name, in.Kind, in.ContactEmail, in.ContactPhone
		after.Version, after.UpdatedAt = before.Version+1, now
		return audit(tx, now, a, AuditUpdated, "organisation", id, before.state(), after.state())
	})
	if database.IsUniqueViolation(err) {
		return after, organisationNameTaken(false)
	}
	return after, err
}

// kindCanChange refuses a new kind that would leave the organisation's
// enabled staff in roles that do not fit it, or its pathways and
// neighbourhoods with an owner or partner of the wrong kind.
func kindCanChange(tx *gorm.DB, o Organisation, kind string) error {
	v := &portal.ValidationError{}
	var roles []portal.Role
	if err := tx.Model(&StaffUser{}).Where("organisation_id = ? AND disabled_at IS NULL", o.ID).Distinct().Pluck("role", &roles).Error; err != nil {
		return err
	}
	for _, r := range roles {
		if !portal.RoleFitsOrganisation(r, kind) {
			v.Add("kind", "This organisation has "+strings.ToLower(r.Label())+" accounts, which need it to stay a "+strings.ReplaceAll(o.Kind, "_", " ")+". Disable them first")
			return v
		}
	}
	var ids []string
	if kind != KindEmployer {
		if err := tx.Table("pathways").Where("employer_id = ?", o.ID).Limit(1).Pluck("id", &ids).Error; err != nil {
			return err
		}
		if len(ids) > 0 {
			v.Add("kind", "This organisation owns pathways as their employer, so it must stay an employer")
			return v
		}
	}
	if o.Kind == KindHousingProvider {
		if err := tx.Raw(`SELECT pathway_id FROM pathway_providers WHERE organisation_id = ?
			UNION ALL SELECT neighbourhood_id FROM neighbourhood_providers WHERE organisation_id = ? LIMIT 1`, o.ID, o.ID).Scan(&ids).Error; err != nil {
			return err
		}
		if len(ids) > 0 {
			v.Add("kind", "This organisation is a partner housing provider of pathways or neighbourhoods, so it must stay a housing provider")
			return v
		}
	}
	return nil
}

// RemoveOrganisation removes an organisation from the network: it leaves
// every list, and its staff are signed out and cannot sign in again. Its
// records stay for the audit trail. A coordinator cannot remove their own
// organisation. Errors: portal.ErrNotFound, *portal.ValidationError.
func (s *Store) RemoveOrganisation(ctx context.Context, a Actor, id string) (err error) {
	defer named(&err, "RemoveOrganisation")
	if a.Staff.OrganisationID == id {
		v := &portal.ValidationError{}
		v.Add("organisation", "You cannot remove your own organisation")
		return v
	}
	now := s.now()
	return s.tx(ctx, func(tx *gorm.DB) error {
		var before Organisation
		if err := tx.Where("id = ? AND removed_at IS NULL", id).Take(&before).Error; err != nil {
			return notFound(err)
		}
		res := tx.Model(&Organisation{}).Where("id = ? AND removed_at IS NULL", id).
			Updates(map[string]any{"removed_at": now, "version": gorm.Expr("version + 1"), "updated_at": now})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return portal.ErrNotFound
		}
		// LoadStaffSession already refuses them; ending them now is tidier.
		if err := tx.Exec(`DELETE FROM staff_sessions WHERE staff_id IN (SELECT id FROM staff_users WHERE organisation_id = ?)`, id).Error; err != nil {
			return err
		}
		after := before
		after.RemovedAt = &now
		return audit(tx, now, a, AuditDeleted, "organisation", id, before.state(), after.state())
	})
}
