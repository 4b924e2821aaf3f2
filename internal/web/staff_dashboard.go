package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
)

const pageSize = 25

type dashboardPage struct {
	Page
	Applications []store.StaffApplication
	Next         string
}

// staffDashboard lists the applications the signed-in staff member may see.
func (s *Server) staffDashboard(c echo.Context) error {
	who := me(c)
	rows, err := s.store.ListApplicationsFor(c.Request().Context(), who, decodeCursor(c.QueryParam("after")), pageSize+1)
	if err != nil {
		return err
	}
	p := &dashboardPage{Page: Page{Title: "Applications"}}
	if len(rows) > pageSize {
		rows = rows[:pageSize]
		last := rows[len(rows)-1]
		p.Next = encodeCursor(last.CreatedAt, last.ID)
	}
	p.Applications = rows
	if who.Role == portal.RoleCoordinator && len(rows) > 0 {
		// Coordinators see other organisations' applicants: every such view
		// of personal data is audited.
		ids := make([]string, len(rows))
		for i, r := range rows {
			ids[i] = r.ID
		}
		if err := s.store.Audit(c.Request().Context(), s.actor(c), store.AuditViewed, "applications", "", nil, ids); err != nil {
			return err
		}
	}
	return s.render(c, http.StatusOK, tmplStaffDashboard, p)
}

type auditPage struct {
	Page
	Entries []store.AuditEntry
	Action  string
	Actions []string
	Next    string
}

// auditLog shows the audit log, newest first, filterable by action.
func (s *Server) auditLog(c echo.Context) error {
	f := store.AuditFilter{Limit: pageSize + 1}
	p := &auditPage{Page: Page{Title: "Audit log"}, Actions: auditActions}
	for _, a := range auditActions {
		if a == c.QueryParam("action") {
			f.Action, p.Action = a, a
		}
	}
	cur := decodeCursor(c.QueryParam("after"))
	f.BeforeTime, f.BeforeID = cur.Time, cur.ID
	rows, err := s.store.ListAudit(c.Request().Context(), f)
	if err != nil {
		return err
	}
	if len(rows) > pageSize {
		rows = rows[:pageSize]
		last := rows[len(rows)-1]
		p.Next = encodeCursor(last.OccurredAt, last.ID)
	}
	p.Entries = rows
	return s.render(c, http.StatusOK, tmplStaffAudit, p)
}

var auditActions = []string{
	store.AuditSignIn, store.AuditSignInFailed, store.AuditSignOut, store.AuditSignOutAll, store.AuditMFAEnrolled,
	store.AuditMFAPassed, store.AuditMFAFailed, store.AuditRecoveryUsed, store.AuditRefused, store.AuditInvited,
	store.AuditInviteAccepted, store.AuditResetRequested, store.AuditPasswordReset, store.AuditCreated, store.AuditUpdated,
	store.AuditDeleted, store.AuditStaffDisabled, store.AuditRoleChanged, store.AuditViewed,
}
