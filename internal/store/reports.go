package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/portal"
)

// ReportFilter is the period an impact report covers: applications sent on
// or after From and before To, in whole days (UTC): the report page gives
// midnights, and a day begun is counted whole.
type ReportFilter struct {
	From, To time.Time
}

// ReportFigures are the counts of one row of the impact report: of the
// applications sent in the period, how many reached each step. "Reached" is
// read from the application's events, so an application that later ended
// still counts for the steps it passed.
type ReportFigures struct {
	Applicants       int
	PlacesFilled     int
	CoursesCompleted int
	Interviews       int
	Jobs             int
	JobsSubstantive  int
	JobsBank         int
	InWork13         int
	InWork26         int
}

func (f *ReportFigures) add(g ReportFigures) {
	f.Applicants += g.Applicants
	f.PlacesFilled += g.PlacesFilled
	f.CoursesCompleted += g.CoursesCompleted
	f.Interviews += g.Interviews
	f.Jobs += g.Jobs
	f.JobsSubstantive += g.JobsSubstantive
	f.JobsBank += g.JobsBank
	f.InWork13 += g.InWork13
	f.InWork26 += g.InWork26
}

// ReportRow is one group of a report table (a neighbourhood, a pathway, a
// cohort or a referral source) and its figures.
type ReportRow struct {
	Key   string
	Label string
	ReportFigures
}

// ImpactReport is the whole report for one viewer and period.
type ImpactReport struct {
	Filter          ReportFilter
	Totals          ReportFigures
	ByNeighbourhood []ReportRow
	ByPathway       []ReportRow
	ByCohort        []ReportRow
	BySource        []ReportRow
	// MedianDaysToJob is the median number of days from sending an
	// application to starting the job, over those that started one; nil
	// when none did.
	MedianDaysToJob *float64
}

// tallyScope narrows the tallies (t) to what who may report on: a
// recruiter, their employer's pathways; a housing officer, their
// organisation's tenants; the coordinator, everything.
func tallyScope(q *gorm.DB, who portal.Staff) (*gorm.DB, error) {
	switch who.Role {
	case portal.RoleCoordinator:
		return q, nil
	case portal.RoleRecruiter:
		return q.Where("t.pathway_id IN (SELECT id FROM pathways WHERE employer_id = ?)", who.OrganisationID), nil
	case portal.RoleHousingOfficer:
		return q.Where("t.tenant_org_id = ?", who.OrganisationID), nil
	}
	return nil, portal.ErrForbidden
}

// reportSector is the postcode sector of an application a, read from the
// postcode or, once that is erased, from the sector kept in its place (as
// the tally's trigger reads it).
const reportSector = `CASE WHEN a.anonymised_at IS NULL THEN substr(a.postcode, 1, length(a.postcode) - 2) ELSE a.kept_sector END`

// tallyPeriod is the condition on the tallies (t) for f's period:
// applications are counted by the UTC day they were sent, so a period runs
// from the start of its first day to the start of the day after its last
// (as the report page gives it). The whole months inside it are read from
// the monthly tally, the days before and after them from the daily one.
func tallyPeriod(q *gorm.DB, f ReportFilter) *gorm.DB {
	day := func(t time.Time) string { return t.UTC().Format("2006-01-02") }
	from, to := f.From.UTC().Truncate(24*time.Hour), f.To.UTC()
	if !to.Equal(to.Truncate(24 * time.Hour)) {
		to = to.Truncate(24*time.Hour).AddDate(0, 0, 1) // a day begun is a day counted
	}
	first := time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, time.UTC)
	if first.Before(from) {
		first = first.AddDate(0, 1, 0)
	}
	last := time.Date(to.Year(), to.Month(), 1, 0, 0, 0, 0, time.UTC)
	if !first.Before(last) {
		return q.Where("t.grain = 'd' AND t.day >= ? AND t.day < ?", day(from), day(to))
	}
	return q.Where("((t.grain = 'd' AND t.day >= ? AND t.day < ?) OR (t.grain = 'm' AND t.day >= ? AND t.day < ?) OR (t.grain = 'd' AND t.day >= ? AND t.day < ?))",
		day(from), day(first), first.Format("2006-01"), last.Format("2006-01"), day(last), day(to))
}

// ImpactReport counts, for the applications sent in f's period that who may
// report on, how many reached each step, by neighbourhood, pathway, cohort
// and referral source, and the median days to a job. It reads the running
// tallies the database keeps as applications move (see
// internal/database/report_tally.go), never the applications themselves: one
// grouped query returns a row per (neighbourhood, pathway, cohort, source),
// which this sums into the four tables; a second returns how many started a
// job after how many days, for the median. Totals do not change when
// personal data is erased or rows are deleted. Errors: portal.ErrForbidden
// for a role with no report.
func (s *Store) ImpactReport(ctx context.Context, who portal.Staff, f ReportFilter) (_ ImpactReport, err error) {
	defer named(&err, "ImpactReport")
	db := s.db.WithContext(ctx)
	period := func(table string) *gorm.DB { return tallyPeriod(db.Table(table+" t"), f) }
	q, err := tallyScope(period("report_tally"), who)
	if err != nil {
		return ImpactReport{}, err
	}
	inner := q.Select(`t.sector, t.pathway_id, t.cohort_id, t.source,
  SUM(t.applicants) AS applicants, SUM(t.places) AS places_filled, SUM(t.completed) AS courses_completed,
  SUM(t.interviews) AS interviews, SUM(t.jobs) AS jobs, SUM(t.jobs_substantive) AS jobs_substantive,
  SUM(t.jobs_bank) AS jobs_bank, SUM(t.work13) AS in_work13, SUM(t.work26) AS in_work26`).
		Group("t.sector, t.pathway_id, t.cohort_id, t.source").Having("SUM(t.applicants) > 0")
	groups, err := reportGroups(db, inner)
	if err != nil {
		return ImpactReport{}, err
	}
	r := summarise(f, groups)

	// Days to a job are kept whole per viewer's scope (a median cannot be
	// summed from parts): the network, an employer, a housing provider.
	scope := ""
	switch who.Role {
	case portal.RoleRecruiter:
		scope = "e:" + who.OrganisationID
	case portal.RoleHousingOfficer:
		scope = "t:" + who.OrganisationID
	}
	var hist []struct{ Days, N int }
	if err := period("report_job_days").Where("t.scope = ?", scope).Select("t.days, SUM(t.n) AS n").Group("t.days").Having("SUM(t.n) > 0").Order("t.days").Scan(&hist).Error; err != nil {
		return ImpactReport{}, fmt.Errorf("median: %w", err)
	}
	r.MedianDaysToJob = medianOf(hist)
	return r, nil
}

// reportGroup is one (sector's neighbourhood, pathway, cohort, source) row.
type reportGroup struct {
	HoodID, HoodName, PathwayID, PathwayName, CohortID string
	CohortStarts                                       *time.Time
	Source                                             string
	ReportFigures
}

// reportGroups names the groups of inner (grouped by sector, pathway,
// cohort and source): the neighbourhood of each sector (not of each
// application) is looked up here, in the outer query.
func reportGroups(db *gorm.DB, inner *gorm.DB) ([]reportGroup, error) {
	var groups []reportGroup
	err := db.Raw(`SELECT COALESCE(nb.id, '') AS hood_id, COALESCE(nb.name, '') AS hood_name, p.id AS pathway_id, p.name AS pathway_name,
  g.cohort_id, co.starts_on AS cohort_starts, g.source, g.applicants, g.places_filled, g.courses_completed, g.interviews,
  g.jobs, g.jobs_substantive, g.jobs_bank, g.in_work13, g.in_work26
FROM (?) g
JOIN pathways p ON p.id = g.pathway_id
LEFT JOIN cohorts co ON co.id = g.cohort_id
LEFT JOIN neighbourhoods nb ON nb.id = (SELECT MIN(ns.neighbourhood_id) FROM neighbourhood_sectors ns WHERE ns.sector = g.sector)`, inner).
		Scan(&groups).Error
	return groups, err
}

// summarise sums the groups into the report's totals and four tables.
func summarise(f ReportFilter, groups []reportGroup) ImpactReport {
	r := ImpactReport{Filter: f}
	hoods, paths, cohorts, sources := newTally(), newTally(), newTally(), newTally()
	for _, g := range groups {
		r.Totals.add(g.ReportFigures)
		hood := g.HoodName
		if hood == "" {
			hood = "Outside the network’s neighbourhoods"
		}
		hoods.add(g.HoodID, hood, g.ReportFigures)
		paths.add(g.PathwayID, g.PathwayName, g.ReportFigures)
		cohort := "No course date"
		if g.CohortStarts != nil {
			cohort = g.PathwayName + ": starts " + g.CohortStarts.Format("2 January 2006")
		}
		cohorts.add(g.CohortID, cohort, g.ReportFigures)
		sources.add(g.Source, ReferralSourceLabel(g.Source), g.ReportFigures)
	}
	r.ByNeighbourhood, r.ByPathway, r.ByCohort, r.BySource = hoods.rows(), paths.rows(), cohorts.rows(), sources.rows()
	return r
}

// medianOf is the median of a histogram (how many took each number of
// days, in order of days): the middle value, or the mean of the two middle
// ones; nil when it is empty.
func medianOf(hist []struct{ Days, N int }) *float64 {
	total := 0
	for _, h := range hist {
		total += h.N
	}
	if total == 0 {
		return nil
	}
	at := func(k int) int { // the k-th smallest value, from 1
		seen := 0
		for _, h := range hist {
			if seen += h.N; seen >= k {
				return h.Days
			}
		}
		return hist[len(hist)-1].Days
	}
	m := float64(at((total+1)/2)+at((total+2)/2)) / 2
	return &m
}

// ReferralSourceLabel names a referral source for people.
func ReferralSourceLabel(source string) string {
	switch source {
	case "self":
		return "Applied themselves"
	case "housing_officer":
		return "Referred by a housing officer"
	case "other_organisation":
		return "Referred by another organisation"
	}
	return source
}

// tally sums figures by key, keeping first-seen labels.
type tally struct {
	order []string
	byKey map[string]*ReportRow
}

func newTally() *tally { return &tally{byKey: map[string]*ReportRow{}} }

func (t *tally) add(key, label string, f ReportFigures) {
	r, ok := t.byKey[key]
	if !ok {
		r = &ReportRow{Key: key, Label: label}
		t.byKey[key] = r
		t.order = append(t.order, key)
	}
	r.add(f)
}

// rows are the groups by label, so tables read alphabetically.
func (t *tally) rows() []ReportRow {
	out := make([]ReportRow, 0, len(t.order))
	for _, k := range t.order {
		out = append(out, *t.byKey[k])
	}
	slices.SortFunc(out, func(a, b ReportRow) int {
		if c := strings.Compare(a.Label, b.Label); c != 0 {
			return c
		}
		return strings.Compare(a.Key, b.Key)
	})
	return out
}
