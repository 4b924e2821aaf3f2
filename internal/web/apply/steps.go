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

// ---- your work ----------------------------------------------------------------

type yourWorkForm struct {
	Situation string   `form:"situation" validate:"required" msg:"*=Select your work situation now"`
	Sectors   []string `form:"sectors" validate:"max=10,dive,max=40"`
	Years     string   `form:"years" validate:"omitempty,oneof=under_1 1_to_5 over_5" msg:"*=Select how many years you have worked"`
	Skills    []string `form:"skills" validate:"max=12,dive,max=40"`
	Interests []string `form:"interests" validate:"max=10,dive,max=40"`
	Hours     string   `form:"hours" validate:"required" msg:"*=Select how many hours you can work"`
	Travel    string   `form:"travel" validate:"required" msg:"*=Select how long you can travel to work"`
}

type yourWorkPage struct {
	page.Page
	Form yourWorkForm
}

// YourWork answers GET /pathways/:slug/apply/your-work (resident).
func (h *Handler) YourWork(c echo.Context) error {
	app := c.Get(ctxDraft).(store.Application)
	a := app.Answers
	f := yourWorkForm{Situation: a.Situation, Sectors: a.Sectors, Years: a.Years, Skills: a.Skills, Interests: a.Interests, Hours: a.Hours, Travel: a.Travel}
	return h.views.Render(c, http.StatusOK, tmplYourWork, &yourWorkPage{Page: page.Page{Title: "Your work", Back: auth.ApplyURL(c.Param("slug"), "about-you")}, Form: f})
}

// YourWorkPost answers POST /pathways/:slug/apply/your-work (resident).
func (h *Handler) YourWorkPost(c echo.Context) error {
	slug := c.Param("slug")
	var f yourWorkForm
	if err := page.Bind(c, &f); err != nil {
		return err
	}
	page.TrimAll(&f)
	verr := page.Check(&f)
	choose := func(field string, ok bool, msg string) {
		if !verr.Has(field) && !ok {
			verr.Add(field, msg)
		}
	}
	choose("situation", portal.Valid(portal.Situations, f.Situation), "Select your work situation now")
	choose("sectors", portal.ValidAll(portal.Sectors, f.Sectors), "Select the kinds of work you have done from the list")
	choose("years", len(f.Sectors) == 0 || f.Years != "", "Select how many years you have worked in these jobs")
	choose("skills", portal.ValidAll(portal.Skills, f.Skills), "Select your skills from the list")
	choose("interests", portal.ValidAll(portal.Interests, f.Interests), "Select the jobs you would like from the list")
	choose("hours", portal.Valid(portal.HoursOptions, f.Hours), "Select how many hours you can work")
	choose("travel", portal.Valid(portal.TravelOptions, f.Travel), "Select how long you can travel to work")
	if !verr.Empty() {
		verr.Errors = page.Ordered(verr.Errors, "situation", "sectors", "years", "skills", "interests", "hours", "travel")
		return h.views.Render(c, http.StatusUnprocessableEntity, tmplYourWork,
			&yourWorkPage{Page: page.Page{Title: "Your work", Back: auth.ApplyURL(slug, "about-you"), Errors: verr}, Form: f})
	}
	if len(f.Sectors) == 0 {
		f.Years = ""
	}
	app, err := h.store.UpdateDraft(c.Request().Context(), c.Get(ctxDraft).(store.Application).ID, func(app *store.Application) error {
		a := &app.Answers
		a.Situation, a.Sectors, a.Years, a.Skills, a.Interests, a.Hours, a.Travel = f.Situation, f.Sectors, f.Years, f.Skills, f.Interests, f.Hours, f.Travel
		a.WorkDone = true
		return nil
	})
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, nextStep(slug, app, "support"))
}

// ---- support ------------------------------------------------------------------

type supportForm struct {
	Needs   []string `form:"needs" validate:"max=10,dive,max=40"`
	Details string   `form:"details" validate:"max=500" msg:"max=Tell us in 500 characters or fewer"`
}

type supportPage struct {
	page.Page
	Form supportForm
}

// Support answers GET /pathways/:slug/apply/support (resident).
func (h *Handler) Support(c echo.Context) error {
	app := c.Get(ctxDraft).(store.Application)
	f := supportForm{Needs: app.SupportNeeds.Needs, Details: app.SupportNeeds.Details}
	return h.views.Render(c, http.StatusOK, tmplSupport, &supportPage{Page: page.Page{Title: "Support to take part", Back: auth.ApplyURL(c.Param("slug"), "your-work")}, Form: f})
}

// SupportPost answers POST /pathways/:slug/apply/support (resident).
func (h *Handler) SupportPost(c echo.Context) error {
	slug := c.Param("slug")
	var f supportForm
	if err := page.Bind(c, &f); err != nil {
		return err
	}
	page.TrimAll(&f)
	verr := page.Check(&f)
	if !verr.Has("needs") && !portal.ValidAll(portal.SupportNeeds, f.Needs) {
		verr.Add("needs", "Select the support you need from the list")
	}
	if !verr.Empty() {
		return h.views.Render(c, http.StatusUnprocessableEntity, tmplSupport,
			&supportPage{Page: page.Page{Title: "Support to take part", Back: auth.ApplyURL(slug, "your-work"), Errors: verr}, Form: f})
	}
	app, err := h.store.UpdateDraft(c.Request().Context(), c.Get(ctxDraft).(store.Application).ID, func(app *store.Application) error {
		app.SupportNeeds = store.Support{Needs: f.Needs, Details: f.Details}
		app.Answers.SupportDone = true
		return nil
	})
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, nextStep(slug, app, "choose"))
}

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
	for _, p := range pages {
		if len(p.Check(e)) == 0 {
			options = append(options, portal.PathwayOption{ID: p.ID, Name: p.Name})
			byID[p.ID] = p
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
	ranked := portal.Rank(app.Answers.Profile(), options, rules)
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

// ---- check your answers and submit ----------------------------------------------

type checkPage struct {
	page.Page
	App          store.Application
	Pathway      store.PathwayPage
	Cohort       *store.Cohort
	Coordinators []string
	Missing      string
}

func (h *Handler) checkData(c echo.Context, app store.Application) (*checkPage, error) {
	ctx := c.Request().Context()
	p, err := h.store.PathwayByID(ctx, app.PathwayID)
	if err != nil {
		return nil, err
	}
	coords, err := h.store.CoordinatorNames(ctx)
	if err != nil {
		return nil, err
	}
	pg := &checkPage{Page: page.Page{Title: "Check your answers before sending your application", Back: auth.ApplyURL(p.Slug, "course-date")},
		App: app, Pathway: p, Coordinators: coords}
	if app.CohortID != nil {
		if cohort, ok := p.CohortByID(*app.CohortID); ok {
			pg.Cohort = &cohort
		}
	}
	pg.Missing = auth.MissingStep(app)
	return pg, nil
}

// Check answers GET /pathways/:slug/apply/check (resident).
func (h *Handler) Check(c echo.Context) error {
	app := c.Get(ctxDraft).(store.Application)
	pg, err := h.checkData(c, app)
	if err != nil {
		return err
	}
	if pg.Missing != "" {
		return c.Redirect(http.StatusSeeOther, auth.ApplyURL(pg.Pathway.Slug, pg.Missing))
	}
	return h.views.Render(c, http.StatusOK, tmplCheck, pg)
}

// CheckPost answers POST /pathways/:slug/apply/check (resident).
// Sends the application. A double tap sends it once: the second
// request finds it sent and shows the same confirmation.
func (h *Handler) CheckPost(c echo.Context) error {
	app := c.Get(ctxDraft).(store.Application)
	slug := auth.CurrentSession(c).Data.Apply.Slug
	if step := auth.MissingStep(app); step != "" {
		return c.Redirect(http.StatusSeeOther, auth.ApplyURL(slug, step))
	}
	sub, err := h.store.SubmitApplication(c.Request().Context(), app.ID, h.messages)
	if err != nil {
		return err
	}
	sess := auth.CurrentSession(c)
	sess.Data.Confirmed, sess.Data.Apply = sub.ID, nil
	if err := h.auth.Save(c, sess); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, auth.ApplyURL(slug, "confirmation"))
}

type confirmationPage struct {
	page.Page
	Sub store.Submission
}

// Confirmation answers GET /pathways/:slug/apply/confirmation (resident).
func (h *Handler) Confirmation(c echo.Context) error {
	sess := auth.CurrentSession(c)
	if sess == nil || sess.Data.Confirmed == "" {
		return c.Redirect(http.StatusSeeOther, "/status")
	}
	sub, err := h.store.SubmissionByID(c.Request().Context(), sess.Data.Confirmed)
	if err != nil {
		return err
	}
	return h.views.Render(c, http.StatusOK, tmplConfirmation, &confirmationPage{Page: page.Page{Title: "Application sent"}, Sub: sub})
}
