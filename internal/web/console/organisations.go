package console

// The coordinator's console: organisations, neighbourhoods and staff
// accounts. Every route here is coordinator-only (routes.go).

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"

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
	tmplNeighbourhoodsList  = "console/neighbourhoods-list"
	tmplNeighbourhoodsForm  = "console/neighbourhoods-form"
	tmplStaffList           = "console/staff-list"
	tmplStaffInvite         = "console/staff-invite"
	tmplStaffRole           = "console/staff-role"
	tmplStaffDisable        = "console/staff-disable"
)

// organisationKinds are the kinds of network member, for forms and lists.
var organisationKinds = []portal.Option{
	{Value: store.KindHousingProvider, Label: "Housing provider"},
	{Value: store.KindEmployer, Label: "Employer"},
	{Value: store.KindTrainingProvider, Label: "Training provider"},
	{Value: store.KindCoordinator, Label: "Network coordinator"},
}

// ---- lists: search and name-ordered keyset pages ------------------------------------

// memberList is what every console list page has: the search and the
// cursor of the next page.
type memberList struct {
	page.Page
	Q     string
	Next  string // cursor of the next page, "" on the last
	Paged bool   // not the first page
}

// encodeNameCursor is a keyset position in a name-ordered list.
func encodeNameCursor(name, id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(name + "\x00" + id))
}

// decodeNameCursor reads a cursor; a malformed one means "from the start".
func decodeNameCursor(s string) (name, id string) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || !utf8.Valid(b) {
		return "", ""
	}
	name, id, ok := strings.Cut(string(b), "\x00")
	if !ok || id == "" {
		return "", ""
	}
	return name, id
}

// readMemberList reads ?q= (trimmed, bounded) and ?after=.
func readMemberList(c echo.Context, title string) (l memberList, afterName, afterID string) {
	q := strings.TrimSpace(c.QueryParam("q"))
	if utf8.RuneCountInString(q) > 100 {
		q = string([]rune(q)[:100])
	}
	afterName, afterID = decodeNameCursor(c.QueryParam("after"))
	return memberList{Page: page.Page{Title: title}, Q: q, Paged: afterID != ""}, afterName, afterID
}

// ---- shared field rules -------------------------------------------------------------------

// cleanMemberName tidies the name of an organisation or a place: white space
// collapsed, no hidden characters, at least one letter, at most max runes.
func cleanMemberName(s string, max int) (string, error) {
	s = strings.Join(strings.Fields(s), " ")
	switch {
	case s == "":
		return "", errors.New("Enter a name")
	case utf8.RuneCountInString(s) > max:
		return "", fmt.Errorf("Name must be %d characters or fewer", max)
	}
	letter := false
	for _, r := range s {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == utf8.RuneError {
			return "", errors.New("Name must not include hidden characters – try typing it again instead of pasting it")
		}
		letter = letter || unicode.IsLetter(r)
	}
	if !letter {
		return "", errors.New("Name must include at least one letter")
	}
	return s, nil
}

// cleanContactPhone checks a UK phone number (landline or mobile) written any
// common way and returns it with its spacing tidied.
func cleanContactPhone(s string) (string, error) {
	s = strings.Join(strings.Fields(s), " ")
	var digits strings.Builder
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits.WriteRune(r)
		case r == '+' && i == 0, r == ' ', r == '-', r == '(', r == ')':
		default:
			return "", errors.New("Enter a UK phone number, like 0121 496 0000")
		}
	}
	d := digits.String()
	if strings.HasPrefix(s, "+") {
		if !strings.HasPrefix(d, "44") {
			return "", errors.New("Enter a UK phone number, like 0121 496 0000")
		}
		d = "0" + strings.TrimPrefix(strings.TrimPrefix(d, "44"), "0")
	}
	if !strings.HasPrefix(d, "0") || len(d) < 10 || len(d) > 11 {
		return "", errors.New("Enter a UK phone number, like 0121 496 0000")
	}
	return s, nil
}

// validationOf returns the validation errors a store call refused with, or
// nil for any other error.
func validationOf(err error) *portal.ValidationError {
	var v *portal.ValidationError
	if errors.As(err, &v) {
		return v
	}
	return nil
}

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

// ---- neighbourhoods ---------------------------------------------------------------------

type neighbourhoodListPage struct {
	memberList
	Neighbourhoods []store.NeighbourhoodDetail
}

// Neighbourhoods answers GET /staff/neighbourhoods (coordinator).
// Lists neighbourhoods, searchable by name or sector.
func (h *Handler) Neighbourhoods(c echo.Context) error {
	l, afterName, afterID := readMemberList(c, "Neighbourhoods")
	rows, err := h.store.ListNeighbourhoods(c.Request().Context(), store.NeighbourhoodFilter{Search: l.Q, AfterName: afterName, AfterID: afterID, Limit: page.ListSize + 1})
	if err != nil {
		return err
	}
	if len(rows) > page.ListSize {
		rows = rows[:page.ListSize]
		l.Next = encodeNameCursor(rows[page.ListSize-1].Name, rows[page.ListSize-1].ID)
	}
	return h.views.Render(c, http.StatusOK, tmplNeighbourhoodsList, &neighbourhoodListPage{memberList: l, Neighbourhoods: rows})
}

type neighbourhoodForm struct {
	Name      string   `form:"name" validate:"required,max=80" msg:"required=Enter the neighbourhood’s name;max=Name must be 80 characters or fewer"`
	Sectors   string   `form:"sectors" validate:"required,max=2000" msg:"required=Enter at least one postcode sector, like B35 7;max=Enter at most 200 postcode sectors"`
	Providers []string `form:"providers" validate:"max=100,dive,max=64" msg:"*=Select the housing providers that serve this neighbourhood"`
	Version   int      `form:"version"`
}

type neighbourhoodFormPage struct {
	page.Page
	Action    string
	Form      neighbourhoodForm
	Providers []portal.Option
}

func (h *Handler) neighbourhoodFormPage(c echo.Context, status int, id string, f neighbourhoodForm, verr *portal.ValidationError) error {
	orgs, err := h.store.ListOrganisations(c.Request().Context(), store.OrganisationFilter{Kind: store.KindHousingProvider, Limit: 500})
	if err != nil {
		return err
	}
	p := &neighbourhoodFormPage{Page: page.Page{Title: "Add a neighbourhood", Back: "/staff/neighbourhoods", Errors: verr}, Action: "/staff/neighbourhoods/new", Form: f}
	if id != "" {
		p.Title, p.Action = "Change a neighbourhood", "/staff/neighbourhoods/"+id+"/edit"
	}
	for _, o := range orgs {
		p.Providers = append(p.Providers, portal.Option{Value: o.ID, Label: o.Name})
	}
	return h.views.Render(c, status, tmplNeighbourhoodsForm, p)
}

// parseSectors reads postcode sectors one or more a line, separated by
// commas or semicolons, normalises each and drops repeats.
func parseSectors(text string) ([]string, error) {
	fields := strings.FieldsFunc(text, func(r rune) bool { return r == '\n' || r == '\r' || r == ',' || r == ';' })
	var out []string
	seen := map[string]bool{}
	for _, f := range fields {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		sector, err := portal.NormaliseSector(f)
		if err != nil {
			if utf8.RuneCountInString(f) > 12 {
				f = string([]rune(f)[:12]) + "…"
			}
			return nil, fmt.Errorf("“%s” is not a postcode sector. %s", f, err.Error())
		}
		if !seen[sector] {
			seen[sector] = true
			out = append(out, sector)
		}
	}
	if len(out) == 0 {
		return nil, errors.New("Enter at least one postcode sector, like B35 7")
	}
	if len(out) > 200 {
		return nil, errors.New("Enter at most 200 postcode sectors")
	}
	return out, nil
}

// neighbourhoodInput validates and normalises the form; the sectors it
// could read are written back to the form, normalised.
func neighbourhoodInput(f *neighbourhoodForm) (store.NeighbourhoodInput, *portal.ValidationError) {
	page.TrimAll(f)
	verr := page.Check(f)
	in := store.NeighbourhoodInput{ProviderIDs: f.Providers}
	var err error
	if !verr.Has("name") {
		in.Name, err = cleanMemberName(f.Name, 80)
		verr.AddErr("name", err)
	}
	if !verr.Has("sectors") {
		if in.Sectors, err = parseSectors(f.Sectors); err != nil {
			verr.AddErr("sectors", err)
		} else {
			f.Sectors = strings.Join(in.Sectors, "\n")
		}
	}
	if len(f.Providers) == 0 && !verr.Has("providers") {
		verr.Add("providers", "Select the housing providers that serve this neighbourhood")
	}
	return in, verr
}

func orderNeighbourhoodErrors(v *portal.ValidationError) *portal.ValidationError {
	v.Errors = page.Ordered(v.Errors, "name", "sectors", "providers")
	return v
}

// NeighbourhoodNew answers GET /staff/neighbourhoods/new (coordinator).
func (h *Handler) NeighbourhoodNew(c echo.Context) error {
	return h.neighbourhoodFormPage(c, http.StatusOK, "", neighbourhoodForm{}, nil)
}

// NeighbourhoodNewPost answers POST /staff/neighbourhoods/new (coordinator).
func (h *Handler) NeighbourhoodNewPost(c echo.Context) error {
	var f neighbourhoodForm
	if err := page.Bind(c, &f); err != nil {
		return err
	}
	in, verr := neighbourhoodInput(&f)
	if verr.Empty() {
		_, err := h.store.CreateNeighbourhood(c.Request().Context(), auth.Actor(c), in)
		if verr = validationOf(err); verr == nil && err != nil {
			return err
		}
	}
	if !verr.Empty() {
		return h.neighbourhoodFormPage(c, http.StatusUnprocessableEntity, "", f, orderNeighbourhoodErrors(verr))
	}
	if err := h.auth.Flash(c, in.Name+" saved"); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/staff/neighbourhoods")
}

// NeighbourhoodEdit answers GET /staff/neighbourhoods/:id/edit (coordinator).
func (h *Handler) NeighbourhoodEdit(c echo.Context) error {
	n, err := h.store.NeighbourhoodByID(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	f := neighbourhoodForm{Name: n.Name, Sectors: strings.Join(n.Sectors, "\n"), Providers: n.ProviderIDs(), Version: n.Version}
	return h.neighbourhoodFormPage(c, http.StatusOK, n.ID, f, nil)
}

func providerNames(orgs []store.Organisation) string {
	names := make([]string, len(orgs))
	for i, o := range orgs {
		names[i] = o.Name
	}
	return strings.Join(names, ", ")
}

// NeighbourhoodEditPost answers POST /staff/neighbourhoods/:id/edit (coordinator).
func (h *Handler) NeighbourhoodEditPost(c echo.Context) error {
	ctx := c.Request().Context()
	id := c.Param("id")
	var f neighbourhoodForm
	if err := page.Bind(c, &f); err != nil {
		return err
	}
	in, verr := neighbourhoodInput(&f)
	if verr.Empty() {
		_, err := h.store.UpdateNeighbourhood(ctx, auth.Actor(c), id, f.Version, in)
		if errors.Is(err, portal.ErrConflict) {
			now, err := h.store.NeighbourhoodByID(ctx, id)
			if err != nil {
				return err
			}
			yours, err := h.store.ListOrganisations(ctx, store.OrganisationFilter{Kind: store.KindHousingProvider, Limit: 500})
			if err != nil {
				return err
			}
			chosen := yours[:0]
			for _, o := range yours {
				for _, pid := range f.Providers {
					if o.ID == pid {
						chosen = append(chosen, o)
						break
					}
				}
			}
			return h.views.Conflict(c, "neighbourhood", "/staff/neighbourhoods/"+id+"/edit", "/staff/neighbourhoods", []page.ConflictRow{
				{Field: "Name", Yours: in.Name, Current: now.Name},
				{Field: "Postcode sectors", Yours: strings.Join(in.Sectors, ", "), Current: strings.Join(now.Sectors, ", ")},
				{Field: "Housing providers", Yours: providerNames(chosen), Current: providerNames(now.Providers)},
			})
		}
		if verr = validationOf(err); verr == nil && err != nil {
			return err
		}
	}
	if !verr.Empty() {
		return h.neighbourhoodFormPage(c, http.StatusUnprocessableEntity, id, f, orderNeighbourhoodErrors(verr))
	}
	if err := h.auth.Flash(c, in.Name+" saved"); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/staff/neighbourhoods")
}

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
