package console

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/web/auth"
	"anchorpathways/internal/web/page"
)

// Template names, beside the handlers that use them.
const (
	tmplNeighbourhoodsList = "console/neighbourhoods-list"
	tmplNeighbourhoodsForm = "console/neighbourhoods-form"
)

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
