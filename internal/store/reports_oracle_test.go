package store

import (
	"context"
	"math"

	"gorm.io/gorm"

	"anchorpathways/internal/database"
	"anchorpathways/internal/portal"
)

// This file keeps the impact report as it was first written, reading every
// application and event, as the oracle the tallies are tested against.

// reportScope narrows applications (aliased a, joined to pathways p) to
// what who may report on, as tallyScope does for the tallies.
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

// reportReached is, per application, which steps an event shows it reached.
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

// impactReportFromRows is ImpactReport computed from the applications and
// their events directly, counting whole days to a job as the tallies do.
func (s *Store) impactReportFromRows(ctx context.Context, who portal.Staff, f ReportFilter) (ImpactReport, error) {
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
	groups, err := reportGroups(db, inner)
	if err != nil {
		return ImpactReport{}, err
	}
	r := summarise(f, groups)
	mq, _ := reportScope(base(), who)
	days := "CAST(julianday(date(a.job_started_on)) - julianday(date(a.submitted_at)) AS INTEGER)"
	if database.DialectOf(db) == database.Postgres {
		days = "(a.job_started_on::date - a.submitted_at::date)"
	}
	jobs := mq.Select(days + " AS d").Where("a.job_started_on IS NOT NULL")
	var median struct{ M *float64 }
	err = db.Raw(`SELECT AVG(d) AS m FROM (SELECT d, ROW_NUMBER() OVER (ORDER BY d) AS rn, COUNT(*) OVER () AS n FROM (?) x) y
WHERE rn = (n + 1) / 2 OR rn = (n + 2) / 2`, jobs).Scan(&median).Error
	if err != nil {
		return ImpactReport{}, err
	}
	if median.M != nil {
		m := math.Round(*median.M*10) / 10
		r.MedianDaysToJob = &m
	}
	return r, nil
}
