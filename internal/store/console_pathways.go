package store

import (
	"context"
	"slices"
	"strconv"
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

// ---- roles ------------------------------------------------------------------------

// RoleInput is a role as a coordinator writes it.
type RoleInput struct {
	Title       string `json:"title"`
	Pay         string `json:"pay"`
	Hours       string `json:"hours"`
	Description string `json:"description"`
	Position    int    `json:"position"`
}

func roleInput(r Role) RoleInput {
	return RoleInput{Title: r.Title, Pay: r.Pay, Hours: r.Hours, Description: r.Description, Position: r.Position}
}

// bumpPathway claims the pathway's version for a change to one of its parts.
func bumpPathway(tx *gorm.DB, now time.Time, id string, version int) error {
	res := tx.Model(&Pathway{}).Where("id = ? AND version = ?", id, version).
		Updates(map[string]any{"version": gorm.Expr("version + 1"), "updated_at": now})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		var n int64
		if err := tx.Model(&Pathway{}).Where("id = ?", id).Count(&n).Error; err != nil {
			return err
		}
		if n == 0 {
			return portal.ErrNotFound
		}
		return portal.ErrConflict
	}
	return nil
}

// AddRole adds a role to a pathway. Adding changes no one else's work, so it
// needs no version. Errors: portal.ErrNotFound.
func (s *Store) AddRole(ctx context.Context, a Actor, pathwayID string, in RoleInput) (_ string, err error) {
	defer named(&err, "AddRole")
	now := s.now()
	r := Role{ID: portal.NewID(), PathwayID: pathwayID, Title: in.Title, Pay: in.Pay, Hours: in.Hours, Description: in.Description, Position: in.Position}
	err = s.tx(ctx, func(tx *gorm.DB) error {
		if err := mustExist(tx, &Pathway{}, pathwayID); err != nil {
			return err
		}
		if err := tx.Create(&r).Error; err != nil {
			return err
		}
		return audit(tx, now, a, AuditCreated, TargetRole, r.ID, nil, map[string]any{"pathway_id": pathwayID, "role": in})
	})
	return r.ID, err
}

// UpdateRole saves a role of a pathway edited from the pathway's version.
// Errors: portal.ErrNotFound, portal.ErrConflict.
func (s *Store) UpdateRole(ctx context.Context, a Actor, pathwayID, roleID string, pathwayVersion int, in RoleInput) (err error) {
	defer named(&err, "UpdateRole")
	now := s.now()
	return s.tx(ctx, func(tx *gorm.DB) error {
		var before Role
		if err := tx.Where("id = ? AND pathway_id = ?", roleID, pathwayID).Take(&before).Error; err != nil {
			return notFound(err)
		}
		if err := bumpPathway(tx, now, pathwayID, pathwayVersion); err != nil {
			return err
		}
		if err := tx.Model(&Role{}).Where("id = ? AND pathway_id = ?", roleID, pathwayID).Updates(map[string]any{
			"title": in.Title, "pay": in.Pay, "hours": in.Hours, "description": in.Description, "position": in.Position,
		}).Error; err != nil {
			return err
		}
		return audit(tx, now, a, AuditUpdated, TargetRole, roleID, roleInput(before), in)
	})
}

// RemoveRole deletes a role of a pathway, against the pathway's version.
// Errors: portal.ErrNotFound, portal.ErrConflict.
func (s *Store) RemoveRole(ctx context.Context, a Actor, pathwayID, roleID string, pathwayVersion int) (err error) {
	defer named(&err, "RemoveRole")
	now := s.now()
	return s.tx(ctx, func(tx *gorm.DB) error {
		var before Role
		if err := tx.Where("id = ? AND pathway_id = ?", roleID, pathwayID).Take(&before).Error; err != nil {
			return notFound(err)
		}
		if err := bumpPathway(tx, now, pathwayID, pathwayVersion); err != nil {
			return err
		}
		if err := tx.Where("id = ? AND pathway_id = ?", roleID, pathwayID).Delete(&Role{}).Error; err != nil {
			return err
		}
		return audit(tx, now, a, AuditDeleted, TargetRole, roleID, map[string]any{"pathway_id": pathwayID, "role": roleInput(before)}, nil)
	})
}

// ---- courses ----------------------------------------------------------------------

// CourseInput is a course as a coordinator writes it.
type CourseInput struct {
	Name    string `json:"name"`
	Summary string `json:"summary"`
	Outcome string `json:"outcome"`
}

// ConsoleCourseDetails is a course with the pathway it belongs to.
type ConsoleCourseDetails struct {
	Course
	PathwayName string
}

// CourseForConsole returns a course, or portal.ErrNotFound.
func (s *Store) CourseForConsole(ctx context.Context, id string) (_ ConsoleCourseDetails, err error) {
	defer named(&err, "CourseForConsole")
	var out ConsoleCourseDetails
	err = s.db.WithContext(ctx).Table("courses").Select("courses.*, pathways.name AS pathway_name").
		Joins("JOIN pathways ON pathways.id = courses.pathway_id").
		Where("courses.id = ?", id).Take(&out).Error
	return out, notFound(err)
}

// CreateCourse adds a course to a pathway. Errors: portal.ErrNotFound.
func (s *Store) CreateCourse(ctx context.Context, a Actor, pathwayID string, in CourseInput) (_ string, err error) {
	defer named(&err, "CreateCourse")
	now := s.now()
	c := Course{ID: portal.NewID(), PathwayID: pathwayID, Name: in.Name, Summary: in.Summary, Outcome: in.Outcome, Version: 1, CreatedAt: now, UpdatedAt: now}
	err = s.tx(ctx, func(tx *gorm.DB) error {
		if err := mustExist(tx, &Pathway{}, pathwayID); err != nil {
			return err
		}
		if err := tx.Create(&c).Error; err != nil {
			return err
		}
		return audit(tx, now, a, AuditCreated, TargetCourse, c.ID, nil, map[string]any{"pathway_id": pathwayID, "course": in})
	})
	return c.ID, err
}

// UpdateCourse saves a course edited from version. Errors:
// portal.ErrNotFound, portal.ErrConflict.
func (s *Store) UpdateCourse(ctx context.Context, a Actor, id string, version int, in CourseInput) (err error) {
	defer named(&err, "UpdateCourse")
	now := s.now()
	return s.tx(ctx, func(tx *gorm.DB) error {
		var before Course
		if err := tx.Where("id = ?", id).Take(&before).Error; err != nil {
			return notFound(err)
		}
		res := tx.Model(&Course{}).Where("id = ? AND version = ?", id, version).Updates(map[string]any{
			"name": in.Name, "summary": in.Summary, "outcome": in.Outcome, "version": gorm.Expr("version + 1"), "updated_at": now,
		})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return portal.ErrConflict
		}
		return audit(tx, now, a, AuditUpdated, TargetCourse, id, CourseInput{Name: before.Name, Summary: before.Summary, Outcome: before.Outcome}, in)
	})
}

// ---- cohorts ----------------------------------------------------------------------

// CohortInput is a cohort as a coordinator writes it: dates in UTC (the
// closing time is the end of the closing day), a normalised venue postcode.
type CohortInput struct {
	StartsOn      time.Time `json:"starts_on"`
	EndsOn        time.Time `json:"ends_on"`
	ClosesAt      time.Time `json:"closes_at"`
	VenueName     string    `json:"venue_name"`
	VenueAddress  string    `json:"venue_address"`
	VenuePostcode string    `json:"venue_postcode"`
	Capacity      int       `json:"capacity"`
}

func cohortInput(c Cohort) CohortInput {
	return CohortInput{StartsOn: c.StartsOn.UTC(), EndsOn: c.EndsOn.UTC(), ClosesAt: c.ClosesAt.UTC(), VenueName: c.VenueName,
		VenueAddress: c.VenueAddress, VenuePostcode: c.VenuePostcode, Capacity: c.Capacity}
}

// ConsoleCohort is a cohort with its course and pathway.
type ConsoleCohort struct {
	Cohort
	CourseName  string
	PathwayID   string
	PathwayName string
}

// CohortForConsole returns a cohort, or portal.ErrNotFound.
func (s *Store) CohortForConsole(ctx context.Context, id string) (_ ConsoleCohort, err error) {
	defer named(&err, "CohortForConsole")
	var out ConsoleCohort
	err = s.db.WithContext(ctx).Table("cohorts").
		Select("cohorts.*, courses.name AS course_name, courses.pathway_id AS pathway_id, pathways.name AS pathway_name").
		Joins("JOIN courses ON courses.id = cohorts.course_id").
		Joins("JOIN pathways ON pathways.id = courses.pathway_id").
		Where("cohorts.id = ?", id).Take(&out).Error
	if err == nil {
		out.StartsOn, out.EndsOn, out.ClosesAt = out.StartsOn.UTC(), out.EndsOn.UTC(), out.ClosesAt.UTC()
	}
	return out, notFound(err)
}

// CreateCohort adds a cohort to a course. Errors: portal.ErrNotFound.
func (s *Store) CreateCohort(ctx context.Context, a Actor, courseID string, in CohortInput) (_ string, err error) {
	defer named(&err, "CreateCohort")
	now := s.now()
	c := Cohort{ID: portal.NewID(), CourseID: courseID, StartsOn: in.StartsOn, EndsOn: in.EndsOn, ClosesAt: in.ClosesAt,
		VenueName: in.VenueName, VenueAddress: in.VenueAddress, VenuePostcode: in.VenuePostcode, Capacity: in.Capacity,
		Version: 1, CreatedAt: now, UpdatedAt: now}
	err = s.tx(ctx, func(tx *gorm.DB) error {
		if err := mustExist(tx, &Course{}, courseID); err != nil {
			return err
		}
		if err := tx.Create(&c).Error; err != nil {
			return err
		}
		return audit(tx, now, a, AuditCreated, TargetCohort, c.ID, nil, map[string]any{"course_id": courseID, "cohort": in})
	})
	return c.ID, err
}

// UpdateCohort saves a cohort edited from version. The capacity can never
// drop below the places already taken: the UPDATE's WHERE clause says so
// (and the database's CHECK backs it), so a place taken between the form
// and the save is not lost. Errors: portal.ErrNotFound, portal.ErrConflict,
// *portal.ValidationError (capacity below places taken).
func (s *Store) UpdateCohort(ctx context.Context, a Actor, id string, version int, in CohortInput) (err error) {
	defer named(&err, "UpdateCohort")
	now := s.now()
	return s.tx(ctx, func(tx *gorm.DB) error {
		var before Cohort
		if err := tx.Where("id = ?", id).Take(&before).Error; err != nil {
			return notFound(err)
		}
		if before.Version != version {
			return portal.ErrConflict
		}
		res := tx.Model(&Cohort{}).Where("id = ? AND version = ? AND places_taken <= ?", id, version, in.Capacity).Updates(map[string]any{
			"starts_on": in.StartsOn, "ends_on": in.EndsOn, "closes_at": in.ClosesAt, "venue_name": in.VenueName,
			"venue_address": in.VenueAddress, "venue_postcode": in.VenuePostcode, "capacity": in.Capacity,
			"version": gorm.Expr("version + 1"), "updated_at": now,
		})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			var saved Cohort
			if err := tx.Where("id = ?", id).Take(&saved).Error; err != nil {
				return notFound(err)
			}
			if saved.Version != version {
				return portal.ErrConflict
			}
			return CapacityBelowTaken(saved.PlacesTaken)
		}
		return audit(tx, now, a, AuditUpdated, TargetCohort, id, cohortInput(before), in)
	})
}

// CapacityBelowTaken is the error for a capacity under the places taken.
func CapacityBelowTaken(taken int) *portal.ValidationError {
	v := &portal.ValidationError{}
	msg := "Capacity must be at least the number of places already taken (" + strconv.Itoa(taken) + ")"
	v.Add("capacity", msg)
	return v
}

// ---- routing rules ----------------------------------------------------------------

// RoutingRuleRow is a stored routing rule with its version.
type RoutingRuleRow struct {
	ID        string
	PathwayID string
	Factor    string
	Value     string
	Weight    int
	Reason    string
	Version   int
	CreatedAt time.Time
	UpdatedAt time.Time
}

// TableName is the rules table.
func (RoutingRuleRow) TableName() string { return "routing_rules" }

// RuleInput is a routing rule as a coordinator writes it.
type RuleInput struct {
	Factor string `json:"factor"`
	Value  string `json:"value"`
	Weight int    `json:"weight"`
	Reason string `json:"reason"`
}

func ruleInput(r RoutingRuleRow) RuleInput {
	return RuleInput{Factor: r.Factor, Value: r.Value, Weight: r.Weight, Reason: r.Reason}
}

// RulesOfPathway returns a pathway's rules by factor, then weight (highest
// first).
func (s *Store) RulesOfPathway(ctx context.Context, pathwayID string) (_ []RoutingRuleRow, err error) {
	defer named(&err, "RulesOfPathway")
	var out []RoutingRuleRow
	err = s.db.WithContext(ctx).Where("pathway_id = ?", pathwayID).Order("factor, weight DESC, value, id").Find(&out).Error
	return out, err
}

// RuleForConsole returns a rule, or portal.ErrNotFound.
func (s *Store) RuleForConsole(ctx context.Context, id string) (_ RoutingRuleRow, err error) {
	defer named(&err, "RuleForConsole")
	var out RoutingRuleRow
	err = s.db.WithContext(ctx).Where("id = ?", id).Take(&out).Error
	return out, notFound(err)
}

func ruleTaken(err error) error {
	if database.IsUniqueViolation(err) {
		v := &portal.ValidationError{}
		v.Add("value", "This pathway already has a rule for this answer. Change that rule instead")
		return v
	}
	return err
}

// CreateRoutingRule adds a rule to a pathway. Errors: portal.ErrNotFound,
// *portal.ValidationError (a rule for that answer exists).
func (s *Store) CreateRoutingRule(ctx context.Context, a Actor, pathwayID string, in RuleInput) (_ string, err error) {
	defer named(&err, "CreateRoutingRule")
	now := s.now()
	r := RoutingRuleRow{ID: portal.NewID(), PathwayID: pathwayID, Factor: in.Factor, Value: in.Value, Weight: in.Weight, Reason: in.Reason,
		Version: 1, CreatedAt: now, UpdatedAt: now}
	err = s.tx(ctx, func(tx *gorm.DB) error {
		if err := mustExist(tx, &Pathway{}, pathwayID); err != nil {
			return err
		}
		var n int64
		if err := tx.Model(&RoutingRuleRow{}).Where("pathway_id = ? AND factor = ? AND value = ?", pathwayID, in.Factor, in.Value).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return ruleTaken(gorm.ErrDuplicatedKey)
		}
		if err := tx.Create(&r).Error; err != nil {
			return err
		}
		return audit(tx, now, a, AuditCreated, TargetRoutingRule, r.ID, nil, map[string]any{"pathway_id": pathwayID, "rule": in})
	})
	return r.ID, ruleTaken(err)
}

// UpdateRoutingRule saves a rule edited from version. Errors:
// portal.ErrNotFound, portal.ErrConflict, *portal.ValidationError.
func (s *Store) UpdateRoutingRule(ctx context.Context, a Actor, id string, version int, in RuleInput) (err error) {
	defer named(&err, "UpdateRoutingRule")
	now := s.now()
	err = s.tx(ctx, func(tx *gorm.DB) error {
		var before RoutingRuleRow
		if err := tx.Where("id = ?", id).Take(&before).Error; err != nil {
			return notFound(err)
		}
		if before.Version != version {
			return portal.ErrConflict
		}
		var n int64
		if err := tx.Model(&RoutingRuleRow{}).Where("pathway_id = ? AND factor = ? AND value = ? AND id <> ?", before.PathwayID, in.Factor, in.Value, id).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return ruleTaken(gorm.ErrDuplicatedKey)
		}
		res := tx.Model(&RoutingRuleRow{}).Where("id = ? AND version = ?", id, version).Updates(map[string]any{
			"factor": in.Factor, "value": in.Value, "weight": in.Weight, "reason": in.Reason,
			"version": gorm.Expr("version + 1"), "updated_at": now,
		})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return portal.ErrConflict
		}
		return audit(tx, now, a, AuditUpdated, TargetRoutingRule, id, ruleInput(before), in)
	})
	return ruleTaken(err)
}

// DeleteRoutingRule removes a rule, as seen at version. Errors:
// portal.ErrNotFound, portal.ErrConflict (it changed since).
func (s *Store) DeleteRoutingRule(ctx context.Context, a Actor, id string, version int) (err error) {
	defer named(&err, "DeleteRoutingRule")
	now := s.now()
	return s.tx(ctx, func(tx *gorm.DB) error {
		var before RoutingRuleRow
		if err := tx.Where("id = ?", id).Take(&before).Error; err != nil {
			return notFound(err)
		}
		res := tx.Where("id = ? AND version = ?", id, version).Delete(&RoutingRuleRow{})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return portal.ErrConflict
		}
		return audit(tx, now, a, AuditDeleted, TargetRoutingRule, id, map[string]any{"pathway_id": before.PathwayID, "rule": ruleInput(before)}, nil)
	})
}

// RoutingPreview returns every open pathway and all their rules, for
// ranking a sample resident. Two queries.
func (s *Store) RoutingPreview(ctx context.Context) (_ []portal.PathwayOption, _ []portal.RoutingRule, err error) {
	defer named(&err, "RoutingPreview")
	var open []portal.PathwayOption
	if err := s.db.WithContext(ctx).Table("pathways").Select("id, name").Where("is_open = ?", true).
		Order("name, id").Scan(&open).Error; err != nil {
		return nil, nil, err
	}
	if len(open) == 0 {
		return open, nil, nil
	}
	ids := make([]string, len(open))
	for i, p := range open {
		ids[i] = p.ID
	}
	rules, err := s.RoutingRules(ctx, ids)
	return open, rules, err
}

// mustExist is portal.ErrNotFound unless a row of model's table has id.
func mustExist(tx *gorm.DB, model any, id string) error {
	var n int64
	if err := tx.Model(model).Where("id = ?", id).Count(&n).Error; err != nil {
		return err
	}
	if n == 0 {
		return portal.ErrNotFound
	}
	return nil
}
