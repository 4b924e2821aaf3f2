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
