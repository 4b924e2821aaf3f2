package console

import (
	"encoding/base64"
	"errors"
	"net/http"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/web/auth"
	"anchorpathways/internal/web/page"
)

// The coordinator's console for pathways, their roles, courses, cohorts and
// routing rules. Every route is coordinator-only (routes.go). Edits carry the
// version they were made against; a stale one gets the conflict page.

const (
	tmplConsolePathways      = "console/pathways-list"
	tmplConsolePathway       = "console/pathways-show"
	tmplConsolePathwayForm   = "console/pathways-form"
	consolePathwaysURL       = "/staff/pathways"
	consoleRulesPreviewURL   = "/staff/rules/preview"
	consoleMaxCohortCapacity = 500
)

func pathwayURL(id string) string { return consolePathwaysURL + "/" + id }

// ---- the pathway list -----------------------------------------------------------------

type pathwayListPage struct {
	page.Page
	Query    string
	Pathways []store.PathwayListItem
	Next     string
}

// The list's cursor is the last row's name and ID: pages are by name.
func encodePathwayCursor(name, id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(name + "\x00" + id))
}

func decodePathwayCursor(s string) (name, id string) {
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

// Pathways answers GET /staff/pathways (coordinator).
func (h *Handler) Pathways(c echo.Context) error {
	q := strings.TrimSpace(c.QueryParam("q"))
	if utf8.RuneCountInString(q) > 100 {
		q = string([]rune(q)[:100])
	}
	f := store.PathwayListFilter{Name: q, Limit: page.ListSize + 1}
	f.AfterName, f.AfterID = decodePathwayCursor(c.QueryParam("after"))
	rows, err := h.store.ListPathwaysForConsole(c.Request().Context(), f)
	if err != nil {
		return err
	}
	p := &pathwayListPage{Page: page.Page{Title: "Pathways"}, Query: q}
	if len(rows) > page.ListSize {
		rows = rows[:page.ListSize]
		last := rows[len(rows)-1]
		p.Next = encodePathwayCursor(last.Name, last.ID)
	}
	p.Pathways = rows
	return h.views.Render(c, http.StatusOK, tmplConsolePathways, p)
}

// ---- one pathway ------------------------------------------------------------------------

type pathwayShowPage struct {
	page.Page
	Pathway        store.ConsolePathway
	Providers      []string
	Neighbourhoods []string
}

// Pathway answers GET /staff/pathways/:id (coordinator).
func (h *Handler) Pathway(c echo.Context) error {
	return h.renderPathway(c, http.StatusOK, nil)
}

// renderPathway shows the pathway of the route's :id, with verr (why it
// could not be published) in the error summary.
func (h *Handler) renderPathway(c echo.Context, status int, verr *portal.ValidationError) error {
	ctx := c.Request().Context()
	p, err := h.store.PathwayForConsole(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	choices, err := h.store.ChoicesForPathway(ctx)
	if err != nil {
		return err
	}
	return h.views.Render(c, status, tmplConsolePathway, &pathwayShowPage{
		Page: page.Page{Title: p.Name, Back: consolePathwaysURL, Errors: verr}, Pathway: p,
		Providers: labelsOf(organisationOptions(choices.Providers), p.ProviderIDs), Neighbourhoods: labelsOf(neighbourhoodOptions(choices.Neighbourhoods), p.NeighbourhoodIDs)})
}

// ---- creating and editing a pathway -------------------------------------------------------

type pathwayForm struct {
	Name            string   `form:"name" validate:"required,max=120" msg:"required=Enter the name of the pathway;max=Name must be 120 characters or fewer"`
	Slug            string   `form:"slug" validate:"required,min=3,max=80" msg:"required=Enter the web address;*=Web address must be between 3 and 80 characters"`
	RefPrefix       string   `form:"ref_prefix" validate:"required" msg:"*=Enter the reference prefix, like HTH"`
	EmployerID      string   `form:"employer_id" validate:"required,max=64" msg:"*=Select the employer that owns this pathway"`
	Providers       []string `form:"providers" validate:"max=50,dive,max=64" msg:"*=Select partner housing providers from the list"`
	Neighbourhoods  []string `form:"neighbourhoods" validate:"max=100,dive,max=64" msg:"*=Select target neighbourhoods from the list"`
	FromSector      string   `form:"from_sector" validate:"required" msg:"*=Select the kind of work this pathway is for people to move from"`
	Summary         string   `form:"summary" validate:"required,max=300" msg:"required=Enter a summary;max=Summary must be 300 characters or fewer"`
	Description     string   `form:"description" validate:"required,max=3000" msg:"required=Enter a description;max=Description must be 3,000 characters or fewer"`
	EligibilityText string   `form:"eligibility_text" validate:"required,max=1000" msg:"required=Enter who can apply;max=Who can apply must be 1,000 characters or fewer"`
	Version         int      `form:"version"`
}

var (
	slugRE      = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)
	refPrefixRE = regexp.MustCompile(`^[A-Z]{2,4}$`)
)

var pathwayFields = []string{"name", "slug", "ref_prefix", "employer_id", "providers", "neighbourhoods", "from_sector", "summary", "description", "eligibility_text"}

func (f pathwayForm) input() store.PathwayInput {
	return store.PathwayInput{Name: f.Name, Slug: f.Slug, RefPrefix: f.RefPrefix, EmployerID: f.EmployerID, ProviderIDs: f.Providers,
		NeighbourhoodIDs: f.Neighbourhoods, FromSector: f.FromSector, Summary: f.Summary, Description: f.Description,
		EligibilityText: f.EligibilityText}
}

func pathwayFormOf(p store.ConsolePathway) pathwayForm {
	return pathwayForm{Name: p.Name, Slug: p.Slug, RefPrefix: p.RefPrefix, EmployerID: p.EmployerID, Providers: p.ProviderIDs,
		Neighbourhoods: p.NeighbourhoodIDs, FromSector: p.FromSector, Summary: p.Summary, Description: p.Description,
		EligibilityText: p.EligibilityText, Version: p.Version}
}

type pathwayFormPage struct {
	page.Page
	Form           pathwayForm
	ID             string // "" for a new pathway
	SavedSlug      string
	Employers      []portal.Option
	Providers      []portal.Option
	Neighbourhoods []portal.Option
}

func (h *Handler) renderPathwayForm(c echo.Context, status int, id, savedSlug string, f pathwayForm, verr *portal.ValidationError) error {
	choices, err := h.store.ChoicesForPathway(c.Request().Context())
	if err != nil {
		return err
	}
	title, back := "Add a pathway", consolePathwaysURL
	if id != "" {
		title, back = "Change the pathway", pathwayURL(id)
	}
	return h.views.Render(c, status, tmplConsolePathwayForm, &pathwayFormPage{
		Page: page.Page{Title: title, Back: back, Errors: verr}, Form: f, ID: id, SavedSlug: savedSlug,
		Employers: organisationOptions(choices.Employers), Providers: organisationOptions(choices.Providers), Neighbourhoods: neighbourhoodOptions(choices.Neighbourhoods)})
}

// readPathwayForm binds and checks the pathway form.
func readPathwayForm(c echo.Context) (pathwayForm, *portal.ValidationError, error) {
	var f pathwayForm
	if err := page.Bind(c, &f); err != nil {
		return f, nil, err
	}
	page.TrimAll(&f)
	f.RefPrefix = strings.ToUpper(f.RefPrefix)
	verr := page.Check(&f)
	if !verr.Has("slug") && !slugRE.MatchString(f.Slug) {
		verr.Add("slug", "Web address must only include lower-case letters, numbers and hyphens, like hospitality-to-health")
	}
	if !verr.Has("ref_prefix") && !refPrefixRE.MatchString(f.RefPrefix) {
		verr.Add("ref_prefix", "Reference prefix must be 2 to 4 capital letters, like HTH")
	}
	if !verr.Has("from_sector") && !portal.Valid(portal.Sectors, f.FromSector) {
		verr.Add("from_sector", "Select the kind of work this pathway is for people to move from")
	}
	return f, verr, nil
}

// PathwayNew answers GET /staff/pathways/new (coordinator).
func (h *Handler) PathwayNew(c echo.Context) error {
	return h.renderPathwayForm(c, http.StatusOK, "", "", pathwayForm{}, nil)
}

// PathwayNewPost answers POST /staff/pathways/new (coordinator).
func (h *Handler) PathwayNewPost(c echo.Context) error {
	f, verr, err := readPathwayForm(c)
	if err != nil {
		return err
	}
	if verr.Empty() {
		var id string
		id, err = h.store.CreatePathway(c.Request().Context(), auth.Actor(c), f.input())
		if err == nil {
			if err := h.auth.Flash(c, "Pathway saved as a draft. Add a role, a course and a cohort, then publish it"); err != nil {
				return err
			}
			return c.Redirect(http.StatusSeeOther, pathwayURL(id))
		}
		if !errors.As(err, &verr) {
			return err
		}
	}
	verr.Errors = page.Ordered(verr.Errors, pathwayFields...)
	return h.renderPathwayForm(c, http.StatusUnprocessableEntity, "", "", f, verr)
}

// PathwayEdit answers GET /staff/pathways/:id/edit (coordinator).
func (h *Handler) PathwayEdit(c echo.Context) error {
	p, err := h.store.PathwayForConsole(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return h.renderPathwayForm(c, http.StatusOK, p.ID, p.Slug, pathwayFormOf(p), nil)
}

// PathwayEditPost answers POST /staff/pathways/:id/edit (coordinator).
func (h *Handler) PathwayEditPost(c echo.Context) error {
	ctx := c.Request().Context()
	saved, err := h.store.PathwayForConsole(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	f, verr, err := readPathwayForm(c)
	if err != nil {
		return err
	}
	if verr.Empty() {
		err = h.store.UpdatePathway(ctx, auth.Actor(c), saved.ID, f.Version, f.input())
		switch {
		case err == nil:
			if err := h.auth.Flash(c, "Pathway saved"); err != nil {
				return err
			}
			return c.Redirect(http.StatusSeeOther, pathwayURL(saved.ID))
		case errors.Is(err, portal.ErrConflict):
			return h.pathwayConflict(c, f)
		case !errors.As(err, &verr):
			return err
		}
	}
	verr.Errors = page.Ordered(verr.Errors, pathwayFields...)
	return h.renderPathwayForm(c, http.StatusUnprocessableEntity, saved.ID, saved.Slug, f, verr)
}

func (h *Handler) pathwayConflict(c echo.Context, f pathwayForm) error {
	ctx := c.Request().Context()
	now, err := h.store.PathwayForConsole(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	choices, err := h.store.ChoicesForPathway(ctx)
	if err != nil {
		return err
	}
	employers, providers, hoods := organisationOptions(choices.Employers), organisationOptions(choices.Providers), neighbourhoodOptions(choices.Neighbourhoods)
	saved := pathwayFormOf(now)
	rows := []page.ConflictRow{
		{Field: "Name", Yours: f.Name, Current: saved.Name},
		{Field: "Web address", Yours: f.Slug, Current: saved.Slug},
		{Field: "Reference prefix", Yours: f.RefPrefix, Current: saved.RefPrefix},
		{Field: "Owning employer", Yours: labelOf(employers, f.EmployerID), Current: labelOf(employers, saved.EmployerID)},
		{Field: "Partner housing providers", Yours: strings.Join(labelsOf(providers, f.Providers), ", "), Current: strings.Join(labelsOf(providers, saved.Providers), ", ")},
		{Field: "Target neighbourhoods", Yours: strings.Join(labelsOf(hoods, f.Neighbourhoods), ", "), Current: strings.Join(labelsOf(hoods, saved.Neighbourhoods), ", ")},
		{Field: "Moving from", Yours: portal.LabelFor(portal.Sectors, f.FromSector), Current: portal.LabelFor(portal.Sectors, saved.FromSector)},
		{Field: "Summary", Yours: f.Summary, Current: saved.Summary},
		{Field: "Description", Yours: f.Description, Current: saved.Description},
		{Field: "Who can apply", Yours: f.EligibilityText, Current: saved.EligibilityText},
	}
	return h.views.Conflict(c, "pathway", pathwayURL(now.ID)+"/edit", pathwayURL(now.ID), rows)
}
