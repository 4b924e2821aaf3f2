package store

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"anchorpathways/internal/portal"
)

// ReferralCursor is the last row of a referrals page: own referrals come
// first, then newest first.
type ReferralCursor struct {
	Others bool // the row was another officer's
	Time   time.Time
	ID     string
}

// ReferralFilter narrows the referrals list.
type ReferralFilter struct {
	Name  string              // part of the tenant's name
	Step  portal.ReferralStep // "" for every step
	After ReferralCursor
	Limit int
}

// ReferralRow is one referral as its officer's organisation sees it: the
// tenant's name (their own tenant), the pathway and the progress step only.
type ReferralRow struct {
	ID          string
	FullName    string
	PathwayName string
	OfficerName string
	Own         bool
	CreatedAt   time.Time
	Step        portal.ReferralStep
	CanResend   bool
	// OfficerNote is the referring officer's own note, for the officers of
	// the referral's organisation only (this list's only readers).
	OfficerNote string
}

// progressShared is the SQL condition that the tenant lets this referral's
// organisation see their progress: they said so, and it is their housing
// provider (a referral linked to an application made for another provider
// sees "applied" at most).
const progressShared = "a.share_progress = ? AND a.tenant_org_id = r.organisation_id"

// ListReferrals returns the referrals of the housing officer's organisation,
// the officer's own first, then newest first, a page at a time. The scope
// is in the WHERE clause; only the step is read from the application.
// Errors: portal.ErrForbidden for anyone but a housing officer.
func (s *Store) ListReferrals(ctx context.Context, officer portal.Staff, f ReferralFilter) (_ []ReferralRow, err error) {
	defer wrap(&err, "ListReferrals")
	if officer.Role != portal.RoleHousingOfficer {
		return nil, portal.ErrForbidden
	}
	own := "(CASE WHEN r.officer_id = ? THEN 0 ELSE 1 END)"
	q := s.db.WithContext(ctx).Table("referrals r").
		Joins("LEFT JOIN applications a ON a.id = r.application_id").
		Joins("LEFT JOIN pathways p ON p.id = COALESCE(a.pathway_id, r.pathway_id)").
		Joins("LEFT JOIN staff_users u ON u.id = r.officer_id").
		Where("r.organisation_id = ?", officer.OrganisationID)
	if n := strings.ToLower(strings.TrimSpace(f.Name)); n != "" {
		q = q.Where("LOWER(r.full_name) LIKE ? ESCAPE '\\'", "%"+likeEscape(n)+"%")
	}
	q = stepWhere(q, f.Step)
	if f.After.ID != "" {
		rank := 0
		if f.After.Others {
			rank = 1
		}
		t := dbTime(f.After.Time)
		q = q.Where(own+" > ? OR ("+own+" = ? AND (r.created_at < ? OR (r.created_at = ? AND r.id < ?)))",
			officer.ID, rank, officer.ID, rank, t, t, f.After.ID)
	}
	var rows []struct {
		ID, FullName, OfficerID  string
		OfficerNote              string
		PathwayName, OfficerName *string
		CreatedAt                time.Time
		Status                   *portal.Status
		Shared                   int
		ResentAt                 *time.Time
	}
	err = q.Select("r.id, r.full_name, r.officer_id, r.officer_note, r.created_at, r.resent_at, p.name AS pathway_name, u.full_name AS officer_name, "+
		"a.status, (CASE WHEN "+progressShared+" THEN 1 ELSE 0 END) AS shared", true).
		// (gorm's Order drops a bare clause.Expr; an OrderBy keeps it.)
		Order(clause.OrderBy{Expression: clause.Expr{SQL: own + " ASC, r.created_at DESC, r.id DESC", Vars: []any{officer.ID}, WithoutParentheses: true}}).
		Limit(f.Limit).Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	out := make([]ReferralRow, len(rows))
	for i, r := range rows {
		var st portal.Status
		if r.Status != nil {
			st = *r.Status
		}
		shared := r.Shared == 1
		out[i] = ReferralRow{ID: r.ID, FullName: tenantName(r.FullName), PathwayName: refStr(r.PathwayName), OfficerName: refStr(r.OfficerName),
			Own: r.OfficerID == officer.ID, CreatedAt: r.CreatedAt.UTC(), Step: portal.StepFor(st, shared),
			CanResend: r.Status == nil && r.ResentAt == nil, OfficerNote: r.OfficerNote}
	}
	return out, nil
}

// stepWhere narrows q to the referrals that show as step.
func stepWhere(q *gorm.DB, step portal.ReferralStep) *gorm.DB {
	switch step {
	case "":
		return q
	case portal.StepNotStarted:
		return q.Where("r.application_id IS NULL")
	case portal.StepReferred:
		return q.Where("a.status = ?", portal.StatusDraft)
	case portal.StepApplied:
		return q.Where("a.status <> ? AND (a.status = ? OR NOT ("+progressShared+"))", portal.StatusDraft, portal.StatusSubmitted, true)
	}
	return q.Where("a.status IN ? AND "+progressShared, portal.StatusesFor(step), true)
}

func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// ResendReferral sends a not-started referral's link again, once, on its
// officer's organisation's say. Errors: portal.ErrForbidden (not a housing
// officer), portal.ErrNotFound (no such referral in the organisation),
// portal.ErrConflict (already resent, or already started).
func (s *Store) ResendReferral(ctx context.Context, officer portal.Staff, id string, msgs Messages) (err error) {
	defer wrap(&err, "ResendReferral")
	if officer.Role != portal.RoleHousingOfficer {
		return portal.ErrForbidden
	}
	now := s.now()
	return s.tx(ctx, func(tx *gorm.DB) error {
		var r Referral
		if err := tx.Where("id = ? AND organisation_id = ?", id, officer.OrganisationID).Take(&r).Error; err != nil {
			return notFound(err)
		}
		res := tx.Model(&Referral{}).Where("id = ? AND resent_at IS NULL AND application_id IS NULL", r.ID).
			Updates(map[string]any{"resent_at": dbTime(now), "updated_at": dbTime(now)})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return portal.ErrConflict
		}
		name, err := pathwayNameOf(tx, r)
		if err != nil {
			return err
		}
		return sendReferralLink(tx, now, r, msgs, name, true)
	})
}

// pathwayNameOf is the name of the referral's pathway, "" if none.
func pathwayNameOf(tx *gorm.DB, r Referral) (string, error) {
	if r.PathwayID == nil {
		return "", nil
	}
	var names []string
	if err := tx.Table("pathways").Where("id = ?", *r.PathwayID).Pluck("name", &names).Error; err != nil || len(names) == 0 {
		return "", err
	}
	return names[0], nil
}

// ErasedTenantName is what an officer sees for a referral whose personal
// data was erased (by the tenant's request or the retention schedule).
const ErasedTenantName = "Name removed (data protection)"

// tenantName is a referral's tenant name for staff: ErasedTenantName once
// erased, rather than a blank.
func tenantName(fullName string) string {
	if fullName == "" {
		return ErasedTenantName
	}
	return fullName
}
