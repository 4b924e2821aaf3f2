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
	tmplOrganisationsList   = "console/organisations-list"
	tmplOrganisationsForm   = "console/organisations-form"
	tmplOrganisationsRemove = "console/organisations-remove"
)

// ---- organisations ----------------------------------------------------------------------

type organisationListPage struct {
	memberList
	Organisations []store.Organisation
	Kinds         []portal.Option
}

// Organisations answers GET /staff/organisations (coordinator).
// Lists the network's organisations, searchable by name.
func (h *Handler) Organisations(c echo.Context) error {
	l, afterName, afterID := readMemberList(c, "Organisations")
	rows, err := h.store.ListOrganisations(c.Request().Context(), store.OrganisationFilter{Search: l.Q, AfterName: afterName, AfterID: afterID, Limit: page.ListSize + 1})
	if err != nil {
		return err
	}
	if len(rows) > page.ListSize {
		rows = rows[:page.ListSize]
		l.Next = encodeNameCursor(rows[page.ListSize-1].Name, rows[page.ListSize-1].ID)
	}
	return h.views.Render(c, http.StatusOK, tmplOrganisationsList, &organisationListPage{memberList: l, Organisations: rows, Kinds: organisationKinds})
}

type organisationForm struct {
	Name         string `form:"name" validate:"required,max=120" msg:"required=Enter the organisation’s name;max=Name must be 120 characters or fewer"`
	Kind         string `form:"kind" validate:"required,oneof=housing_provider employer training_provider coordinator" msg:"*=Select what kind of organisation it is"`
	ContactEmail string `form:"contact_email" validate:"max=254" msg:"max=Email address must be 254 characters or fewer"`
	ContactPhone string `form:"contact_phone" validate:"max=30" msg:"max=Enter a UK phone number, like 0121 496 0000"`
	Version      int    `form:"version"`
}

type organisationFormPage struct {
	page.Page
	Action string
	Form   organisationForm
	Kinds  []portal.Option
}

func (h *Handler) organisationFormPage(c echo.Context, status int, id string, f organisationForm, verr *portal.ValidationError) error {
	p := &organisationFormPage{Page: page.Page{Title: "Add an organisation", Back: "/staff/organisations", Errors: verr}, Action: "/staff/organisations/new", Form: f, Kinds: organisationKinds}
	if id != "" {
		p.Title, p.Action = "Change an organisation", "/staff/organisations/"+id+"/edit"
	}
	return h.views.Render(c, status, tmplOrganisationsForm, p)
}

// organisationInput validates and normalises the form.
func organisationInput(f *organisationForm) (store.OrganisationInput, *portal.ValidationError) {
	page.TrimAll(f)
	verr := page.Check(f)
	in := store.OrganisationInput{Kind: f.Kind}
	var err error
	if !verr.Has("name") {
		in.Name, err = cleanMemberName(f.Name, 120)
		verr.AddErr("name", err)
	}
	if f.ContactEmail != "" && !verr.Has("contact_email") {
		in.ContactEmail, err = portal.NormaliseEmail(f.ContactEmail)
		verr.AddErr("contact_email", err)
	}
	if f.ContactPhone != "" && !verr.Has("contact_phone") {
		in.ContactPhone, err = cleanContactPhone(f.ContactPhone)
		verr.AddErr("contact_phone", err)
	}
	return in, verr
}

func orderOrganisationErrors(v *portal.ValidationError) *portal.ValidationError {
	v.Errors = page.Ordered(v.Errors, "name", "kind", "contact_email", "contact_phone")
	return v
}

// OrganisationNew answers GET /staff/organisations/new (coordinator).
func (h *Handler) OrganisationNew(c echo.Context) error {
	return h.organisationFormPage(c, http.StatusOK, "", organisationForm{}, nil)
}

// OrganisationNewPost answers POST /staff/organisations/new (coordinator).
func (h *Handler) OrganisationNewPost(c echo.Context) error {
	var f organisationForm
	if err := page.Bind(c, &f); err != nil {
		return err
	}
	in, verr := organisationInput(&f)
	if verr.Empty() {
		_, err := h.store.CreateOrganisation(c.Request().Context(), auth.Actor(c), in)
		if verr = validationOf(err); verr == nil && err != nil {
			return err
		}
	}
	if !verr.Empty() {
		return h.organisationFormPage(c, http.StatusUnprocessableEntity, "", f, orderOrganisationErrors(verr))
	}
	if err := h.auth.Flash(c, in.Name+" saved"); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/staff/organisations")
}

// OrganisationEdit answers GET /staff/organisations/:id/edit (coordinator).
func (h *Handler) OrganisationEdit(c echo.Context) error {
	o, err := h.store.OrganisationByID(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	f := organisationForm{Name: o.Name, Kind: o.Kind, ContactEmail: o.ContactEmail, ContactPhone: o.ContactPhone, Version: o.Version}
	return h.organisationFormPage(c, http.StatusOK, o.ID, f, nil)
}

// OrganisationEditPost answers POST /staff/organisations/:id/edit (coordinator).
func (h *Handler) OrganisationEditPost(c echo.Context) error {
	ctx := c.Request().Context()
	id := c.Param("id")
	var f organisationForm
	if err := page.Bind(c, &f); err != nil {
		return err
	}
	in, verr := organisationInput(&f)
	if verr.Empty() {
		_, err := h.store.UpdateOrganisation(ctx, auth.Actor(c), id, f.Version, in)
		if errors.Is(err, portal.ErrConflict) {
			now, err := h.store.OrganisationByID(ctx, id)
			if err != nil {
				return err
			}
			return h.views.Conflict(c, "organisation", "/staff/organisations/"+id+"/edit", "/staff/organisations", []page.ConflictRow{
				{Field: "Name", Yours: f.Name, Current: now.Name},
				{Field: "Kind", Yours: portal.LabelFor(organisationKinds, f.Kind), Current: portal.LabelFor(organisationKinds, now.Kind)},
				{Field: "Contact email address", Yours: f.ContactEmail, Current: now.ContactEmail},
				{Field: "Contact phone number", Yours: f.ContactPhone, Current: now.ContactPhone},
			})
		}
		if verr = validationOf(err); verr == nil && err != nil {
			return err
		}
	}
	if !verr.Empty() {
		return h.organisationFormPage(c, http.StatusUnprocessableEntity, id, f, orderOrganisationErrors(verr))
	}
	if err := h.auth.Flash(c, in.Name+" saved"); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/staff/organisations")
}

type organisationRemovePage struct {
	page.Page
	Organisation store.Organisation
}

// OrganisationRemove answers GET /staff/organisations/:id/remove (coordinator).
func (h *Handler) OrganisationRemove(c echo.Context) error {
	o, err := h.store.OrganisationByID(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return h.views.Render(c, http.StatusOK, tmplOrganisationsRemove, &organisationRemovePage{
		Page: page.Page{Title: "Remove " + o.Name, Back: "/staff/organisations"}, Organisation: o})
}

// OrganisationRemovePost answers POST /staff/organisations/:id/remove (coordinator).
func (h *Handler) OrganisationRemovePost(c echo.Context) error {
	ctx := c.Request().Context()
	o, err := h.store.OrganisationByID(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	err = h.store.RemoveOrganisation(ctx, auth.Actor(c), o.ID)
	if verr := validationOf(err); verr != nil {
		return h.views.Render(c, http.StatusUnprocessableEntity, tmplOrganisationsRemove, &organisationRemovePage{
			Page: page.Page{Title: "Remove " + o.Name, Back: "/staff/organisations", Errors: verr}, Organisation: o})
	}
	if err != nil {
		return err
	}
	if err := h.auth.Flash(c, o.Name+" removed"); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/staff/organisations")
}
