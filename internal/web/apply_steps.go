package web

import (
	"errors"
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
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
	Page
	Form yourWorkForm
}

func (s *Server) yourWork(c echo.Context) error {
	app := c.Get(ctxDraft).(store.Application)
	a := app.Answers
	f := yourWorkForm{Situation: a.Situation, Sectors: a.Sectors, Years: a.Years, Skills: a.Skills, Interests: a.Interests, Hours: a.Hours, Travel: a.Travel}
	return s.render(c, http.StatusOK, tmplYourWork, &yourWorkPage{Page: Page{Title: "Your work", Back: applyURL(c.Param("slug"), "about-you")}, Form: f})
}

func (s *Server) yourWorkPost(c echo.Context) error {
	slug := c.Param("slug")
	var f yourWorkForm
	if err := bindForm(c, &f); err != nil {
		return err
	}
	trimAll(&f)
	verr := check(&f)
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
		verr.Errors = ordered(verr.Errors, "situation", "sectors", "years", "skills", "interests", "hours", "travel")
		return s.render(c, http.StatusUnprocessableEntity, tmplYourWork,
			&yourWorkPage{Page: Page{Title: "Your work", Back: applyURL(slug, "about-you"), Errors: verr}, Form: f})
	}
	if len(f.Sectors) == 0 {
		f.Years = ""
	}
	app, err := s.store.UpdateDraft(c.Request().Context(), c.Get(ctxDraft).(store.Application).ID, func(app *store.Application) error {
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
	Page
	Form supportForm
}

func (s *Server) support(c echo.Context) error {
	app := c.Get(ctxDraft).(store.Application)
	f := supportForm{Needs: app.SupportNeeds.Needs, Details: app.SupportNeeds.Details}
	return s.render(c, http.StatusOK, tmplSupport, &supportPage{Page: Page{Title: "Support to take part", Back: applyURL(c.Param("slug"), "your-work")}, Form: f})
}

func (s *Server) supportPost(c echo.Context) error {
	slug := c.Param("slug")
	var f supportForm
	if err := bindForm(c, &f); err != nil {
		return err
	}
	trimAll(&f)
	verr := check(&f)
	if !verr.Has("needs") && !portal.ValidAll(portal.SupportNeeds, f.Needs) {
		verr.Add("needs", "Select the support you need from the list")
	}
	if !verr.Empty() {
		return s.render(c, http.StatusUnprocessableEntity, tmplSupport,
			&supportPage{Page: Page{Title: "Support to take part", Back: applyURL(slug, "your-work"), Errors: verr}, Form: f})
	}
	app, err := s.store.UpdateDraft(c.Request().Context(), c.Get(ctxDraft).(store.Application).ID, func(app *store.Application) error {
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
	Page
	Suggestions []suggestion
	Chosen      string
}

// suggestions ranks the open pathways this resident may apply to.
func (s *Server) suggestions(c echo.Context, app store.Application, e store.Eligibility) ([]suggestion, error) {
	pages, err := s.store.OpenPathwayPages(c.Request().Context())
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
	rules, err := s.store.RoutingRules(c.Request().Context(), ids)
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

func (s *Server) choose(c echo.Context) error {
	app := c.Get(ctxDraft).(store.Application)
	sess := c.Get(ctxSession).(*session)
	list, err := s.suggestions(c, app, sess.data.Apply.Eligibility)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, tmplChoose, &choosePage{
		Page: Page{Title: "Courses that suit you", Back: applyURL(c.Param("slug"), "support")}, Suggestions: list, Chosen: app.PathwayID})
}

type chooseForm struct {
	Pathway string `form:"pathway" validate:"required,max=64" msg:"*=Select the course you would like to apply for"`
}

func (s *Server) choosePost(c echo.Context) error {
	app := c.Get(ctxDraft).(store.Application)
	sess := c.Get(ctxSession).(*session)
	var f chooseForm
	if err := bindForm(c, &f); err != nil {
		return err
	}
	list, err := s.suggestions(c, app, sess.data.Apply.Eligibility)
	if err != nil {
		return err
	}
	verr := check(&f)
	i := slices.IndexFunc(list, func(x suggestion) bool { return x.PathwayID == f.Pathway })
	if !verr.Has("pathway") && i < 0 {
		verr.Add("pathway", "Select the course you would like to apply for")
	}
	if !verr.Empty() {
		return s.render(c, http.StatusUnprocessableEntity, tmplChoose, &choosePage{
			Page: Page{Title: "Courses that suit you", Back: applyURL(c.Param("slug"), "support"), Errors: verr}, Suggestions: list, Chosen: f.Pathway})
	}
	ranked := make([]portal.Suggestion, len(list))
	for j, x := range list {
		ranked[j] = x.Suggestion
	}
	_, err = s.store.UpdateDraft(c.Request().Context(), app.ID, func(a *store.Application) error {
		if a.PathwayID != f.Pathway {
			a.PathwayID, a.CohortID, a.Answers.ChoiceDone = f.Pathway, nil, false
		}
		a.Routing = ranked
		return nil
	})
	if err != nil {
		if errors.Is(err, store.ErrAlreadyApplied) {
			sess.data.Existing = app.ID
			_ = s.save(c, sess)
			return c.Redirect(http.StatusSeeOther, applyURL(c.Param("slug"), "already-applied"))
		}
		return err
	}
	sess.data.Apply.Slug = list[i].Slug
	if err := s.save(c, sess); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, applyURL(list[i].Slug, "course-date"))
}

// ---- course date --------------------------------------------------------------

type courseDatePage struct {
	Page
	Pathway store.PathwayPage
	Chosen  string
}

type courseDateForm struct {
	Cohort string `form:"cohort" validate:"required,max=64" msg:"*=Select a course date, or the next course with places"`
}

func (s *Server) courseDate(c echo.Context) error {
	app := c.Get(ctxDraft).(store.Application)
	p, err := s.store.PathwayByID(c.Request().Context(), app.PathwayID)
	if err != nil {
		return err
	}
	chosen := ""
	if app.CohortID != nil {
		chosen = *app.CohortID
	} else if app.Answers.ChoiceDone {
		chosen = "next"
	}
	return s.render(c, http.StatusOK, tmplCourseDate, &courseDatePage{
		Page: Page{Title: "Choose a course date", Back: applyURL(p.Slug, "choose")}, Pathway: p, Chosen: chosen})
}

func (s *Server) courseDatePost(c echo.Context) error {
	app := c.Get(ctxDraft).(store.Application)
	p, err := s.store.PathwayByID(c.Request().Context(), app.PathwayID)
	if err != nil {
		return err
	}
	var f courseDateForm
	if err := bindForm(c, &f); err != nil {
		return err
	}
	verr := check(&f)
	if _, ok := p.CohortByID(f.Cohort); !verr.Has("cohort") && f.Cohort != "next" && !ok {
		verr.Add("cohort", "Select a course date, or the next course with places")
	}
	if !verr.Empty() {
		return s.render(c, http.StatusUnprocessableEntity, tmplCourseDate, &courseDatePage{
			Page: Page{Title: "Choose a course date", Back: applyURL(p.Slug, "choose"), Errors: verr}, Pathway: p, Chosen: f.Cohort})
	}
	_, err = s.store.UpdateDraft(c.Request().Context(), app.ID, func(a *store.Application) error {
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
	return c.Redirect(http.StatusSeeOther, applyURL(p.Slug, "check"))
}

// ---- check your answers and submit ----------------------------------------------

type checkPage struct {
	Page
	App          store.Application
	Pathway      store.PathwayPage
	Cohort       *store.Cohort
	Coordinators []string
	Missing      string
}

func (s *Server) checkData(c echo.Context, app store.Application) (*checkPage, error) {
	ctx := c.Request().Context()
	p, err := s.store.PathwayByID(ctx, app.PathwayID)
	if err != nil {
		return nil, err
	}
	coords, err := s.store.CoordinatorNames(ctx)
	if err != nil {
		return nil, err
	}
	page := &checkPage{Page: Page{Title: "Check your answers before sending your application", Back: applyURL(p.Slug, "course-date")},
		App: app, Pathway: p, Coordinators: coords}
	if app.CohortID != nil {
		if cohort, ok := p.CohortByID(*app.CohortID); ok {
			page.Cohort = &cohort
		}
	}
	page.Missing = missingStep(app)
	return page, nil
}

func (s *Server) check(c echo.Context) error {
	app := c.Get(ctxDraft).(store.Application)
	page, err := s.checkData(c, app)
	if err != nil {
		return err
	}
	if page.Missing != "" {
		return c.Redirect(http.StatusSeeOther, applyURL(page.Pathway.Slug, page.Missing))
	}
	return s.render(c, http.StatusOK, tmplCheck, page)
}

// checkPost sends the application. A double tap sends it once: the second
// request finds it sent and shows the same confirmation.
func (s *Server) checkPost(c echo.Context) error {
	app := c.Get(ctxDraft).(store.Application)
	slug := c.Get(ctxSession).(*session).data.Apply.Slug
	if step := missingStep(app); step != "" {
		return c.Redirect(http.StatusSeeOther, applyURL(slug, step))
	}
	sub, err := s.store.SubmitApplication(c.Request().Context(), app.ID, s.messages)
	if err != nil {
		return err
	}
	sess := c.Get(ctxSession).(*session)
	sess.data.Confirmed, sess.data.Apply = sub.ID, nil
	if err := s.save(c, sess); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, applyURL(slug, "confirmation"))
}

// missingStep is the first step the resident has not answered, or "".
func missingStep(app store.Application) string {
	switch {
	case !app.Answers.WorkDone:
		return "your-work"
	case !app.Answers.SupportDone:
		return "support"
	case !app.Answers.ChoiceDone:
		return "choose"
	}
	return ""
}

type confirmationPage struct {
	Page
	Sub store.Submission
}

func (s *Server) confirmation(c echo.Context) error {
	sess, _ := c.Get(ctxSession).(*session)
	if sess == nil || sess.data.Confirmed == "" {
		return c.Redirect(http.StatusSeeOther, "/status")
	}
	sub, err := s.store.SubmissionByID(c.Request().Context(), sess.data.Confirmed)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, tmplConfirmation, &confirmationPage{Page: Page{Title: "Application sent"}, Sub: sub})
}
