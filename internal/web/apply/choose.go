package apply

import (
	"errors"
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/web/auth"
	"anchorpathways/internal/web/page"
)

// Template names, beside the handlers that use them.
const (
	tmplChoose     = "apply/choose"
	tmplCourseDate = "apply/course-date"
)

// ---- choose a pathway ------------------------------------------------------------

type suggestion struct {
	portal.Suggestion
	Slug         string
	EmployerName string
	Summary      string
}

type choosePage struct {
	page.Page
	Suggestions []suggestion
	Chosen      string
}

// suggestions ranks the open pathways this resident may apply to.
func (h *Handler) suggestions(c echo.Context, app store.Application, e store.Eligibility) ([]suggestion, error) {
	pages, err := h.store.OpenPathwayPages(c.Request().Context())
	if err != nil {
		return nil, err
	}
	var options []portal.PathwayOption
	byID := map[string]store.PathwayPage{}
	hoods := map[string][]string{}
	for _, p := range pages {
		if len(p.Check(e)) == 0 {
			options = append(options, portal.PathwayOption{ID: p.ID, Name: p.Name})
			byID[p.ID] = p
			for _, n := range p.Neighbourhoods {
				hoods[p.ID] = append(hoods[p.ID], n.Name)
			}
		}
	}
	ids := make([]string, len(options))
	for i, o := range options {
		ids[i] = o.ID
	}
	rules, err := h.store.RoutingRules(c.Request().Context(), ids)
	if err != nil {
		return nil, err
	}
	// Every suggestion says why: one no rule explains says who it is open to.
	ranked := portal.Explain(portal.Rank(app.Answers.Profile(), options, rules), hoods)
	out := make([]suggestion, len(ranked))
	for i, r := range ranked {
		p := byID[r.PathwayID]
		out[i] = suggestion{Suggestion: r, Slug: p.Slug, EmployerName: p.EmployerName, Summary: p.Summary}
	}
	return out, nil
}

// Choose answers GET /pathways/:slug/apply/choose (resident).
func (h *Handler) Choose(c echo.Context) error {
	app := c.Get(ctxDraft).(store.Application)
	sess := auth.CurrentSession(c)
	list, err := h.suggestions(c, app, sess.Data.Apply.Eligibility)
	if err != nil {
		return err
	}
	return h.views.Render(c, http.StatusOK, tmplChoose, &choosePage{
		Page: page.Page{Title: "Courses that suit you", Back: auth.ApplyURL(c.Param("slug"), "support")}, Suggestions: list, Chosen: app.PathwayID})
}

type chooseForm struct {
	Pathway string `form:"pathway" validate:"required,max=64" msg:"*=Select the course you would like to apply for"`
}

// ChoosePost answers POST /pathways/:slug/apply/choose (resident).
func (h *Handler) ChoosePost(c echo.Context) error {
	app := c.Get(ctxDraft).(store.Application)
	sess := auth.CurrentSession(c)
	var f chooseForm
	if err := page.Bind(c, &f); err != nil {
		return err
	}
	list, err := h.suggestions(c, app, sess.Data.Apply.Eligibility)
	if err != nil {
		return err
	}
	verr := page.Check(&f)
	i := slices.IndexFunc(list, func(x suggestion) bool { return x.PathwayID == f.Pathway })
	if !verr.Has("pathway") && i < 0 {
		verr.Add("pathway", "Select the course you would like to apply for")
	}
	if !verr.Empty() {
		return h.views.Render(c, http.StatusUnprocessableEntity, tmplChoose, &choosePage{
			Page: page.Page{Title: "Courses that suit you", Back: auth.ApplyURL(c.Param("slug"), "support"), Errors: verr}, Suggestions: list, Chosen: f.Pathway})
	}
	ranked := make([]portal.Suggestion, len(list))
	for j, x := range list {
		ranked[j] = x.Suggestion
	}
	_, err = h.store.UpdateDraft(c.Request().Context(), app.ID, func(a *store.Application) error {
		if a.PathwayID != f.Pathway {
			a.PathwayID, a.CohortID, a.Answers.ChoiceDone = f.Pathway, nil, false
		}
		a.Routing = ranked
		return nil
	})
	if err != nil {
		if errors.Is(err, store.ErrAlreadyApplied) {
			sess.Data.Existing = app.ID
			if err := h.auth.Save(c, sess); err != nil {
				return err
			}
			return c.Redirect(http.StatusSeeOther, auth.ApplyURL(c.Param("slug"), "already-applied"))
		}
		return err
	}
	sess.Data.Apply.Slug = list[i].Slug
	if err := h.auth.Save(c, sess); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, auth.ApplyURL(list[i].Slug, "course-date"))
}

// ---- course date --------------------------------------------------------------

type courseDatePage struct {
	page.Page
	Pathway store.PathwayPage
	Chosen  string
}

type courseDateForm struct {
	Cohort string `form:"cohort" validate:"required,max=64" msg:"*=Select a course date, or the next course with places"`
}

// CourseDate answers GET /pathways/:slug/apply/course-date (resident).
func (h *Handler) CourseDate(c echo.Context) error {
	app := c.Get(ctxDraft).(store.Application)
	p, err := h.store.PathwayByID(c.Request().Context(), app.PathwayID)
	if err != nil {
		return err
	}
	chosen := ""
	if app.CohortID != nil {
		chosen = *app.CohortID
	} else if app.Answers.ChoiceDone {
		chosen = "next"
	}
	return h.views.Render(c, http.StatusOK, tmplCourseDate, &courseDatePage{
		Page: page.Page{Title: "Choose a course date", Back: auth.ApplyURL(p.Slug, "choose")}, Pathway: p, Chosen: chosen})
}

// CourseDatePost answers POST /pathways/:slug/apply/course-date (resident).
func (h *Handler) CourseDatePost(c echo.Context) error {
	app := c.Get(ctxDraft).(store.Application)
	p, err := h.store.PathwayByID(c.Request().Context(), app.PathwayID)
	if err != nil {
		return err
	}
	var f courseDateForm
	if err := page.Bind(c, &f); err != nil {
		return err
	}
	verr := page.Check(&f)
	if _, ok := p.CohortByID(f.Cohort); !verr.Has("cohort") && f.Cohort != "next" && !ok {
		verr.Add("cohort", "Select a course date, or the next course with places")
	}
	if !verr.Empty() {
		return h.views.Render(c, http.StatusUnprocessableEntity, tmplCourseDate, &courseDatePage{
			Page: page.Page{Title: "Choose a course date", Back: auth.ApplyURL(p.Slug, "choose"), Errors: verr}, Pathway: p, Chosen: f.Cohort})
	}
	_, err = h.store.UpdateDraft(c.Request().Context(), app.ID, func(a *store.Application) error {
		a.CohortID = nil
		if f.Cohort != "next" {
			a.CohortID = &f.Cohort
		}
		a.Answers.ChoiceDone = true
		return nil
	})
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, auth.ApplyURL(p.Slug, "check"))
}
