package store

import (
	"context"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"anchorpathways/internal/portal"
)

// A cohort's export for the employer's HR system.

// AuditExported is the audit action of a cohort export.
const AuditExported = "cohort_exported"

// ExportHeader is the first row of a cohort export.
var ExportHeader = []string{"Reference", "Name", "Status", "Fit score", "Work situation", "Hours", "Referred by"}

// ExportCohort returns the sent applications of cohortID (a cohort of
// pathwayID that a.Staff may work on; ErrNotFound otherwise) as rows under
// ExportHeader, best fit first, and audits the export in the same
// transaction. Names are filled only for those offered a place or later
// (portal.RecruiterSeesName), whoever exports; there are no contact
// details. Cells are raw text: making them formula-safe is the CSV
// writer's part (web/recruit).
func (s *Store) ExportCohort(ctx context.Context, a Actor, pathwayID, cohortID string) (rows [][]string, err error) {
	defer wrap(&err, "ExportCohort")
	err = s.tx(ctx, func(tx *gorm.DB) error {
		p, err := poolPathway(tx, a.Staff, pathwayID)
		if err != nil {
			return err
		}
		found := false
		for _, c := range p.Cohorts {
			found = found || c.ID == cohortID
		}
		if !found {
			return portal.ErrNotFound
		}
		var apps []poolRow
		err = tx.Table("applications").Select("id, version, reference, full_name, status, fit_score, cohort_id, referral_source, answers, routing").
			Where("pathway_id = ? AND cohort_id = ? AND status <> ?", pathwayID, cohortID, portal.StatusDraft).
			Order("fit_score DESC, id DESC").Limit(5000).Scan(&apps).Error
		if err != nil {
			return err
		}
		for _, r := range apps {
			name := ""
			if portal.RecruiterSeesName(r.Status) {
				name = r.FullName
			}
			rows = append(rows, []string{r.Reference, name, r.Status.Label(), strconv.Itoa(r.FitScore),
				portal.LabelFor(portal.Situations, r.Answers.Situation), portal.LabelFor(portal.HoursOptions, r.Answers.Hours),
				strings.ReplaceAll(r.ReferralSource, "_", " ")})
		}
		return audit(tx, s.now(), a, AuditExported, "cohort", cohortID, "", strconv.Itoa(len(rows))+" applications")
	})
	return rows, err
}
