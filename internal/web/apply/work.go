package apply

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/web/auth"
	"anchorpathways/internal/web/page"
)

// "Your work" is four short pages, one thing each (GOV.UK's question-page
// pattern): the situation, the work done and for how long, skills, and the
// work wanted. Each saves its own answers and marks its part of the draft
// answered (store.Answers.MarkWorkPart); auth.MissingStep finds the first
// part not yet answered.

// Template names, beside the handlers that use them.
const (
	tmplYourWork       = "apply/your-work"
	tmplWorkExperience = "apply/work-experience"
	tmplSkills         = "apply/skills"
	tmplJobPreferences = "apply/job-preferences"
)

// ---- your work: situation -------------------------------------------------------

type situationForm struct {
	Situation string `form:"situation" validate:"required" msg:"*=Select your work situation now"`
}

type situationPage struct {
	page.Page
	Form situationForm
}

// YourWork answers GET /pathways/:slug/apply/your-work (resident).
func (h *Handler) YourWork(c echo.Context) error {
	app := c.Get(ctxDraft).(store.Application)
	return h.views.Render(c, http.StatusOK, tmplYourWork, &situationPage{Page: h.workPage(c, "What is your work situation now?", "about-you", nil), Form: situationForm{Situation: app.Answers.Situation}})
}

// YourWorkPost answers POST /pathways/:slug/apply/your-work (resident).
func (h *Handler) YourWorkPost(c echo.Context) error {
	var f situationForm
	if err := page.Bind(c, &f); err != nil {
		return err
	}
	page.TrimAll(&f)
	verr := page.Check(&f)
	if !verr.Has("situation") && !portal.Valid(portal.Situations, f.Situation) {
		verr.Add("situation", "Select your work situation now")
	}
	if !verr.Empty() {
		return h.views.Render(c, http.StatusUnprocessableEntity, tmplYourWork, &situationPage{Page: h.workPage(c, "What is your work situation now?", "about-you", verr), Form: f})
	}
	return h.saveWork(c, store.WorkSituation, "work-experience", func(a *store.Answers) { a.Situation = f.Situation })
}

// ---- your work: work done and for how long ----------------------------------------

type experienceForm struct {
	Sectors []string `form:"sectors" validate:"max=10,dive,max=40"`
	Years   string   `form:"years" validate:"omitempty,oneof=under_1 1_to_5 over_5" msg:"*=Select how many years you have worked"`
}

type experiencePage struct {
	page.Page
	Form experienceForm
}

// YearsOptions answers "how many years have you worked in these jobs?".
func (p *experiencePage) YearsOptions() []portal.Option { return translated(p.Page, yearsOptions) }

// WorkExperience answers GET /pathways/:slug/apply/work-experience (resident).
func (h *Handler) WorkExperience(c echo.Context) error {
	a := c.Get(ctxDraft).(store.Application).Answers
	return h.views.Render(c, http.StatusOK, tmplWorkExperience, &experiencePage{Page: h.workPage(c, "Work you have done", "your-work", nil), Form: experienceForm{Sectors: a.Sectors, Years: a.Years}})
}

// WorkExperiencePost answers POST /pathways/:slug/apply/work-experience (resident).
func (h *Handler) WorkExperiencePost(c echo.Context) error {
	var f experienceForm
	if err := page.Bind(c, &f); err != nil {
		return err
	}
	page.TrimAll(&f)
	verr := page.Check(&f)
	if !verr.Has("sectors") && !portal.ValidAll(portal.Sectors, f.Sectors) {
		verr.Add("sectors", "Select the kinds of work you have done from the list")
	}
	if !verr.Has("years") && len(f.Sectors) > 0 && f.Years == "" {
		verr.Add("years", "Select how many years you have worked in these jobs")
	}
	if !verr.Empty() {
		verr.Errors = page.Ordered(verr.Errors, "sectors", "years")
		return h.views.Render(c, http.StatusUnprocessableEntity, tmplWorkExperience, &experiencePage{Page: h.workPage(c, "Work you have done", "your-work", verr), Form: f})
	}
	if len(f.Sectors) == 0 {
		f.Years = ""
	}
	return h.saveWork(c, store.WorkExperience, "skills", func(a *store.Answers) { a.Sectors, a.Years = f.Sectors, f.Years })
}

// ---- your work: skills ------------------------------------------------------------

type skillsForm struct {
	Skills []string `form:"skills" validate:"max=12,dive,max=40"`
}

type skillsPage struct {
	page.Page
	Form skillsForm
}

// Skills answers GET /pathways/:slug/apply/skills (resident).
func (h *Handler) Skills(c echo.Context) error {
	a := c.Get(ctxDraft).(store.Application).Answers
	return h.views.Render(c, http.StatusOK, tmplSkills, &skillsPage{Page: h.workPage(c, "What can you already do?", "work-experience", nil), Form: skillsForm{Skills: a.Skills}})
}

// SkillsPost answers POST /pathways/:slug/apply/skills (resident).
func (h *Handler) SkillsPost(c echo.Context) error {
	var f skillsForm
	if err := page.Bind(c, &f); err != nil {
		return err
	}
	page.TrimAll(&f)
	verr := page.Check(&f)
	if !verr.Has("skills") && !portal.ValidAll(portal.Skills, f.Skills) {
		verr.Add("skills", "Select your skills from the list")
	}
	if !verr.Empty() {
		return h.views.Render(c, http.StatusUnprocessableEntity, tmplSkills, &skillsPage{Page: h.workPage(c, "What can you already do?", "work-experience", verr), Form: f})
	}
	return h.saveWork(c, store.WorkSkills, "job-preferences", func(a *store.Answers) { a.Skills = f.Skills })
}

// ---- your work: the work you would like ---------------------------------------------

type preferencesForm struct {
	Interests []string `form:"interests" validate:"max=10,dive,max=40"`
	Hours     string   `form:"hours" validate:"required" msg:"*=Select how many hours you can work"`
	Travel    string   `form:"travel" validate:"required" msg:"*=Select how long you can travel to work"`
}

type preferencesPage struct {
	page.Page
	Form preferencesForm
}

// JobPreferences answers GET /pathways/:slug/apply/job-preferences (resident).
func (h *Handler) JobPreferences(c echo.Context) error {
	a := c.Get(ctxDraft).(store.Application).Answers
	f := preferencesForm{Interests: a.Interests, Hours: a.Hours, Travel: a.Travel}
	return h.views.Render(c, http.StatusOK, tmplJobPreferences, &preferencesPage{Page: h.workPage(c, "The work you would like", "skills", nil), Form: f})
}

// JobPreferencesPost answers POST /pathways/:slug/apply/job-preferences (resident).
func (h *Handler) JobPreferencesPost(c echo.Context) error {
	var f preferencesForm
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
	choose("interests", portal.ValidAll(portal.Interests, f.Interests), "Select the jobs you would like from the list")
	choose("hours", portal.Valid(portal.HoursOptions, f.Hours), "Select how many hours you can work")
	choose("travel", portal.Valid(portal.TravelOptions, f.Travel), "Select how long you can travel to work")
	if !verr.Empty() {
		verr.Errors = page.Ordered(verr.Errors, "interests", "hours", "travel")
		return h.views.Render(c, http.StatusUnprocessableEntity, tmplJobPreferences, &preferencesPage{Page: h.workPage(c, "The work you would like", "skills", verr), Form: f})
	}
	return h.saveWork(c, store.WorkPreferences, "support", func(a *store.Answers) { a.Interests, a.Hours, a.Travel = f.Interests, f.Hours, f.Travel })
}

// ---- shared ---------------------------------------------------------------------

// workPage is the common page data of a "your work" page: its title, the
// step its back link goes to, and its errors (nil when none).
func (h *Handler) workPage(c echo.Context, title, back string, verr *portal.ValidationError) page.Page {
	return page.Page{Title: title, Back: auth.ApplyURL(c.Param("slug"), back), Errors: verr}
}

// saveWork saves one part of "your work" and goes on to the step after it
// (or back to "check your answers" once the resident has been there).
func (h *Handler) saveWork(c echo.Context, part store.WorkPart, after string, set func(*store.Answers)) error {
	app, err := h.store.UpdateDraft(c.Request().Context(), c.Get(ctxDraft).(store.Application).ID, func(app *store.Application) error {
		set(&app.Answers)
		app.Answers.MarkWorkPart(part)
		return nil
	})
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, nextStep(c.Param("slug"), app, after))
}
