package store

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/portal"
)

// The recruiters' pool: a pathway's sent applications, best fit first,
// name-blind for recruiters until a place is offered.

// PoolCursor is a keyset position in the pool's order (fit, then id, both
// descending): the next page is the rows strictly after it.
type PoolCursor struct {
	Score int
	ID    string
}

// PoolFilter narrows the pool. Empty fields do not filter. Values are
// compared as data (bound parameters), never spliced into SQL.
type PoolFilter struct {
	Status         portal.Status
	CohortID       string
	Neighbourhood  string // a neighbourhood ID: postcodes in its sectors
	Situation      string
	Sector         string
	Hours          string
	ReferralSource string
	After          PoolCursor
	Limit          int
}

// PoolRow is one application as the pool shows it. Name is "" when the
// viewer may not see it yet; the pool never carries contact details,
// postcode, dates, support needs or referral notes.
type PoolRow struct {
	ID             string
	Version        int
	Reference      string
	Pseudonym      string
	Name           string
	Status         portal.Status
	FitScore       int
	CohortID       string
	ReferralSource string
	Situation      string
	Sectors        []string
	Hours          string
	Reasons        []string
}

// PoolPathway is the pathway a pool belongs to, with its filter choices.
type PoolPathway struct {
	ID, Name       string
	EmployerID     string
	Cohorts        []PoolCohort
	Neighbourhoods []portal.Option
}

// PoolCohort is one of the pathway's cohorts, for filters and exports.
type PoolCohort struct {
	ID        string
	StartsOn  time.Time
	VenueName string
	Capacity  int
	Taken     int
}

// StatusCount is how many of the pool's applications are in one status.
type StatusCount struct {
	Status portal.Status
	Count  int
}

// Pool is one page of a pathway's pool.
type Pool struct {
	Pathway PoolPathway
	Counts  []StatusCount
	Rows    []PoolRow
	// Next is the cursor of the following page; zero when this is the last.
	Next PoolCursor
}

// Pseudonym is how a recruiter sees an applicant before a place is offered:
// the reference's last group, which says nothing about the person.
func Pseudonym(reference string) string {
	i := strings.LastIndex(reference, "-")
	return "Applicant " + reference[i+1:]
}

// poolPathway reads the pathway st may work on, with its cohorts and
// neighbourhoods (three queries); ErrNotFound if it is out of reach.
func poolPathway(db *gorm.DB, st portal.Staff, pathwayID string) (PoolPathway, error) {
	q := db.Table("pathways").Select("id, name, employer_id").Where("id = ?", pathwayID)
	switch st.Role {
	case portal.RoleCoordinator:
	case portal.RoleRecruiter:
		q = q.Where("employer_id = ?", st.OrganisationID)
	default:
		return PoolPathway{}, portal.ErrNotFound
	}
	var p []struct{ ID, Name, EmployerID string }
	if err := q.Scan(&p).Error; err != nil {
		return PoolPathway{}, err
	}
	if len(p) == 0 {
		return PoolPathway{}, portal.ErrNotFound
	}
	out := PoolPathway{ID: p[0].ID, Name: p[0].Name, EmployerID: p[0].EmployerID}
	err := db.Table("cohorts").Select("cohorts.id, cohorts.starts_on, cohorts.venue_name, cohorts.capacity, cohorts.places_taken AS taken").
		Joins("JOIN courses ON courses.id = cohorts.course_id").Where("courses.pathway_id = ?", pathwayID).
		Order("cohorts.starts_on, cohorts.id").Scan(&out.Cohorts).Error
	if err != nil {
		return out, err
	}
	var ns []struct{ ID, Name string }
	err = db.Table("neighbourhoods").Select("neighbourhoods.id, neighbourhoods.name").
		Joins("JOIN pathway_neighbourhoods pn ON pn.neighbourhood_id = neighbourhoods.id").
		Where("pn.pathway_id = ?", pathwayID).Order("neighbourhoods.name").Scan(&ns).Error
	for _, n := range ns {
		out.Neighbourhoods = append(out.Neighbourhoods, portal.Option{Value: n.ID, Label: n.Name})
	}
	return out, err
}

// poolRow is what the pool's query selects: never support_needs, never
// contact details.
type poolRow struct {
	ID             string
	Version        int
	Reference      string
	FullName       string
	Status         portal.Status
	FitScore       int
	CohortID       *string
	ReferralSource string
	Answers        Answers             `gorm:"serializer:json"`
	Routing        []portal.Suggestion `gorm:"serializer:json"`
}

// PoolFor returns one page of the pool of pathwayID as st may see it: sent
// applications, best fit first (ties by id), with the counts per status of
// the pathway (or of the filtered cohort). Recruiters see only their own
// employer's pathways (ErrNotFound otherwise) and no names before an offer.
// It costs five queries whatever the page: the pathway, its cohorts, its
// neighbourhoods, the counts (an index-only GROUP BY on
// applications_pool_counts, bounded by one pathway) and the page (a seek on
// applications_pool).
func (s *Store) PoolFor(ctx context.Context, st portal.Staff, pathwayID string, f PoolFilter) (_ Pool, err error) {
	defer wrap(&err, "PoolFor")
	db := s.db.WithContext(ctx)
	p, err := poolPathway(db, st, pathwayID)
	if err != nil {
		return Pool{}, err
	}
	out := Pool{Pathway: p}
	cq := db.Table("applications").Select("status, COUNT(*) AS count").
		Where("pathway_id = ? AND status <> ?", pathwayID, portal.StatusDraft)
	if f.CohortID != "" {
		cq = cq.Where("cohort_id = ?", f.CohortID)
	}
	if err := cq.Group("status").Scan(&out.Counts).Error; err != nil {
		return out, err
	}
	sortCounts(out.Counts)
	if f.Limit <= 0 || f.Limit > 100 {
		f.Limit = 25
	}
	q := db.Table("applications").
		Select("id, version, reference, full_name, status, fit_score, cohort_id, referral_source, answers, routing").
		Where("pathway_id = ? AND status <> ?", pathwayID, portal.StatusDraft)
	q = filterPool(q, f)
	if f.After.ID != "" {
		q = q.Where("(fit_score, id) < (?, ?)", f.After.Score, f.After.ID)
	}
	var rows []poolRow
	if err := q.Order("fit_score DESC, id DESC").Limit(f.Limit + 1).Scan(&rows).Error; err != nil {
		return out, err
	}
	if len(rows) > f.Limit {
		rows = rows[:f.Limit]
		last := rows[len(rows)-1]
		out.Next = PoolCursor{Score: last.FitScore, ID: last.ID}
	}
	for _, r := range rows {
		out.Rows = append(out.Rows, r.view(st, pathwayID))
	}
	return out, nil
}

func (r poolRow) view(st portal.Staff, pathwayID string) PoolRow {
	v := PoolRow{ID: r.ID, Version: r.Version, Reference: r.Reference, Pseudonym: Pseudonym(r.Reference),
		Status: r.Status, FitScore: r.FitScore, ReferralSource: r.ReferralSource,
		Situation: r.Answers.Situation, Sectors: r.Answers.Sectors, Hours: r.Answers.Hours}
	if r.CohortID != nil {
		v.CohortID = *r.CohortID
	}
	if seesName(st, r.Status) {
		v.Name = r.FullName
	}
	for _, sg := range r.Routing {
		if sg.PathwayID == pathwayID {
			v.Reasons = sg.Reasons
		}
	}
	return v
}

// seesName reports whether st may see the name on an application in status.
func seesName(st portal.Staff, status portal.Status) bool {
	return st.Role == portal.RoleCoordinator || portal.RecruiterSeesName(status)
}

// filterPool adds f's filters. The answers are JSON written by
// encoding/json (no spaces), and every filter value is one of a fixed
// vocabulary, checked by the caller, so matching the encoded "key":"value"
// pair is exact; sectors, an array whose values other arrays share, have
// their own column.
func filterPool(q *gorm.DB, f PoolFilter) *gorm.DB {
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	if f.CohortID != "" {
		q = q.Where("cohort_id = ?", f.CohortID)
	}
	if f.ReferralSource != "" {
		q = q.Where("referral_source = ?", f.ReferralSource)
	}
	if f.Neighbourhood != "" {
		q = q.Where("EXISTS (SELECT 1 FROM neighbourhood_sectors ns WHERE ns.neighbourhood_id = ? AND applications.postcode LIKE ns.sector || '%')", f.Neighbourhood)
	}
	if f.Situation != "" {
		q = q.Where("answers LIKE ?", `%"situation":"`+f.Situation+`"%`)
	}
	if f.Hours != "" {
		q = q.Where("answers LIKE ?", `%"hours":"`+f.Hours+`"%`)
	}
	if f.Sector != "" {
		q = q.Where("sectors_done LIKE ?", "%,"+f.Sector+",%")
	}
	return q
}

func sortCounts(cs []StatusCount) {
	order := map[portal.Status]int{}
	for i, s := range portal.AllStatuses() {
		order[s] = i
	}
	for i := 1; i < len(cs); i++ {
		for j := i; j > 0 && order[cs[j].Status] < order[cs[j-1].Status]; j-- {
			cs[j], cs[j-1] = cs[j-1], cs[j]
		}
	}
}
