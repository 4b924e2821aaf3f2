package console

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/web/auth"
	"anchorpathways/internal/web/page"
)

// Template names, beside the handlers that use them.
const (
	tmplStaffList    = "console/staff-list"
	tmplStaffInvite  = "console/staff-invite"
	tmplStaffRole    = "console/staff-role"
	tmplStaffDisable = "console/staff-disable"
)

// ---- staff accounts -----------------------------------------------------------------------

type staffListPage struct {
	memberList
	Accounts []store.StaffAccount
	MyID     string
}

// Staff answers GET /staff/users (coordinator).
// Lists staff accounts, searchable by name or email address.
func (h *Handler) Staff(c echo.Context) error {
	l, afterName, afterID := readMemberList(c, "Staff accounts")
	rows, err := h.store.ListStaff(c.Request().Context(), store.StaffFilter{Search: l.Q, AfterName: afterName, AfterID: afterID, Limit: page.ListSize + 1})
	if err != nil {
		return err
	}
	if len(rows) > page.ListSize {
		rows = rows[:page.ListSize]
		l.Next = encodeNameCursor(rows[page.ListSize-1].FullName, rows[page.ListSize-1].ID)
	}
	return h.views.Render(c, http.StatusOK, tmplStaffList, &staffListPage{memberList: l, Accounts: rows, MyID: auth.Me(c).ID})
}

type staffInviteForm struct {
	Email        string `form:"email" validate:"required,max=254" msg:"required=Enter their email address;max=Email address must be 254 characters or fewer"`
	FullName     string `form:"full_name" validate:"required,max=100" msg:"required=Enter their full name;max=Full name must be 100 characters or fewer"`
	Organisation string `form:"organisation" validate:"required,max=64" msg:"*=Select their organisation"`
	Role         string `form:"role" validate:"required,oneof=coordinator housing_officer recruiter" msg:"*=Select their role"`
}

type staffInvitePage struct {
	page.Page
	Form          staffInviteForm
	Organisations []store.Organisation
	Roles         []portal.Option
}

func (h *Handler) staffInvitePage(c echo.Context, status int, f staffInviteForm, verr *portal.ValidationError) error {
	orgs, err := h.store.ListOrganisations(c.Request().Context(), store.OrganisationFilter{Limit: 500})
	if err != nil {
		return err
	}
	return h.views.Render(c, status, tmplStaffInvite, &staffInvitePage{Page: page.Page{Title: "Invite a staff member", Back: "/staff/users", Errors: verr},
		Form: f, Organisations: orgs, Roles: portal.Roles()})
}

// StaffInvite answers GET /staff/users/invite (coordinator).
func (h *Handler) StaffInvite(c echo.Context) error {
	return h.staffInvitePage(c, http.StatusOK, staffInviteForm{}, nil)
}

// StaffInvitePost answers POST /staff/users/invite (coordinator).
func (h *Handler) StaffInvitePost(c echo.Context) error {
	ctx := c.Request().Context()
	var f staffInviteForm
	if err := page.Bind(c, &f); err != nil {
		return err
	}
	page.TrimAll(&f)
	verr := page.Check(&f)
	var email, name string
	var err error
	if !verr.Has("email") {
		email, err = portal.NormaliseEmail(f.Email)
		verr.AddErr("email", err)
	}
	if !verr.Has("full_name") {
		name, err = portal.CleanName(f.FullName)
		verr.AddErr("full_name", err)
	}
	if verr.Empty() {
		_, err = h.store.Invite(ctx, auth.Actor(c), f.Organisation, email, name, portal.Role(f.Role), h.messages)
		switch {
		case errors.Is(err, portal.ErrNotFound):
			verr.Add("organisation", "Select their organisation")
		case validationOf(err) != nil:
			verr = validationOf(err)
		case err != nil:
			return err
		}
	}
	if !verr.Empty() {
		verr.Errors = page.Ordered(verr.Errors, "email", "full_name", "organisation", "role")
		return h.staffInvitePage(c, http.StatusUnprocessableEntity, f, verr)
	}
	if err := h.auth.Flash(c, "Invitation sent to "+email); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/staff/users")
}

type staffRoleForm struct {
	Role    string `form:"role" validate:"required,oneof=coordinator housing_officer recruiter" msg:"*=Select a role"`
	Version int    `form:"version"`
}

type staffRolePage struct {
	page.Page
	Account store.StaffAccount
	Form    staffRoleForm
	Roles   []portal.Option
}

func (h *Handler) staffRolePage(c echo.Context, status int, a store.StaffAccount, f staffRoleForm, verr *portal.ValidationError) error {
	return h.views.Render(c, status, tmplStaffRole, &staffRolePage{Page: page.Page{Title: "Change role", Back: "/staff/users", Errors: verr},
		Account: a, Form: f, Roles: portal.Roles()})
}

// StaffRole answers GET /staff/users/:id/role (coordinator).
func (h *Handler) StaffRole(c echo.Context) error {
	a, err := h.store.StaffAccountByID(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return h.staffRolePage(c, http.StatusOK, a, staffRoleForm{Role: string(a.Role), Version: a.Version}, nil)
}

// StaffRolePost answers POST /staff/users/:id/role (coordinator).
func (h *Handler) StaffRolePost(c echo.Context) error {
	ctx := c.Request().Context()
	a, err := h.store.StaffAccountByID(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	var f staffRoleForm
	if err := page.Bind(c, &f); err != nil {
		return err
	}
	page.TrimAll(&f)
	verr := page.Check(&f)
	if verr.Empty() {
		err := h.store.ChangeStaffRole(ctx, auth.Actor(c), a.ID, f.Version, portal.Role(f.Role))
		if errors.Is(err, portal.ErrConflict) {
			now, err := h.store.StaffAccountByID(ctx, a.ID)
			if err != nil {
				return err
			}
			return h.views.Conflict(c, "staff account", "/staff/users/"+a.ID+"/role", "/staff/users", []page.ConflictRow{
				{Field: "Role", Yours: portal.Role(f.Role).Label(), Current: now.Role.Label()},
				{Field: "Status", Yours: "Enabled", Current: accountStatus(now)},
			})
		}
		if verr = validationOf(err); verr == nil && err != nil {
			return err
		}
	}
	if !verr.Empty() {
		return h.staffRolePage(c, http.StatusUnprocessableEntity, a, f, verr)
	}
	if err := h.auth.Flash(c, a.FullName+"’s role saved"); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/staff/users")
}

func accountStatus(a store.StaffAccount) string {
	switch {
	case a.DisabledAt != nil:
		return "Disabled"
	case !a.Active:
		return "Invited"
	}
	return "Enabled"
}

type staffDisablePage struct {
	page.Page
	Account store.StaffAccount
	Self    bool
}

// StaffDisable answers GET /staff/users/:id/disable (coordinator).
func (h *Handler) StaffDisable(c echo.Context) error {
	a, err := h.store.StaffAccountByID(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return h.views.Render(c, http.StatusOK, tmplStaffDisable, &staffDisablePage{
		Page: page.Page{Title: "Disable " + a.FullName + "’s account", Back: "/staff/users"}, Account: a, Self: a.ID == auth.Me(c).ID})
}

// StaffDisablePost answers POST /staff/users/:id/disable (coordinator).
func (h *Handler) StaffDisablePost(c echo.Context) error {
	ctx := c.Request().Context()
	a, err := h.store.StaffAccountByID(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	err = h.store.DisableStaff(ctx, auth.Actor(c), a.ID)
	if verr := validationOf(err); verr != nil {
		return h.views.Render(c, http.StatusUnprocessableEntity, tmplStaffDisable, &staffDisablePage{
			Page: page.Page{Title: "Disable " + a.FullName + "’s account", Back: "/staff/users", Errors: verr}, Account: a, Self: a.ID == auth.Me(c).ID})
	}
	if err != nil {
		return err
	}
	if err := h.auth.Flash(c, a.FullName+"’s account disabled"); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/staff/users")
}
