package store

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/database"
	"anchorpathways/internal/portal"
)

// ReportFilter is the period an impact report covers: applications sent on
// or after From and before To.
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

// reportScope narrows applications (aliased a, joined to pathways p) to what
// who may report on: a recruiter, their employer's pathways; a housing
// officer, their organisation's tenants; the coordinator, everything.
func reportScope(q *gorm.DB, who portal.Staff) (*gorm.DB, error) {
	switch who.Role {
	case portal.RoleCoordinator:
		return q, nil
	case portal.RoleRecruiter:
		return q.Where("p.employer_id = ?", who.OrganisationID), nil
	case portal.RoleHousingOfficer:
		return q.Where("a.tenant_org_id = ?", who.OrganisationID), nil
	}
	return nil, portal.ErrForbidden
}

// reportSector is the postcode sector of an application, read from the
// postcode or, once that is erased, from the sector kept in its place.
const reportSector = `CASE WHEN a.anonymised_at IS NULL THEN substr(a.postcode, 1, length(a.postcode) - 2) ELSE a.kept_sector END`

// reportReached is, per application, which steps an event shows it reached.
// The index application_events_reached serves the status filter.
const reportReached = `SELECT application_id,
  MAX(CASE WHEN to_status = 'place_accepted' THEN 1 ELSE 0 END) AS place,
  MAX(CASE WHEN to_status = 'course_completed' THEN 1 ELSE 0 END) AS completed,
  MAX(CASE WHEN to_status = 'interview' THEN 1 ELSE 0 END) AS interview,
  MAX(CASE WHEN to_status = 'job_started' THEN 1 ELSE 0 END) AS job,
  MAX(CASE WHEN to_status = 'in_work_13_weeks' THEN 1 ELSE 0 END) AS work13,
  MAX(CASE WHEN to_status = 'in_work_26_weeks' THEN 1 ELSE 0 END) AS work26
FROM application_events
WHERE to_status IN ('place_accepted', 'course_completed', 'interview', 'job_started', 'in_work_13_weeks', 'in_work_26_weeks')
GROUP BY application_id`

// ImpactReport counts, for the applications sent in f's period that who may
// report on, how many reached each step, by neighbourhood, pathway, cohort
// and referral source, and the median days to a job. Every figure is
// aggregated by the database: one grouped query returns a row per
// (neighbourhood, pathway, cohort, source), which this sums into the four
// tables; a second returns the median. Anonymised applications count as
// before (their row stays). Errors: portal.ErrForbidden for a role with no
// report.
func (s *Store) ImpactReport(ctx context.Context, who portal.Staff, f ReportFilter) (_ ImpactReport, err error) {
	defer named(&err, "ImpactReport")
	db := s.db.WithContext(ctx)
	base := func() *gorm.DB {
		return db.Table("applications a").
			Joins("JOIN pathways p ON p.id = a.pathway_id").
			Where("a.submitted_at >= ? AND a.submitted_at < ?", dbTime(f.From), dbTime(f.To))
	}
	q, err := reportScope(base(), who)
	if err != nil {
		return ImpactReport{}, err
	}
	var groups []struct {
		HoodID, HoodName, PathwayID, PathwayName, CohortID string
		CohortStarts                                       *time.Time
		Source                                             string
		ReportFigures
	}
	// Grouped by sector first, so the neighbourhood of each sector (not of
	// each application) is looked up, in the outer query.
	inner := q.Select(reportSector + ` AS sector, a.pathway_id, COALESCE(a.cohort_id, '') AS cohort_id, a.referral_source AS source,
  COUNT(*) AS applicants,
  COALESCE(SUM(m.place), 0) AS places_filled,
  COALESCE(SUM(m.completed), 0) AS courses_completed,
  COALESCE(SUM(m.interview), 0) AS interviews,
  COALESCE(SUM(m.job), 0) AS jobs,
  COALESCE(SUM(CASE WHEN m.job = 1 AND a.job_kind = 'substantive' THEN 1 ELSE 0 END), 0) AS jobs_substantive,
  COALESCE(SUM(CASE WHEN m.job = 1 AND a.job_kind = 'bank' THEN 1 ELSE 0 END), 0) AS jobs_bank,
  COALESCE(SUM(m.work13), 0) AS in_work13,
  COALESCE(SUM(m.work26), 0) AS in_work26`).
		Joins("LEFT JOIN (" + reportReached + ") m ON m.application_id = a.id").
		Group("1, a.pathway_id, a.cohort_id, a.referral_source")
	err = db.Raw(`SELECT COALESCE(nb.id, '') AS hood_id, COALESCE(nb.name, '') AS hood_name, p.id AS pathway_id, p.name AS pathway_name,
  g.cohort_id, co.starts_on AS cohort_starts, g.source, g.applicants, g.places_filled, g.courses_completed, g.interviews,
  g.jobs, g.jobs_substantive, g.jobs_bank, g.in_work13, g.in_work26
FROM (?) g
JOIN pathways p ON p.id = g.pathway_id
LEFT JOIN cohorts co ON co.id = g.cohort_id
LEFT JOIN neighbourhoods nb ON nb.id = (SELECT MIN(ns.neighbourhood_id) FROM neighbourhood_sectors ns WHERE ns.sector = g.sector)`, inner).
		Scan(&groups).Error
	if err != nil {
		return ImpactReport{}, err
	}
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

	mq, _ := reportScope(base(), who)
	days := database.DaysBetween(db, "a.submitted_at", "a.job_started_on")
	jobs := mq.Select(days + " AS d").Where("a.job_started_on IS NOT NULL")
	var median struct{ M *float64 }
	err = db.Raw(`SELECT AVG(d) AS m FROM (SELECT d, ROW_NUMBER() OVER (ORDER BY d) AS rn, COUNT(*) OVER () AS n FROM (?) x) y
WHERE rn = (n + 1) / 2 OR rn = (n + 2) / 2`, jobs).Scan(&median).Error
	if err != nil {
		return ImpactReport{}, fmt.Errorf("median: %w", err)
	}
	if median.M != nil {
		m := math.Round(*median.M*10) / 10
		r.MedianDaysToJob = &m
	}
	return r, nil
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
