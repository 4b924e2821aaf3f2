// This file is over 300 lines on purpose: the pathway aggregate's types, the
// one query that loads its pages and the checks made on a page belong together.

package store

import (
	"context"
	"fmt"
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

// Organisation kinds: the domain's, under the names store callers use.
const (
	KindHousingProvider  = portal.KindHousingProvider
	KindEmployer         = portal.KindEmployer
	KindTrainingProvider = portal.KindTrainingProvider
	KindCoordinator      = portal.KindCoordinator
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

// pagePart numbers the kinds of row pagesQuery returns: each row carries the
// pathway and one piece of its page, so that a page takes one query and the
// pieces keep their own column types (a UNION of different tables would not,
// on SQLite).
const (
	partPathway = iota // the pathway, its employer and its first course
	partRole
	partCohort
	partProvider
	partSector
)

// pagesQuery loads whole pathway pages in one statement. Only the pathway's
// ID repeats on every row: its other columns come on the pathway's own row
// (p0, joined on part 0 alone), since converting the long texts and times of
// every row again cost more than the query. A page has a few dozen rows, far
// cheaper than a round trip per piece. The ? is the time cohorts must close
// after; the caller's condition follows. is_open is compared with a literal: a
// bound boolean made SQLite prepare the statement twice on every call.
const pagesQuery = `SELECT part.n,
  p.id, p0.slug, p0.name, p0.ref_prefix, p0.employer_id, p0.from_sector, p0.summary, p0.description,
  p0.eligibility_text, p0.is_open, p0.version, p0.created_at, p0.updated_at, e0.name,
  co.id, co.name, co.summary, co.outcome, co.version, co.created_at, co.updated_at,
  r.id, r.title, r.pay, r.hours, r.description, r.position,
  c.id, c.course_id, c.starts_on, c.ends_on, c.closes_at, c.venue_name, c.venue_address,
  c.venue_postcode, c.capacity, c.places_taken, c.version, c.created_at, c.updated_at,
  o.id, o.name, o.kind, o.contact_email, o.contact_phone, o.removed_at, o.version, o.created_at, o.updated_at,
  n.id, n.name, n.version, n.created_at, n.updated_at, ns.sector
FROM pathways p
JOIN organisations e ON e.id = p.employer_id AND e.removed_at IS NULL
CROSS JOIN (SELECT 0 AS n UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4) part
LEFT JOIN pathways p0 ON part.n = 0 AND p0.id = p.id
LEFT JOIN organisations e0 ON e0.id = p0.employer_id
LEFT JOIN courses co ON part.n = 0 AND co.id = (SELECT id FROM courses WHERE pathway_id = p.id ORDER BY created_at, id LIMIT 1)
LEFT JOIN roles r ON part.n = 1 AND r.pathway_id = p.id
LEFT JOIN courses cc ON part.n = 2 AND cc.pathway_id = p.id
LEFT JOIN cohorts c ON c.course_id = cc.id AND c.closes_at > ?
LEFT JOIN pathway_providers pp ON part.n = 3 AND pp.pathway_id = p.id
LEFT JOIN organisations o ON o.id = pp.organisation_id AND o.removed_at IS NULL
LEFT JOIN pathway_neighbourhoods pn ON part.n = 4 AND pn.pathway_id = p.id
LEFT JOIN neighbourhoods n ON n.id = pn.neighbourhood_id
LEFT JOIN neighbourhood_sectors ns ON ns.neighbourhood_id = n.id
WHERE p.is_open = TRUE AND `

// pagesOrder sorts pathways by name and, within one, each piece as the page
// shows it. Only one piece's columns are set on a row, so the others compare
// equal whatever a dialect does with NULLs.
const pagesOrder = `
ORDER BY p.name, p.id, part.n, r.position, r.title, c.starts_on, c.id, o.name, n.name, n.id, ns.sector`

// pageRow is one row of pagesQuery.
type pageRow struct {
	Part int
	ID   string

	Slug, Name, RefPrefix, EmployerID, FromSector   *string
	Summary, Description, EligibilityText, Employer *string
	IsOpen                                          *bool
	Version                                         *int
	CreatedAt, UpdatedAt                            *time.Time

	CourseID                         *string
	CourseName, CourseSummary        *string
	CourseOutcome                    *string
	CourseVersion                    *int
	CourseCreatedAt, CourseUpdatedAt *time.Time

	RoleID, RoleTitle, RolePay, RoleHours, RoleDescription *string
	RolePosition                                           *int

	CohortID, CohortCourseID                         *string
	CohortStartsOn, CohortEndsOn, CohortClosesAt     *time.Time
	CohortVenueName, CohortVenueAddress              *string
	CohortVenuePostcode                              *string
	CohortCapacity, CohortPlacesTaken, CohortVersion *int
	CohortCreatedAt, CohortUpdatedAt                 *time.Time

	ProviderID, ProviderName, ProviderKind     *string
	ProviderContactEmail, ProviderContactPhone *string
	ProviderRemovedAt                          *time.Time
	ProviderVersion                            *int
	ProviderCreatedAt, ProviderUpdatedAt       *time.Time

	HoodID, HoodName, HoodSector *string
	HoodVersion                  *int
	HoodCreatedAt, HoodUpdatedAt *time.Time
}

// columns are where rows.Scan puts pagesQuery's columns, in their order.
func (r *pageRow) columns() []any {
	return []any{&r.Part,
		&r.ID, &r.Slug, &r.Name, &r.RefPrefix, &r.EmployerID, &r.FromSector, &r.Summary, &r.Description,
		&r.EligibilityText, &r.IsOpen, &r.Version, &r.CreatedAt, &r.UpdatedAt, &r.Employer,
		&r.CourseID, &r.CourseName, &r.CourseSummary, &r.CourseOutcome, &r.CourseVersion, &r.CourseCreatedAt, &r.CourseUpdatedAt,
		&r.RoleID, &r.RoleTitle, &r.RolePay, &r.RoleHours, &r.RoleDescription, &r.RolePosition,
		&r.CohortID, &r.CohortCourseID, &r.CohortStartsOn, &r.CohortEndsOn, &r.CohortClosesAt, &r.CohortVenueName, &r.CohortVenueAddress,
		&r.CohortVenuePostcode, &r.CohortCapacity, &r.CohortPlacesTaken, &r.CohortVersion, &r.CohortCreatedAt, &r.CohortUpdatedAt,
		&r.ProviderID, &r.ProviderName, &r.ProviderKind, &r.ProviderContactEmail, &r.ProviderContactPhone, &r.ProviderRemovedAt,
		&r.ProviderVersion, &r.ProviderCreatedAt, &r.ProviderUpdatedAt,
		&r.HoodID, &r.HoodName, &r.HoodVersion, &r.HoodCreatedAt, &r.HoodUpdatedAt, &r.HoodSector,
	}
}

// page starts a pathway's page from its own row (partPathway).
func (r *pageRow) page() PathwayPage {
	p := PathwayPage{Pathway: Pathway{ID: r.ID}, Roles: []Role{}, Providers: []Organisation{}}
	if r.Slug == nil { // the pathway's row always has them: defensive only
		return p
	}
	p.Pathway = Pathway{ID: r.ID, Slug: *r.Slug, Name: *r.Name, RefPrefix: *r.RefPrefix, EmployerID: *r.EmployerID,
		FromSector: *r.FromSector, Summary: *r.Summary, Description: *r.Description, EligibilityText: *r.EligibilityText,
		IsOpen: *r.IsOpen, Version: *r.Version, CreatedAt: *r.CreatedAt, UpdatedAt: *r.UpdatedAt}
	p.EmployerName = *r.Employer
	return p
}

// addTo adds the row's piece, if it has one, to its pathway's page.
func (r *pageRow) addTo(p *PathwayPage) {
	switch {
	case r.Part == partPathway && r.CourseID != nil:
		p.Course = &Course{ID: *r.CourseID, PathwayID: r.ID, Name: *r.CourseName, Summary: *r.CourseSummary,
			Outcome: *r.CourseOutcome, Version: *r.CourseVersion, CreatedAt: *r.CourseCreatedAt, UpdatedAt: *r.CourseUpdatedAt}
	case r.Part == partRole && r.RoleID != nil:
		p.Roles = append(p.Roles, Role{ID: *r.RoleID, PathwayID: r.ID, Title: *r.RoleTitle, Pay: *r.RolePay,
			Hours: *r.RoleHours, Description: *r.RoleDescription, Position: *r.RolePosition})
	case r.Part == partCohort && r.CohortID != nil:
		p.Cohorts = append(p.Cohorts, Cohort{ID: *r.CohortID, CourseID: *r.CohortCourseID, StartsOn: *r.CohortStartsOn,
			EndsOn: *r.CohortEndsOn, ClosesAt: *r.CohortClosesAt, VenueName: *r.CohortVenueName,
			VenueAddress: *r.CohortVenueAddress, VenuePostcode: *r.CohortVenuePostcode, Capacity: *r.CohortCapacity,
			PlacesTaken: *r.CohortPlacesTaken, Version: *r.CohortVersion, CreatedAt: *r.CohortCreatedAt, UpdatedAt: *r.CohortUpdatedAt})
	case r.Part == partProvider && r.ProviderID != nil:
		p.Providers = append(p.Providers, Organisation{ID: *r.ProviderID, Name: *r.ProviderName, Kind: *r.ProviderKind,
			ContactEmail: *r.ProviderContactEmail, ContactPhone: *r.ProviderContactPhone, RemovedAt: r.ProviderRemovedAt,
			Version: *r.ProviderVersion, CreatedAt: *r.ProviderCreatedAt, UpdatedAt: *r.ProviderUpdatedAt})
	case r.Part == partSector && r.HoodID != nil && r.HoodSector != nil:
		n := len(p.Neighbourhoods)
		if n == 0 || p.Neighbourhoods[n-1].ID != *r.HoodID {
			p.Neighbourhoods = append(p.Neighbourhoods, NeighbourhoodWithSectors{Neighbourhood: Neighbourhood{ID: *r.HoodID,
				Name: *r.HoodName, Version: *r.HoodVersion, CreatedAt: *r.HoodCreatedAt, UpdatedAt: *r.HoodUpdatedAt}})
			n++
		}
		p.Neighbourhoods[n-1].Sectors = append(p.Neighbourhoods[n-1].Sectors, *r.HoodSector)
	}
}

// pages runs pagesQuery with a fixed condition (never input) and its
// argument, and assembles the pages in name order.
func (s *Store) pages(ctx context.Context, where string, args ...any) ([]PathwayPage, error) {
	args = append([]any{s.now()}, args...)
	// database/sql scans the rows: gorm's reflection cost more than the
	// query here.
	rows, err := s.db.WithContext(ctx).Raw(pagesQuery+where+pagesOrder, args...).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	// One row and its scan targets serve every row: Scan sets each pointer
	// afresh (nil for NULL), and the values are copied out below.
	var r pageRow
	cols := r.columns()
	var out []PathwayPage
	for rows.Next() {
		if err := rows.Scan(cols...); err != nil {
			return nil, err
		}
		if r.Part == partPathway {
			// Rows come in part order, so a pathway's own row starts its page.
			out = append(out, r.page())
		}
		n := len(out)
		if n == 0 || out[n-1].ID != r.ID {
			return nil, fmt.Errorf("pathway %s: a piece came before its pathway", r.ID)
		}
		r.addTo(&out[n-1])
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// ListOpenPathways returns the open pathways for the public home page, with
// their employer, roles and next cohort still taking applications, by name.
// Anyone may call it. It makes one query whatever the number of pathways.
func (s *Store) ListOpenPathways(ctx context.Context) ([]PathwayCard, error) {
	// A card shows no providers or neighbourhoods: skip those rows.
	pages, err := s.pages(ctx, "part.n <= 2") // partCohort, as a literal
	if err != nil {
		return nil, fmt.Errorf("store: ListOpenPathways: %w", err)
	}
	if len(pages) == 0 {
		return nil, nil
	}
	cards := make([]PathwayCard, len(pages))
	for i, p := range pages {
		cards[i] = PathwayCard{Pathway: p.Pathway, EmployerName: p.EmployerName}
		if len(p.Roles) > 0 {
			cards[i].Roles = p.Roles
		}
		if len(p.Cohorts) > 0 {
			c := p.Cohorts[0]
			cards[i].NextCohort = &c
		}
	}
	return cards, nil
}

// PathwayBySlug returns the public page of an open pathway, in one query.
// Anyone may call it. Errors: portal.ErrNotFound when there is no open
// pathway with that slug (or its employer has left the network).
func (s *Store) PathwayBySlug(ctx context.Context, slug string) (PathwayPage, error) {
	page, err := s.onePage(ctx, "p.slug = ?", slug)
	if err != nil {
		return page, fmt.Errorf("store: PathwayBySlug: %w", err)
	}
	return page, nil
}

// PathwayByID is PathwayBySlug by ID, with the same errors.
func (s *Store) PathwayByID(ctx context.Context, id string) (PathwayPage, error) {
	page, err := s.onePage(ctx, "p.id = ?", id)
	if err != nil {
		return page, fmt.Errorf("store: PathwayByID: %w", err)
	}
	return page, nil
}

// onePage loads one open pathway; where is a fixed condition, never input.
func (s *Store) onePage(ctx context.Context, where, arg string) (PathwayPage, error) {
	pages, err := s.pages(ctx, where, arg)
	if err != nil {
		return PathwayPage{}, err
	}
	if len(pages) == 0 {
		return PathwayPage{}, portal.ErrNotFound
	}
	return pages[0], nil
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

// OpenPathwayPages returns the full pages of every open pathway (routing
// considers all of them), ordered by name. Anyone may call it. It makes one
// query whatever the number of pathways, the same one PathwayBySlug makes.
func (s *Store) OpenPathwayPages(ctx context.Context) ([]PathwayPage, error) {
	pages, err := s.pages(ctx, "1 = 1")
	if err != nil {
		return nil, fmt.Errorf("store: OpenPathwayPages: %w", err)
	}
	if pages == nil {
		pages = []PathwayPage{}
	}
	return pages, nil
}

// RoutingRules returns the rules of the given pathways. Anyone may call it;
// errors are the database's, named for the use case.
func (s *Store) RoutingRules(ctx context.Context, pathwayIDs []string) ([]portal.RoutingRule, error) {
	var rows []struct {
		ID, PathwayID, Factor, Value, Reason string
		Weight                               int
	}
	if err := s.db.WithContext(ctx).Table("routing_rules").Where("pathway_id IN ?", pathwayIDs).Order("id").Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: RoutingRules: %w", err)
	}
	out := make([]portal.RoutingRule, len(rows))
	for i, r := range rows {
		out[i] = portal.RoutingRule{ID: r.ID, PathwayID: r.PathwayID, Factor: portal.Factor(r.Factor), Value: r.Value, Weight: r.Weight, Reason: r.Reason}
	}
	return out, nil
}

// CoordinatorNames lists the network coordinators, who see every application.
// Anyone may call it; errors are the database's, named for the use case.
func (s *Store) CoordinatorNames(ctx context.Context) ([]string, error) {
	var names []string
	err := s.db.WithContext(ctx).Table("organisations").Where("kind = ?", KindCoordinator).Order("name").Pluck("name", &names).Error
	if err != nil {
		return nil, fmt.Errorf("store: CoordinatorNames: %w", err)
	}
	return names, nil
}
