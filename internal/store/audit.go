package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/portal"
)

// AuditEntry is one row of the append-only audit log.
type AuditEntry struct {
	ID             string
	OccurredAt     time.Time
	ActorID        string
	ActorEmail     string
	OrganisationID string
	Action         string
	TargetType     string
	TargetID       string
	BeforeState    string
	AfterState     string
	ClientIP       string
	RequestID      string
}

// TableName is the audit table.
func (AuditEntry) TableName() string { return "audit_log" }

// Audited actions.
const (
	AuditSignIn         = "sign_in"
	AuditSignInFailed   = "sign_in_failed"
	AuditSignOut        = "sign_out"
	AuditSignOutAll     = "sign_out_everywhere"
	AuditMFAEnrolled    = "mfa_enrolled"
	AuditMFAPassed      = "mfa_passed"
	AuditMFAFailed      = "mfa_failed"
	AuditRecoveryUsed   = "recovery_code_used"
	AuditRefused        = "request_refused"
	AuditInvited        = "staff_invited"
	AuditInviteAccepted = "invitation_accepted"
	AuditResetRequested = "password_reset_requested"
	AuditPasswordReset  = "password_reset"
	AuditCreated        = "created"
	AuditUpdated        = "updated"
	AuditDeleted        = "deleted"
	AuditStaffDisabled  = "staff_disabled"
	AuditRoleChanged    = "staff_role_changed"
	AuditViewed         = "viewed_personal_data"
)

// AuditAction is an audited action and how the audit log names it.
type AuditAction struct{ Action, Label string }

// AuditActions are every audited action, in the order the audit log's
// filter offers them (TestAuditActionsListEveryAction checks that each
// Audit… constant of this package is here).
var AuditActions = []AuditAction{
	{AuditSignIn, "Signed in"}, {AuditSignInFailed, "Sign-in failed"}, {AuditSignOut, "Signed out"},
	{AuditSignOutAll, "Signed out everywhere"}, {AuditMFAEnrolled, "Set up an authenticator app"},
	{AuditMFAPassed, "Passed the second factor"}, {AuditMFAFailed, "Second factor failed"},
	{AuditRecoveryUsed, "Used a recovery code"}, {AuditRefused, "Request refused"},
	{AuditInvited, "Invited a staff member"}, {AuditInviteAccepted, "Accepted an invitation"},
	{AuditResetRequested, "Asked to reset a password"}, {AuditPasswordReset, "Reset a password"},
	{AuditStaffDisabled, "Disabled a staff account"}, {AuditRoleChanged, "Changed a staff role"},
	{AuditCreated, "Created"}, {AuditUpdated, "Changed"}, {AuditDeleted, "Deleted"},
	{AuditPublished, "Published a pathway"}, {AuditUnpublished, "Closed a pathway"},
	{AuditViewed, "Viewed personal data"}, {AuditExported, "Exported a cohort"},
	{AuditErasure, "Decided an erasure request"}, {AuditRetention, "Ran the retention job"},
}

// AuditLabel is how the audit log names action; an action it does not
// know (written by a newer version) is shown as stored.
func AuditLabel(action string) string {
	for _, a := range AuditActions {
		if a.Action == action {
			return a.Label
		}
	}
	return action
}

// Actor is who did an audited thing, from where.
type Actor struct {
	Staff     portal.Staff
	ClientIP  string
	RequestID string
}

// audit writes an entry inside tx, so it exists if and only if the change
// it records commits. before and after are encoded as JSON when not strings.
func audit(tx *gorm.DB, now time.Time, a Actor, action, targetType, targetID string, before, after any) error {
	return tx.Create(&AuditEntry{
		ID: portal.NewID(), OccurredAt: now, ActorID: a.Staff.ID, ActorEmail: a.Staff.Email,
		OrganisationID: a.Staff.OrganisationID, Action: action, TargetType: targetType, TargetID: targetID,
		BeforeState: stateOf(before), AfterState: stateOf(after), ClientIP: a.ClientIP, RequestID: a.RequestID,
	}).Error
}

func stateOf(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	}
	return jsonOf(v)
}

// Audit records an event that changes nothing else (a sign-in, a refusal).
func (s *Store) Audit(ctx context.Context, a Actor, action, targetType, targetID string, before, after any) (err error) {
	defer named(&err, "Audit")
	return audit(s.db.WithContext(ctx), s.now(), a, action, targetType, targetID, before, after)
}

// AuditFilter narrows the audit log view.
type AuditFilter struct {
	Action  string
	ActorID string
	// Before is the keyset cursor: entries strictly older than this one.
	BeforeTime time.Time
	BeforeID   string
	Limit      int
}

// ListAudit returns audit entries newest first, one page at a time, for
// coordinators only (the caller checks the role).
func (s *Store) ListAudit(ctx context.Context, f AuditFilter) (_ []AuditEntry, err error) {
	defer named(&err, "ListAudit")
	q := s.db.WithContext(ctx).Model(&AuditEntry{})
	if f.Action != "" {
		q = q.Where("action = ?", f.Action)
	}
	if f.ActorID != "" {
		q = q.Where("actor_id = ?", f.ActorID)
	}
	if !f.BeforeTime.IsZero() {
		q = q.Where("occurred_at < ? OR (occurred_at = ? AND id < ?)", f.BeforeTime, f.BeforeTime, f.BeforeID)
	}
	if f.Limit <= 0 || f.Limit > 100 {
		f.Limit = 50
	}
	var out []AuditEntry
	err = q.Order("occurred_at DESC, id DESC").Limit(f.Limit).Find(&out).Error
	return out, err
}

// named puts the use case in an error returned by an exported store method
// ("store: CreatePathway: ..."), so that a log line says which one failed;
// errors.Is and errors.As see through it to portal.ErrNotFound,
// portal.ErrConflict and *portal.ValidationError.
func named(err *error, op string) {
	if *err != nil {
		*err = fmt.Errorf("store: %s: %w", op, *err)
	}
}
