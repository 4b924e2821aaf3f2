package store

import (
	"context"
	"time"

	"anchorpathways/internal/portal"
)

// Organisation is a network member.
type Organisation struct {
	ID           string
	Name         string
	Kind         string
	ContactEmail string
	ContactPhone string
	RemovedAt    *time.Time
	Version      int
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Organisation kinds.
const (
	KindHousingProvider  = "housing_provider"
	KindEmployer         = "employer"
	KindTrainingProvider = "training_provider"
	KindCoordinator      = "coordinator"
)

// Neighbourhood is a named area made of postcode sectors.
type Neighbourhood struct {
	ID        string
	Name      string
	Version   int
	CreatedAt time.Time
	UpdatedAt time.Time
}

// NeighbourhoodSector is one postcode sector ("B35 7") of a neighbourhood.
type NeighbourhoodSector struct {
	NeighbourhoodID string `gorm:"primaryKey"`
	Sector          string `gorm:"primaryKey"`
}

// Pathway is a route from one sector into an employer's roles.
type Pathway struct {
	ID              string
	Slug            string
	Name            string
	RefPrefix       string
	EmployerID      string
	FromSector      string
	Summary         string
	Description     string
	EligibilityText string
	IsOpen          bool       // published: on the public side (see State)
	PublishedAt     *time.Time // when last published; nil for a draft
	Version         int
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

// Role is a job a pathway leads to.
type Role struct {
	ID          string
	PathwayID   string
	Title       string
	Pay         string
	Hours       string
	Description string
	Position    int
}

// Course is the pre-employment course of a pathway.
type Course struct {
	ID        string
	PathwayID string
	Name      string
	Summary   string
	Outcome   string
	Version   int
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Cohort is one run of a course with a fixed number of places.
type Cohort struct {
	ID            string
	CourseID      string
	StartsOn      time.Time
	EndsOn        time.Time
	ClosesAt      time.Time
	VenueName     string
	VenueAddress  string
	VenuePostcode string
	Capacity      int
	PlacesTaken   int
	Version       int
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// PlacesLeft is how many places are still free.
func (c Cohort) PlacesLeft() int {
	if n := c.Capacity - c.PlacesTaken; n > 0 {
		return n
	}
	return 0
}

// PathwayCard is what the home page shows of an open pathway.
type PathwayCard struct {
	Pathway
	EmployerName string
	Roles        []Role
	NextCohort   *Cohort
}

// PathwayPage is everything the public pathway page shows.
type PathwayPage struct {
	Pathway
	EmployerName   string
	Roles          []Role
	Course         *Course
	Cohorts        []Cohort // open for applications, soonest first
	Providers      []Organisation
	Neighbourhoods []NeighbourhoodWithSectors
}

// NeighbourhoodWithSectors is a neighbourhood and its postcode sectors.
type NeighbourhoodWithSectors struct {
	Neighbourhood
	Sectors []string
}

// openPathway is an open pathway with its employer's name.
type openPathway struct {
	Pathway
	EmployerName string
}

// openPathways lists the open pathways of organisations still in the
// network, by name.
func (s *Store) openPathways(ctx context.Context) ([]openPathway, error) {
	var rows []openPathway
	err := s.db.WithContext(ctx).Table("pathways").
		Select("pathways.*, organisations.name AS employer_name").
		Joins("JOIN organisations ON organisations.id = pathways.employer_id AND organisations.removed_at IS NULL").
		Where("pathways.is_open = ?", true).
		Order("pathways.name, pathways.id").
		Scan(&rows).Error
	return rows, err
}

// ListOpenPathways returns the open pathways for the public home page, with
// their employer, roles and next cohort still taking applications. Anyone may
// call it. It makes a fixed number of queries whatever the number of pathways.
func (s *Store) ListOpenPathways(ctx context.Context) ([]PathwayCard, error) {
	db := s.db.WithContext(ctx)
	rows, err := s.openPathways(ctx)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, nil
	}
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	var roles []Role
	if err := db.Where("pathway_id IN ?", ids).Order("pathway_id, position, title").Find(&roles).Error; err != nil {
		return nil, err
	}
	cohorts, err := s.openCohorts(ctx, ids)
	if err != nil {
		return nil, err
	}
	cards := make([]PathwayCard, len(rows))
	for i, r := range rows {
		cards[i] = PathwayCard{Pathway: r.Pathway, EmployerName: r.EmployerName}
		for _, role := range roles {
			if role.PathwayID == r.ID {
				cards[i].Roles = append(cards[i].Roles, role)
			}
		}
		if cs := cohorts[r.ID]; len(cs) > 0 {
			c := cs[0]
			cards[i].NextCohort = &c
		}
	}
	return cards, nil
}

// openCohorts returns, per pathway, the cohorts still taking applications,
// soonest first.
func (s *Store) openCohorts(ctx context.Context, pathwayIDs []string) (map[string][]Cohort, error) {
	var rows []struct {
		Cohort
		PathwayID string
	}
	err := s.db.WithContext(ctx).Table("cohorts").
		Select("cohorts.*, courses.pathway_id AS pathway_id").
		Joins("JOIN courses ON courses.id = cohorts.course_id").
		Where("courses.pathway_id IN ? AND cohorts.closes_at > ?", pathwayIDs, s.now()).
		Order("cohorts.starts_on, cohorts.id").
		Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	out := make(map[string][]Cohort)
	for _, r := range rows {
		out[r.PathwayID] = append(out[r.PathwayID], r.Cohort)
	}
	return out, nil
}

// PathwayBySlug returns the public page of an open pathway, or
// portal.ErrNotFound when there is no open pathway with that slug.
func (s *Store) PathwayBySlug(ctx context.Context, slug string) (PathwayPage, error) {
	return s.pathwayPage(ctx, "pathways.slug = ?", slug)
}

// PathwayByID is PathwayBySlug by ID.
func (s *Store) PathwayByID(ctx context.Context, id string) (PathwayPage, error) {
	return s.pathwayPage(ctx, "pathways.id = ?", id)
}

// pathwayPage loads an open pathway; where is a fixed condition, never input.
func (s *Store) pathwayPage(ctx context.Context, where string, arg string) (PathwayPage, error) {
	db := s.db.WithContext(ctx)
	var page PathwayPage
	var row struct {
		Pathway
		EmployerName string
	}
	err := db.Table("pathways").
		Select("pathways.*, organisations.name AS employer_name").
		Joins("JOIN organisations ON organisations.id = pathways.employer_id AND organisations.removed_at IS NULL").
		Where(where, arg).Where("pathways.is_open = ?", true).
		Take(&row).Error
	if err != nil {
		return page, notFound(err)
	}
	page.Pathway, page.EmployerName = row.Pathway, row.EmployerName
	if err := db.Where("pathway_id = ?", page.ID).Order("position, title").Find(&page.Roles).Error; err != nil {
		return page, err
	}
	var courses []Course
	if err := db.Where("pathway_id = ?", page.ID).Order("created_at, id").Limit(1).Find(&courses).Error; err != nil {
		return page, err
	}
	if len(courses) > 0 {
		page.Course = &courses[0]
	}
	cohorts, err := s.openCohorts(ctx, []string{page.ID})
	if err != nil {
		return page, err
	}
	page.Cohorts = cohorts[page.ID]
	if err := db.Table("organisations").
		Joins("JOIN pathway_providers ON pathway_providers.organisation_id = organisations.id").
		Where("pathway_providers.pathway_id = ? AND organisations.removed_at IS NULL", page.ID).
		Order("organisations.name").Find(&page.Providers).Error; err != nil {
		return page, err
	}
	var hoods []struct {
		Neighbourhood
		Sector string
	}
	if err := db.Table("neighbourhoods").
		Select("neighbourhoods.*, neighbourhood_sectors.sector AS sector").
		Joins("JOIN pathway_neighbourhoods ON pathway_neighbourhoods.neighbourhood_id = neighbourhoods.id").
		Joins("JOIN neighbourhood_sectors ON neighbourhood_sectors.neighbourhood_id = neighbourhoods.id").
		Where("pathway_neighbourhoods.pathway_id = ?", page.ID).
		Order("neighbourhoods.name, neighbourhood_sectors.sector").Scan(&hoods).Error; err != nil {
		return page, err
	}
	for _, h := range hoods {
		n := len(page.Neighbourhoods)
		if n == 0 || page.Neighbourhoods[n-1].ID != h.ID {
			page.Neighbourhoods = append(page.Neighbourhoods, NeighbourhoodWithSectors{Neighbourhood: h.Neighbourhood})
			n++
		}
		page.Neighbourhoods[n-1].Sectors = append(page.Neighbourhoods[n-1].Sectors, h.Sector)
	}
	return page, nil
}

// ServesSector reports whether the pathway targets a neighbourhood containing
// the postcode sector.
func (p PathwayPage) ServesSector(sector string) bool {
	for _, n := range p.Neighbourhoods {
		for _, s := range n.Sectors {
			if s == sector {
				return true
			}
		}
	}
	return false
}

// HasProvider reports whether the organisation is one of the pathway's partner
// housing providers.
func (p PathwayPage) HasProvider(id string) bool {
	for _, o := range p.Providers {
		if o.ID == id {
			return true
		}
	}
	return false
}

// CohortByID returns one of the page's open cohorts.
func (p PathwayPage) CohortByID(id string) (Cohort, bool) {
	for _, c := range p.Cohorts {
		if c.ID == id {
			return c, true
		}
	}
	return Cohort{}, false
}

// Eligibility is what a resident told us on the eligibility page.
type Eligibility struct {
	Postcode    string // normalised
	Tenant      string // a partner housing provider's ID, or "none"
	Over18      bool
	RightToWork bool
}

// Check returns the plain-English reasons the resident cannot apply to this
// pathway; none means they can.
func (p PathwayPage) Check(e Eligibility) []string {
	var r portal.EligibilityRules
	for _, n := range p.Neighbourhoods {
		r.Sectors = append(r.Sectors, n.Sectors...)
		r.AreaNames = append(r.AreaNames, n.Name)
	}
	for _, o := range p.Providers {
		r.ProviderIDs = append(r.ProviderIDs, o.ID)
	}
	return portal.CheckEligibility(r, portal.EligibilityAnswers(e))
}

func (p PathwayPage) areaNames() string {
	if len(p.Neighbourhoods) == 0 {
		return "the areas we serve"
	}
	out := ""
	for i, n := range p.Neighbourhoods {
		switch {
		case i == 0:
		case i == len(p.Neighbourhoods)-1:
			out += " or "
		default:
			out += ", "
		}
		out += n.Name
	}
	return out
}

// OpenPathwayPages returns the full pages of every open pathway (routing
// considers all of them), ordered by name. It makes six queries whatever the
// number of pathways: one per piece of a page, for all pathways at once.
func (s *Store) OpenPathwayPages(ctx context.Context) ([]PathwayPage, error) {
	db := s.db.WithContext(ctx)
	rows, err := s.openPathways(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]PathwayPage, len(rows))
	if len(rows) == 0 {
		return out, nil
	}
	ids := make([]string, len(rows))
	at := make(map[string]int, len(rows))
	for i, r := range rows {
		ids[i], at[r.ID] = r.ID, i
		out[i] = PathwayPage{Pathway: r.Pathway, EmployerName: r.EmployerName, Roles: []Role{}, Providers: []Organisation{}}
	}
	var roles []Role
	if err := db.Where("pathway_id IN ?", ids).Order("pathway_id, position, title").Find(&roles).Error; err != nil {
		return nil, err
	}
	for _, r := range roles {
		out[at[r.PathwayID]].Roles = append(out[at[r.PathwayID]].Roles, r)
	}
	var courses []Course
	if err := db.Where("pathway_id IN ?", ids).Order("created_at, id").Find(&courses).Error; err != nil {
		return nil, err
	}
	for _, c := range courses {
		if p := &out[at[c.PathwayID]]; p.Course == nil {
			p.Course = &c // the first, as PathwayBySlug takes
		}
	}
	cohorts, err := s.openCohorts(ctx, ids)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Cohorts = cohorts[out[i].ID]
	}
	var providers []struct {
		Organisation
		PathwayID string
	}
	if err := db.Table("organisations").
		Select("organisations.*, pathway_providers.pathway_id AS pathway_id").
		Joins("JOIN pathway_providers ON pathway_providers.organisation_id = organisations.id").
		Where("pathway_providers.pathway_id IN ? AND organisations.removed_at IS NULL", ids).
		Order("organisations.name").Scan(&providers).Error; err != nil {
		return nil, err
	}
	for _, o := range providers {
		out[at[o.PathwayID]].Providers = append(out[at[o.PathwayID]].Providers, o.Organisation)
	}
	var hoods []struct {
		Neighbourhood
		Sector    string
		PathwayID string
	}
	if err := db.Table("neighbourhoods").
		Select("neighbourhoods.*, neighbourhood_sectors.sector AS sector, pathway_neighbourhoods.pathway_id AS pathway_id").
		Joins("JOIN pathway_neighbourhoods ON pathway_neighbourhoods.neighbourhood_id = neighbourhoods.id").
		Joins("JOIN neighbourhood_sectors ON neighbourhood_sectors.neighbourhood_id = neighbourhoods.id").
		Where("pathway_neighbourhoods.pathway_id IN ?", ids).
		Order("neighbourhoods.name, neighbourhoods.id, neighbourhood_sectors.sector").Scan(&hoods).Error; err != nil {
		return nil, err
	}
	for _, h := range hoods {
		p := &out[at[h.PathwayID]]
		n := len(p.Neighbourhoods)
		if n == 0 || p.Neighbourhoods[n-1].ID != h.ID {
			p.Neighbourhoods = append(p.Neighbourhoods, NeighbourhoodWithSectors{Neighbourhood: h.Neighbourhood})
			n++
		}
		p.Neighbourhoods[n-1].Sectors = append(p.Neighbourhoods[n-1].Sectors, h.Sector)
	}
	return out, nil
}

// RoutingRules returns the rules of the given pathways.
func (s *Store) RoutingRules(ctx context.Context, pathwayIDs []string) ([]portal.RoutingRule, error) {
	var rows []struct {
		ID, PathwayID, Factor, Value, Reason string
		Weight                               int
	}
	if err := s.db.WithContext(ctx).Table("routing_rules").Where("pathway_id IN ?", pathwayIDs).Order("id").Scan(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]portal.RoutingRule, len(rows))
	for i, r := range rows {
		out[i] = portal.RoutingRule{ID: r.ID, PathwayID: r.PathwayID, Factor: portal.Factor(r.Factor), Value: r.Value, Weight: r.Weight, Reason: r.Reason}
	}
	return out, nil
}

// CoordinatorNames lists the network coordinators, who see every application.
func (s *Store) CoordinatorNames(ctx context.Context) ([]string, error) {
	var names []string
	err := s.db.WithContext(ctx).Table("organisations").Where("kind = ?", KindCoordinator).Order("name").Pluck("name", &names).Error
	return names, err
}
