package staff

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/store"
	"anchorpathways/internal/web/auth"
	"anchorpathways/internal/web/page"
)

// Template names, beside the handlers that use them.
const (
	tmplStaffDashboard = "staff/dashboard"
	tmplStaffAudit     = "staff/audit"
)

// auditTargetApplications is the audit target of a list of applications.
const auditTargetApplications = "applications"

// personalDataView is the audit record of one dashboard page: how many
// applicants it showed and which, never their names (the audit log is read
// by more people than may see them).
type personalDataView struct {
	Shown          int      `json:"shown"`
	NamesShown     int      `json:"names_shown"`
	ApplicationIDs []string `json:"application_ids"`
}

func viewOf(rows []store.StaffApplication) personalDataView {
	v := personalDataView{Shown: len(rows), ApplicationIDs: make([]string, len(rows))}
	for i, r := range rows {
		v.ApplicationIDs[i] = r.ID
		if r.FullName != "" {
			v.NamesShown++
		}
	}
	return v
}

type dashboardPage struct {
	page.Page
	Applications []store.StaffApplication
	Next         string
	// Pools are the pathways whose applicant pools this person works.
	Pools []store.PoolLink
}

// Dashboard answers GET /staff (any staff).
// Lists the applications the signed-in staff member may see. Every page
// that shows applicants is one audit row, whatever the role: each is a view
// across organisations (a coordinator's of everyone, a housing officer's of
// applications to other members' pathways, a recruiter's of other members'
// tenants), and the product audits every such view of personal data. An
// audit write that fails fails the page: an unaudited view is not shown.
func (h *Handler) Dashboard(c echo.Context) error {
	who := auth.Me(c)
	rows, err := h.store.ListApplicationsFor(c.Request().Context(), who, page.DecodeCursor(c.QueryParam("after")), page.ListSize+1)
	if err != nil {
		return err
	}
	p := &dashboardPage{Page: page.Page{Title: "Applications"}}
	if len(rows) > page.ListSize {
		rows = rows[:page.ListSize]
		last := rows[len(rows)-1]
		p.Next = page.EncodeCursor(last.CreatedAt, last.ID)
	}
	p.Applications = rows
	if p.Pools, err = h.store.PoolsFor(c.Request().Context(), who); err != nil {
		return err
	}
	if len(rows) > 0 {
		if err := h.store.Audit(c.Request().Context(), auth.Actor(c), store.AuditViewed, auditTargetApplications, "", nil, viewOf(rows)); err != nil {
			return err
		}
	}
	return h.views.Render(c, http.StatusOK, tmplStaffDashboard, p)
}

type auditPage struct {
	page.Page
	Entries []auditRow
	Action  string
	Actions []store.AuditAction
	Next    string
}

// AuditLog answers GET /staff/audit (coordinator).
// Shows the audit log, newest first, filterable by action.
func (h *Handler) AuditLog(c echo.Context) error {
	f := store.AuditFilter{Limit: page.ListSize + 1}
	p := &auditPage{Page: page.Page{Title: "Audit log"}, Actions: store.AuditActions}
	for _, a := range store.AuditActions {
		if a.Action == c.QueryParam("action") {
			f.Action, p.Action = a.Action, a.Action
		}
	}
	cur := page.DecodeCursor(c.QueryParam("after"))
	f.BeforeTime, f.BeforeID = cur.Time, cur.ID
	rows, err := h.store.ListAudit(c.Request().Context(), f)
	if err != nil {
		return err
	}
	if len(rows) > page.ListSize {
		rows = rows[:page.ListSize]
		last := rows[len(rows)-1]
		p.Next = page.EncodeCursor(last.OccurredAt, last.ID)
	}
	p.Entries = make([]auditRow, len(rows))
	for i, e := range rows {
		p.Entries[i] = auditRowOf(e)
	}
	return h.views.Render(c, http.StatusOK, tmplStaffAudit, p)
}

// Extend answers POST /staff/session/extend (any staff): it keeps the
// session alive (the time-out warning's button); the staff session
// middleware has already recorded the activity.
func (h *Handler) Extend(c echo.Context) error { return c.NoContent(http.StatusNoContent) }
