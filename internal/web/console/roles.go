package console

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/web/auth"
	"anchorpathways/internal/web/page"
)

// Template names, beside the handlers that use them.
const (
	tmplConsoleRoleForm   = "console/pathways-role"
	tmplConsoleRoleRemove = "console/pathways-role-remove"
)

// ---- roles ------------------------------------------------------------------------------

type roleForm struct {
	Title       string `form:"title" validate:"required,max=100" msg:"required=Enter the job title;max=Job title must be 100 characters or fewer"`
	Pay         string `form:"pay" validate:"required,max=100" msg:"required=Enter the pay;max=Pay must be 100 characters or fewer"`
	Hours       string `form:"hours" validate:"required,max=100" msg:"required=Enter the hours;max=Hours must be 100 characters or fewer"`
	Description string `form:"description" validate:"max=1000" msg:"max=Description must be 1,000 characters or fewer"`
	Position    string `form:"position" validate:"required" msg:"*=Enter the position on the page, like 1"`
	Version     int    `form:"version"`
}

func (f roleForm) input() store.RoleInput {
	n, _ := strconv.Atoi(f.Position)
	return store.RoleInput{Title: f.Title, Pay: f.Pay, Hours: f.Hours, Description: f.Description, Position: n}
}

type roleFormPage struct {
	page.Page
	Pathway store.ConsolePathway
	RoleID  string // "" for a new role
	Form    roleForm
}

func readRoleForm(c echo.Context) (roleForm, *portal.ValidationError, error) {
	var f roleForm
	if err := page.Bind(c, &f); err != nil {
		return f, nil, err
	}
	page.TrimAll(&f)
	verr := page.Check(&f)
	if n, err := strconv.Atoi(f.Position); !verr.Has("position") && (err != nil || n < 1 || n > 99) {
		verr.Add("position", "Position must be a whole number from 1 to 99")
	}
	return f, verr, nil
}

func (h *Handler) renderRoleForm(c echo.Context, status int, p store.ConsolePathway, roleID string, f roleForm, verr *portal.ValidationError) error {
	title := "Add a role"
	if roleID != "" {
		title = "Change the role"
	}
	if verr != nil {
		verr.Errors = page.Ordered(verr.Errors, "title", "pay", "hours", "description", "position")
	}
	return h.views.Render(c, status, tmplConsoleRoleForm, &roleFormPage{Page: page.Page{Title: title, Back: pathwayURL(p.ID), Errors: verr}, Pathway: p, RoleID: roleID, Form: f})
}

// RoleNew answers GET /staff/pathways/:id/roles/new (coordinator).
func (h *Handler) RoleNew(c echo.Context) error {
	p, err := h.store.PathwayForConsole(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return h.renderRoleForm(c, http.StatusOK, p, "", roleForm{Position: strconv.Itoa(len(p.Roles) + 1)}, nil)
}

// RoleNewPost answers POST /staff/pathways/:id/roles/new (coordinator).
func (h *Handler) RoleNewPost(c echo.Context) error {
	ctx := c.Request().Context()
	p, err := h.store.PathwayForConsole(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	f, verr, err := readRoleForm(c)
	if err != nil {
		return err
	}
	if !verr.Empty() {
		return h.renderRoleForm(c, http.StatusUnprocessableEntity, p, "", f, verr)
	}
	if _, err := h.store.AddRole(ctx, auth.Actor(c), p.ID, f.input()); err != nil {
		return err
	}
	if err := h.auth.Flash(c, "Role saved"); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, pathwayURL(p.ID))
}

// pathwayRole loads the pathway and one of its roles.
func (h *Handler) pathwayRole(c echo.Context) (store.ConsolePathway, store.Role, error) {
	p, err := h.store.PathwayForConsole(c.Request().Context(), c.Param("id"))
	if err != nil {
		return p, store.Role{}, err
	}
	r, ok := p.RoleByID(c.Param("role"))
	if !ok {
		return p, r, portal.ErrNotFound
	}
	return p, r, nil
}

func roleFormOf(r store.Role, version int) roleForm {
	return roleForm{Title: r.Title, Pay: r.Pay, Hours: r.Hours, Description: r.Description, Position: strconv.Itoa(r.Position), Version: version}
}

// RoleEdit answers GET /staff/pathways/:id/roles/:role/edit (coordinator).
func (h *Handler) RoleEdit(c echo.Context) error {
	p, r, err := h.pathwayRole(c)
	if err != nil {
		return err
	}
	return h.renderRoleForm(c, http.StatusOK, p, r.ID, roleFormOf(r, p.Version), nil)
}

// RoleEditPost answers POST /staff/pathways/:id/roles/:role/edit (coordinator).
func (h *Handler) RoleEditPost(c echo.Context) error {
	p, r, err := h.pathwayRole(c)
	if err != nil {
		return err
	}
	f, verr, err := readRoleForm(c)
	if err != nil {
		return err
	}
	if !verr.Empty() {
		return h.renderRoleForm(c, http.StatusUnprocessableEntity, p, r.ID, f, verr)
	}
	err = h.store.UpdateRole(c.Request().Context(), auth.Actor(c), p.ID, r.ID, f.Version, f.input())
	if errors.Is(err, portal.ErrConflict) {
		return h.roleConflict(c, f)
	}
	if err != nil {
		return err
	}
	if err := h.auth.Flash(c, "Role saved"); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, pathwayURL(p.ID))
}

// roleConflict shows a role edited while its pathway changed.
func (h *Handler) roleConflict(c echo.Context, f roleForm) error {
	p, r, err := h.pathwayRole(c)
	if errors.Is(err, portal.ErrNotFound) && p.ID != "" {
		r.Title, r.Pay, r.Hours, r.Description = "(removed)", "(removed)", "(removed)", "(removed)"
	} else if err != nil {
		return err
	}
	saved := roleFormOf(r, p.Version)
	rows := []page.ConflictRow{
		{Field: "Job title", Yours: f.Title, Current: saved.Title},
		{Field: "Pay", Yours: f.Pay, Current: saved.Pay},
		{Field: "Hours", Yours: f.Hours, Current: saved.Hours},
		{Field: "Description", Yours: f.Description, Current: saved.Description},
		{Field: "Position", Yours: f.Position, Current: saved.Position},
	}
	edit := pathwayURL(p.ID) + "/roles/" + c.Param("role") + "/edit"
	if r.ID == "" {
		edit = pathwayURL(p.ID)
	}
	return h.views.Conflict(c, "role", edit, pathwayURL(p.ID), rows)
}

type roleRemovePage struct {
	page.Page
	Pathway store.ConsolePathway
	Role    store.Role
}

// RoleRemove answers GET /staff/pathways/:id/roles/:role/remove (coordinator).
func (h *Handler) RoleRemove(c echo.Context) error {
	p, r, err := h.pathwayRole(c)
	if err != nil {
		return err
	}
	return h.views.Render(c, http.StatusOK, tmplConsoleRoleRemove, &roleRemovePage{Page: page.Page{Title: "Remove the role " + r.Title, Back: pathwayURL(p.ID)}, Pathway: p, Role: r})
}

// RoleRemovePost answers POST /staff/pathways/:id/roles/:role/remove (coordinator).
func (h *Handler) RoleRemovePost(c echo.Context) error {
	p, r, err := h.pathwayRole(c)
	if err != nil {
		return err
	}
	version, _ := strconv.Atoi(c.FormValue("version"))
	err = h.store.RemoveRole(c.Request().Context(), auth.Actor(c), p.ID, r.ID, version)
	if errors.Is(err, portal.ErrConflict) {
		return h.roleConflict(c, roleFormOf(r, version))
	}
	if err != nil {
		return err
	}
	if err := h.auth.Flash(c, "Role removed"); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, pathwayURL(p.ID))
}
