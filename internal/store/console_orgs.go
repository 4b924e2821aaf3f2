package store

// The coordinator's console for the network's members: organisations,
// neighbourhoods and staff accounts. Every method here is for coordinators
// only (the web layer's route table checks the role); each change is one
// transaction that also writes one audit row with the states before and
// after it.

import (
	"context"
	"strings"
	"time"

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

// ---- neighbourhoods --------------------------------------------------------------

// NeighbourhoodFilter narrows and pages the list of neighbourhoods.
type NeighbourhoodFilter struct {
	Search string // part of the name or of a postcode sector
	// AfterName and AfterID are the keyset: rows after this one in name order.
	AfterName, AfterID string
	Limit              int
}

// NeighbourhoodDetail is a neighbourhood with its postcode sectors and the
// housing providers (not removed) that serve it, both in order.
type NeighbourhoodDetail struct {
	Neighbourhood
	Sectors   []string
	Providers []Organisation
}

// ProviderIDs are the IDs of the serving housing providers.
func (n NeighbourhoodDetail) ProviderIDs() []string {
	out := make([]string, len(n.Providers))
	for i, o := range n.Providers {
		out[i] = o.ID
	}
	return out
}

// NeighbourhoodInput is what a coordinator sets on a neighbourhood: sectors
// already normalised with portal.NormaliseSector.
type NeighbourhoodInput struct {
	Name        string
	Sectors     []string
	ProviderIDs []string
}

type neighbourhoodState struct {
	Name      string   `json:"name"`
	Sectors   []string `json:"sectors"`
	Providers []string `json:"providers"`
}

func (n NeighbourhoodDetail) state() neighbourhoodState {
	st := neighbourhoodState{Name: n.Name, Sectors: n.Sectors, Providers: make([]string, len(n.Providers))}
	for i, o := range n.Providers {
		st.Providers[i] = o.Name
	}
	return st
}

// ListNeighbourhoods returns neighbourhoods in name order, a page at a time,
// with their sectors and providers: three queries whatever the page size.
func (s *Store) ListNeighbourhoods(ctx context.Context, f NeighbourhoodFilter) (_ []NeighbourhoodDetail, err error) {
	defer named(&err, "ListNeighbourhoods")
	db := s.db.WithContext(ctx)
	q := db.Model(&Neighbourhood{})
	if f.Search != "" {
		p := networkLike(f.Search)
		q = q.Where(`(lower(name) LIKE ? ESCAPE '\' OR id IN (SELECT neighbourhood_id FROM neighbourhood_sectors WHERE lower(sector) LIKE ? ESCAPE '\'))`, p, p)
	}
	if f.AfterID != "" {
		q = q.Where("(name > ? OR (name = ? AND id > ?))", f.AfterName, f.AfterName, f.AfterID)
	}
	var hoods []Neighbourhood
	if err := q.Order("name, id").Limit(networkLimit(f.Limit)).Find(&hoods).Error; err != nil {
		return nil, err
	}
	return neighbourhoodDetails(db, hoods)
}

// neighbourhoodDetails adds sectors and providers to hoods in two queries.
func neighbourhoodDetails(db *gorm.DB, hoods []Neighbourhood) ([]NeighbourhoodDetail, error) {
	out := make([]NeighbourhoodDetail, len(hoods))
	if len(hoods) == 0 {
		return out, nil
	}
	ids := make([]string, len(hoods))
	at := make(map[string]int, len(hoods))
	for i, h := range hoods {
		ids[i], at[h.ID] = h.ID, i
		out[i] = NeighbourhoodDetail{Neighbourhood: h, Sectors: []string{}, Providers: []Organisation{}}
	}
	var sectors []NeighbourhoodSector
	if err := db.Where("neighbourhood_id IN ?", ids).Order("sector").Find(&sectors).Error; err != nil {
		return nil, err
	}
	for _, sc := range sectors {
		d := &out[at[sc.NeighbourhoodID]]
		d.Sectors = append(d.Sectors, sc.Sector)
	}
	var providers []struct {
		Organisation
		NeighbourhoodID string
	}
	if err := db.Table("organisations").
		Select("organisations.*, neighbourhood_providers.neighbourhood_id AS neighbourhood_id").
		Joins("JOIN neighbourhood_providers ON neighbourhood_providers.organisation_id = organisations.id").
		Where("neighbourhood_providers.neighbourhood_id IN ? AND organisations.removed_at IS NULL", ids).
		Order("organisations.name, organisations.id").Scan(&providers).Error; err != nil {
		return nil, err
	}
	for _, p := range providers {
		d := &out[at[p.NeighbourhoodID]]
		d.Providers = append(d.Providers, p.Organisation)
	}
	return out, nil
}

// NeighbourhoodByID returns a neighbourhood with its sectors and providers,
// or portal.ErrNotFound.
func (s *Store) NeighbourhoodByID(ctx context.Context, id string) (_ NeighbourhoodDetail, err error) {
	defer named(&err, "NeighbourhoodByID")
	return neighbourhoodByID(s.db.WithContext(ctx), id)
}

func neighbourhoodByID(db *gorm.DB, id string) (NeighbourhoodDetail, error) {
	var n Neighbourhood
	if err := db.Where("id = ?", id).Take(&n).Error; err != nil {
		return NeighbourhoodDetail{}, notFound(err)
	}
	out, err := neighbourhoodDetails(db, []Neighbourhood{n})
	if err != nil {
		return NeighbourhoodDetail{}, err
	}
	return out[0], nil
}

// checkNeighbourhood validates what only the database knows: the name is
// free and every provider is a housing provider still in the network. It
// returns the providers in name order.
func checkNeighbourhood(tx *gorm.DB, id string, in NeighbourhoodInput) ([]Organisation, error) {
	v := &portal.ValidationError{}
	var others []string
	if err := tx.Model(&Neighbourhood{}).Where("lower(name) = ? AND id <> ?", strings.ToLower(in.Name), id).Limit(1).Pluck("id", &others).Error; err != nil {
		return nil, err
	}
	if len(others) > 0 {
		v.Add("name", "There is already a neighbourhood with this name")
	}
	var providers []Organisation
	if len(in.ProviderIDs) > 0 {
		if err := tx.Where("id IN ? AND kind = ? AND removed_at IS NULL", in.ProviderIDs, KindHousingProvider).Order("name, id").Find(&providers).Error; err != nil {
			return nil, err
		}
	}
	if len(providers) == 0 || len(providers) != len(in.ProviderIDs) {
		v.Add("providers", "Select the housing providers that serve this neighbourhood")
	}
	return providers, v.Err()
}

// uniqueStrings drops repeats, keeping the first of each in order.
func uniqueStrings(in []string) []string {
	seen := make(map[string]bool, len(in))
	out := make([]string, 0, len(in))
	for _, x := range in {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// setNeighbourhoodParts replaces a neighbourhood's sectors and providers.
func setNeighbourhoodParts(tx *gorm.DB, id string, sectors []string, providers []Organisation) error {
	if err := tx.Exec(`DELETE FROM neighbourhood_sectors WHERE neighbourhood_id = ?`, id).Error; err != nil {
		return err
	}
	if err := tx.Exec(`DELETE FROM neighbourhood_providers WHERE neighbourhood_id = ?`, id).Error; err != nil {
		return err
	}
	for _, sc := range sectors {
		if err := tx.Create(&NeighbourhoodSector{NeighbourhoodID: id, Sector: sc}).Error; err != nil {
			return err
		}
	}
	for _, o := range providers {
		if err := tx.Exec(`INSERT INTO neighbourhood_providers (neighbourhood_id, organisation_id) VALUES (?, ?)`, id, o.ID).Error; err != nil {
			return err
		}
	}
	return nil
}

func neighbourhoodNameTaken() error {
	v := &portal.ValidationError{}
	v.Add("name", "There is already a neighbourhood with this name")
	return v
}

// CreateNeighbourhood adds a neighbourhood with its postcode sectors and
// serving housing providers. Errors: *portal.ValidationError.
func (s *Store) CreateNeighbourhood(ctx context.Context, a Actor, in NeighbourhoodInput) (_ NeighbourhoodDetail, err error) {
	defer named(&err, "CreateNeighbourhood")
	now := s.now()
	in.Sectors, in.ProviderIDs = uniqueStrings(in.Sectors), uniqueStrings(in.ProviderIDs)
	out := NeighbourhoodDetail{Neighbourhood: Neighbourhood{ID: portal.NewID(), Name: in.Name, Version: 1, CreatedAt: now, UpdatedAt: now}, Sectors: in.Sectors}
	err = s.tx(ctx, func(tx *gorm.DB) error {
		providers, err := checkNeighbourhood(tx, "", in)
		if err != nil {
			return err
		}
		out.Providers = providers
		if err := tx.Create(&out.Neighbourhood).Error; err != nil {
			return err
		}
		if err := setNeighbourhoodParts(tx, out.ID, in.Sectors, providers); err != nil {
			return err
		}
		return audit(tx, now, a, AuditCreated, "neighbourhood", out.ID, nil, out.state())
	})
	if database.IsUniqueViolation(err) {
		return out, neighbourhoodNameTaken()
	}
	return out, err
}

// UpdateNeighbourhood saves a coordinator's edit of the neighbourhood at the
// version they loaded. Errors: portal.ErrNotFound, portal.ErrConflict
// (someone saved it since: nothing is overwritten), *portal.ValidationError.
func (s *Store) UpdateNeighbourhood(ctx context.Context, a Actor, id string, version int, in NeighbourhoodInput) (_ NeighbourhoodDetail, err error) {
	defer named(&err, "UpdateNeighbourhood")
	now := s.now()
	in.Sectors, in.ProviderIDs = uniqueStrings(in.Sectors), uniqueStrings(in.ProviderIDs)
	var after NeighbourhoodDetail
	err = s.tx(ctx, func(tx *gorm.DB) error {
		before, err := neighbourhoodByID(tx, id)
		if err != nil {
			return err
		}
		if before.Version != version {
			return portal.ErrConflict
		}
		providers, err := checkNeighbourhood(tx, id, in)
		if err != nil {
			return err
		}
		res := tx.Model(&Neighbourhood{}).Where("id = ? AND version = ?", id, version).
			Updates(map[string]any{"name": in.Name, "version": gorm.Expr("version + 1"), "updated_at": now})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return portal.ErrConflict
		}
		if err := setNeighbourhoodParts(tx, id, in.Sectors, providers); err != nil {
			return err
		}
		after = NeighbourhoodDetail{Neighbourhood: before.Neighbourhood, Sectors: in.Sectors, Providers: providers}
		after.Name, after.Version, after.UpdatedAt = in.Name, before.Version+1, now
		return audit(tx, now, a, AuditUpdated, "neighbourhood", id, before.state(), after.state())
	})
	if database.IsUniqueViolation(err) {
		return after, neighbourhoodNameTaken()
	}
	return after, err
}

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
