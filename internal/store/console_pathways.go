// The console's pathway use cases. Roles, courses and cohorts, and routing
// rules have files of their own; this one stays a little over 300 lines
// because creating and editing a pathway validate its links to providers
// and neighbourhoods, and those helpers belong beside the two use cases.

package store

import (
	"context"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/database"
	"anchorpathways/internal/portal"
)

// The coordinator's console for pathways and what hangs off them: roles,
// courses, cohorts and routing rules. Every method here is for coordinators
// only (the route table checks the role). Each change is one transaction that
// also writes one audit row with the state before and after, and every edit
// is optimistically locked: it names the version it was made against, and a
// stale version is portal.ErrConflict, never a silent overwrite.
//
// Roles have no version of their own: they are part of their pathway, so a
// role is edited against the pathway's version and bumps it.

// Audit target types of the console's records.
const (
	TargetPathway     = "pathway"
	TargetRole        = "role"
	TargetCourse      = "course"
	TargetCohort      = "cohort"
	TargetRoutingRule = "routing_rule"
)

// ---- pathways -------------------------------------------------------------------

// PathwayInput is a pathway as a coordinator writes it, already checked for
// shape by the form; references (employer, providers, neighbourhoods) and the
// slug's uniqueness are checked here, in the transaction. Whether it is on
// the public side is not part of it: see PublishPathway.
type PathwayInput struct {
	Name             string   `json:"name"`
	Slug             string   `json:"slug"`
	RefPrefix        string   `json:"ref_prefix"`
	EmployerID       string   `json:"employer_id"`
	ProviderIDs      []string `json:"provider_ids"`
	NeighbourhoodIDs []string `json:"neighbourhood_ids"`
	FromSector       string   `json:"from_sector"`
	Summary          string   `json:"summary"`
	Description      string   `json:"description"`
	EligibilityText  string   `json:"eligibility_text"`
}

// PathwayListItem is one row of the console's pathway list.
type PathwayListItem struct {
	ID           string
	Name         string
	Slug         string
	EmployerName string
	IsOpen       bool
	PublishedAt  *time.Time
}

// State is the row's state: PathwayDraft, PathwayPublished or PathwayClosed.
func (p PathwayListItem) State() string {
	return Pathway{IsOpen: p.IsOpen, PublishedAt: p.PublishedAt}.State()
}

// PathwayListFilter narrows and pages the console's pathway list: Name is a
// case-insensitive part of the name; AfterName/AfterID is the keyset cursor
// (the last row of the previous page).
type PathwayListFilter struct {
	Name      string
	AfterName string
	AfterID   string
	Limit     int
}

// likeEscaper escapes LIKE's wildcards so a search for "50%" means it.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// ListPathwaysForConsole returns pathways open or closed, by name, one page at
// a time (keyset, no OFFSET or COUNT).
func (s *Store) ListPathwaysForConsole(ctx context.Context, f PathwayListFilter) (_ []PathwayListItem, err error) {
	defer named(&err, "ListPathwaysForConsole")
	q := s.db.WithContext(ctx).Table("pathways").
		Select("pathways.id, pathways.name, pathways.slug, pathways.is_open, pathways.published_at, organisations.name AS employer_name").
		Joins("JOIN organisations ON organisations.id = pathways.employer_id")
	if name := strings.TrimSpace(f.Name); name != "" {
		q = q.Where(`LOWER(pathways.name) LIKE ? ESCAPE '\'`, "%"+likeEscaper.Replace(strings.ToLower(name))+"%")
	}
	if f.AfterID != "" {
		q = q.Where("pathways.name > ? OR (pathways.name = ? AND pathways.id > ?)", f.AfterName, f.AfterName, f.AfterID)
	}
	if f.Limit <= 0 || f.Limit > 101 {
		f.Limit = 26
	}
	var out []PathwayListItem
	err = q.Order("pathways.name, pathways.id").Limit(f.Limit).Scan(&out).Error
	return out, err
}

// PathwayChoices are what a pathway can refer to.
type PathwayChoices struct {
	Employers      []Organisation
	Providers      []Organisation
	Neighbourhoods []Neighbourhood
}

// ChoicesForPathway lists the employers, housing providers and
// neighbourhoods a pathway may name (removed organisations excluded).
func (s *Store) ChoicesForPathway(ctx context.Context) (_ PathwayChoices, err error) {
	defer named(&err, "ChoicesForPathway")
	db := s.db.WithContext(ctx)
	var out PathwayChoices
	var orgs []Organisation
	if err := db.Where("kind IN ? AND removed_at IS NULL", []string{KindEmployer, KindHousingProvider}).Order("name, id").Find(&orgs).Error; err != nil {
		return out, err
	}
	for _, o := range orgs {
		if o.Kind == KindEmployer {
			out.Employers = append(out.Employers, o)
		} else {
			out.Providers = append(out.Providers, o)
		}
	}
	err = db.Order("name, id").Find(&out.Neighbourhoods).Error
	return out, err
}

// ConsolePathway is a pathway with everything the console shows of it.
type ConsolePathway struct {
	Pathway
	EmployerName     string
	ProviderIDs      []string
	NeighbourhoodIDs []string
	Roles            []Role
	Courses          []ConsoleCourse
}

// ConsoleCourse is a course with all its cohorts, soonest first.
type ConsoleCourse struct {
	Course
	Cohorts []Cohort
}

// Input is the pathway as its edit form starts.
func (p ConsolePathway) Input() PathwayInput {
	return PathwayInput{Name: p.Name, Slug: p.Slug, RefPrefix: p.RefPrefix, EmployerID: p.EmployerID, ProviderIDs: p.ProviderIDs,
		NeighbourhoodIDs: p.NeighbourhoodIDs, FromSector: p.FromSector, Summary: p.Summary, Description: p.Description,
		EligibilityText: p.EligibilityText}
}

// RoleByID returns one of the pathway's roles.
func (p ConsolePathway) RoleByID(id string) (Role, bool) {
	for _, r := range p.Roles {
		if r.ID == id {
			return r, true
		}
	}
	return Role{}, false
}

// PathwayForConsole returns a pathway, open or closed, with its roles,
// courses and cohorts, or portal.ErrNotFound. Five queries.
func (s *Store) PathwayForConsole(ctx context.Context, id string) (_ ConsolePathway, err error) {
	defer named(&err, "PathwayForConsole")
	db := s.db.WithContext(ctx)
	var out ConsolePathway
	var row struct {
		Pathway
		EmployerName string
	}
	if err := db.Table("pathways").Select("pathways.*, organisations.name AS employer_name").
		Joins("JOIN organisations ON organisations.id = pathways.employer_id").
		Where("pathways.id = ?", id).Take(&row).Error; err != nil {
		return out, notFound(err)
	}
	out.Pathway, out.EmployerName = row.Pathway, row.EmployerName
	if out.ProviderIDs, out.NeighbourhoodIDs, err = pathwayLinks(db, id); err != nil {
		return out, err
	}
	if err := db.Where("pathway_id = ?", id).Order("position, title, id").Find(&out.Roles).Error; err != nil {
		return out, err
	}
	var courses []Course
	if err := db.Where("pathway_id = ?", id).Order("created_at, id").Find(&courses).Error; err != nil {
		return out, err
	}
	if len(courses) == 0 {
		return out, nil
	}
	ids := make([]string, len(courses))
	for i, c := range courses {
		ids[i] = c.ID
		out.Courses = append(out.Courses, ConsoleCourse{Course: c})
	}
	var cohorts []Cohort
	if err := db.Where("course_id IN ?", ids).Order("starts_on, id").Find(&cohorts).Error; err != nil {
		return out, err
	}
	for _, c := range cohorts {
		i := slices.Index(ids, c.CourseID)
		out.Courses[i].Cohorts = append(out.Courses[i].Cohorts, c)
	}
	return out, nil
}

// pathwayLinks reads a pathway's partner providers and neighbourhoods.
func pathwayLinks(db *gorm.DB, id string) (providers, hoods []string, err error) {
	providers, hoods = []string{}, []string{}
	if err = db.Table("pathway_providers").Where("pathway_id = ?", id).Order("organisation_id").Pluck("organisation_id", &providers).Error; err != nil {
		return nil, nil, err
	}
	err = db.Table("pathway_neighbourhoods").Where("pathway_id = ?", id).Order("neighbourhood_id").Pluck("neighbourhood_id", &hoods).Error
	return providers, hoods, err
}

// checkPathwayInput checks what only the database knows: the slug is free
// and the references exist and are of the right kind.
func checkPathwayInput(tx *gorm.DB, id string, in PathwayInput) error {
	v := &portal.ValidationError{}
	var n int64
	if err := tx.Table("pathways").Where("slug = ? AND id <> ?", in.Slug, id).Count(&n).Error; err != nil {
		return err
	}
	if n > 0 {
		v.Add("slug", "Another pathway already uses this web address. Choose a different one")
	}
	if err := tx.Table("organisations").Where("id = ? AND kind = ? AND removed_at IS NULL", in.EmployerID, KindEmployer).Count(&n).Error; err != nil {
		return err
	}
	if n != 1 {
		v.Add("employer_id", "Select the employer that owns this pathway")
	}
	if len(in.ProviderIDs) > 0 {
		if err := tx.Table("organisations").Where("id IN ? AND kind = ? AND removed_at IS NULL", in.ProviderIDs, KindHousingProvider).Count(&n).Error; err != nil {
			return err
		}
		if int(n) != len(in.ProviderIDs) {
			v.Add("providers", "Select partner housing providers from the list")
		}
	}
	if len(in.NeighbourhoodIDs) > 0 {
		if err := tx.Table("neighbourhoods").Where("id IN ?", in.NeighbourhoodIDs).Count(&n).Error; err != nil {
			return err
		}
		if int(n) != len(in.NeighbourhoodIDs) {
			v.Add("neighbourhoods", "Select target neighbourhoods from the list")
		}
	}
	return v.Err()
}

// slugTaken turns a unique violation on the slug (a race with another
// coordinator) into the same field error the check gives.
func slugTaken(err error) error {
	if database.IsUniqueViolation(err) {
		v := &portal.ValidationError{}
		v.Add("slug", "Another pathway already uses this web address. Choose a different one")
		return v
	}
	return err
}

func setPathwayLinks(tx *gorm.DB, id string, in PathwayInput) error {
	if err := tx.Exec(`DELETE FROM pathway_providers WHERE pathway_id = ?`, id).Error; err != nil {
		return err
	}
	if err := tx.Exec(`DELETE FROM pathway_neighbourhoods WHERE pathway_id = ?`, id).Error; err != nil {
		return err
	}
	for _, p := range in.ProviderIDs {
		if err := tx.Exec(`INSERT INTO pathway_providers (pathway_id, organisation_id) VALUES (?, ?)`, id, p).Error; err != nil {
			return err
		}
	}
	for _, h := range in.NeighbourhoodIDs {
		if err := tx.Exec(`INSERT INTO pathway_neighbourhoods (pathway_id, neighbourhood_id) VALUES (?, ?)`, id, h).Error; err != nil {
			return err
		}
	}
	return nil
}

func normaliseLinks(in PathwayInput) PathwayInput {
	in.ProviderIDs = sortedUnique(in.ProviderIDs)
	in.NeighbourhoodIDs = sortedUnique(in.NeighbourhoodIDs)
	return in
}

func sortedUnique(ids []string) []string {
	out := slices.Clone(ids)
	slices.Sort(out)
	out = slices.Compact(out)
	if out == nil {
		out = []string{}
	}
	return out
}

// CreatePathway adds a pathway and its links, as a draft: nobody outside the
// console sees it until PublishPathway. Errors: *portal.ValidationError
// (slug taken; employer, provider or neighbourhood unknown).
func (s *Store) CreatePathway(ctx context.Context, a Actor, in PathwayInput) (_ string, err error) {
	defer named(&err, "CreatePathway")
	in = normaliseLinks(in)
	now := s.now()
	p := Pathway{ID: portal.NewID(), Slug: in.Slug, Name: in.Name, RefPrefix: in.RefPrefix, EmployerID: in.EmployerID,
		FromSector: in.FromSector, Summary: in.Summary, Description: in.Description, EligibilityText: in.EligibilityText,
		Version: 1, CreatedAt: now, UpdatedAt: now}
	err = s.tx(ctx, func(tx *gorm.DB) error {
		if err := checkPathwayInput(tx, p.ID, in); err != nil {
			return err
		}
		if err := tx.Create(&p).Error; err != nil {
			return err
		}
		if err := setPathwayLinks(tx, p.ID, in); err != nil {
			return err
		}
		return audit(tx, now, a, AuditCreated, TargetPathway, p.ID, nil, in)
	})
	return p.ID, slugTaken(err)
}

// UpdatePathway saves a pathway edited from version; it does not change
// whether the pathway is published. Errors:
// portal.ErrNotFound, portal.ErrConflict (someone saved it since),
// *portal.ValidationError (as CreatePathway).
func (s *Store) UpdatePathway(ctx context.Context, a Actor, id string, version int, in PathwayInput) (err error) {
	defer named(&err, "UpdatePathway")
	in = normaliseLinks(in)
	now := s.now()
	err = s.tx(ctx, func(tx *gorm.DB) error {
		var before Pathway
		if err := tx.Where("id = ?", id).Take(&before).Error; err != nil {
			return notFound(err)
		}
		if before.Version != version {
			return portal.ErrConflict
		}
		providers, hoods, err := pathwayLinks(tx, id)
		if err != nil {
			return err
		}
		if err := checkPathwayInput(tx, id, in); err != nil {
			return err
		}
		res := tx.Model(&Pathway{}).Where("id = ? AND version = ?", id, version).Updates(map[string]any{
			"name": in.Name, "slug": in.Slug, "ref_prefix": in.RefPrefix, "employer_id": in.EmployerID,
			"from_sector": in.FromSector, "summary": in.Summary, "description": in.Description,
			"eligibility_text": in.EligibilityText,
			"version":          gorm.Expr("version + 1"), "updated_at": now,
		})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return portal.ErrConflict
		}
		if err := setPathwayLinks(tx, id, in); err != nil {
			return err
		}
		old := ConsolePathway{Pathway: before, ProviderIDs: providers, NeighbourhoodIDs: hoods}
		return audit(tx, now, a, AuditUpdated, TargetPathway, id, old.Input(), in)
	})
	return slugTaken(err)
}
