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
	tmplConsoleCourseForm = "console/courses-form"
)

// ---- courses ------------------------------------------------------------------------------

type courseForm struct {
	Name    string `form:"name" validate:"required,max=120" msg:"required=Enter the name of the course;max=Name must be 120 characters or fewer"`
	Summary string `form:"summary" validate:"required,max=2000" msg:"required=Enter what the course involves;max=What the course involves must be 2,000 characters or fewer"`
	Outcome string `form:"outcome" validate:"required,max=1000" msg:"required=Enter what finishing the course leads to;max=What it leads to must be 1,000 characters or fewer"`
	Version int    `form:"version"`
}

func (f courseForm) input() store.CourseInput {
	return store.CourseInput{Name: f.Name, Summary: f.Summary, Outcome: f.Outcome}
}

type courseFormPage struct {
	page.Page
	PathwayName string
	CourseID    string // "" for a new course
	Form        courseForm
}

func readCourseForm(c echo.Context) (courseForm, *portal.ValidationError, error) {
	var f courseForm
	if err := page.Bind(c, &f); err != nil {
		return f, nil, err
	}
	page.TrimAll(&f)
	return f, page.Check(&f), nil
}

// CourseNew answers GET /staff/pathways/:id/courses/new (coordinator).
func (h *Handler) CourseNew(c echo.Context) error {
	p, err := h.store.PathwayForConsole(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return h.views.Render(c, http.StatusOK, tmplConsoleCourseForm, &courseFormPage{Page: page.Page{Title: "Add a course", Back: pathwayURL(p.ID)}, PathwayName: p.Name})
}

// CourseNewPost answers POST /staff/pathways/:id/courses/new (coordinator).
func (h *Handler) CourseNewPost(c echo.Context) error {
	ctx := c.Request().Context()
	p, err := h.store.PathwayForConsole(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	f, verr, err := readCourseForm(c)
	if err != nil {
		return err
	}
	if !verr.Empty() {
		return h.views.Render(c, http.StatusUnprocessableEntity, tmplConsoleCourseForm,
			&courseFormPage{Page: page.Page{Title: "Add a course", Back: pathwayURL(p.ID), Errors: verr}, PathwayName: p.Name, Form: f})
	}
	if _, err := h.store.CreateCourse(ctx, auth.Actor(c), p.ID, f.input()); err != nil {
		return err
	}
	if err := h.auth.Flash(c, "Course saved"); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, pathwayURL(p.ID))
}

// CourseEdit answers GET /staff/courses/:id/edit (coordinator).
func (h *Handler) CourseEdit(c echo.Context) error {
	co, err := h.store.CourseForConsole(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	f := courseForm{Name: co.Name, Summary: co.Summary, Outcome: co.Outcome, Version: co.Version}
	return h.views.Render(c, http.StatusOK, tmplConsoleCourseForm, &courseFormPage{Page: page.Page{Title: "Change the course", Back: pathwayURL(co.PathwayID)}, PathwayName: co.PathwayName, CourseID: co.ID, Form: f})
}

// CourseEditPost answers POST /staff/courses/:id/edit (coordinator).
func (h *Handler) CourseEditPost(c echo.Context) error {
	ctx := c.Request().Context()
	co, err := h.store.CourseForConsole(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	f, verr, err := readCourseForm(c)
	if err != nil {
		return err
	}
	if !verr.Empty() {
		return h.views.Render(c, http.StatusUnprocessableEntity, tmplConsoleCourseForm,
			&courseFormPage{Page: page.Page{Title: "Change the course", Back: pathwayURL(co.PathwayID), Errors: verr}, PathwayName: co.PathwayName, CourseID: co.ID, Form: f})
	}
	err = h.store.UpdateCourse(ctx, auth.Actor(c), co.ID, f.Version, f.input())
	if errors.Is(err, portal.ErrConflict) {
		now, err := h.store.CourseForConsole(ctx, co.ID)
		if err != nil {
			return err
		}
		return h.views.Conflict(c, "course", "/staff/courses/"+co.ID+"/edit", pathwayURL(co.PathwayID), []page.ConflictRow{
			{Field: "Name", Yours: f.Name, Current: now.Name},
			{Field: "What the course involves", Yours: f.Summary, Current: now.Summary},
			{Field: "What it leads to", Yours: f.Outcome, Current: now.Outcome},
		})
	}
	if err != nil {
		return err
	}
	if err := h.auth.Flash(c, "Course saved"); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, pathwayURL(co.PathwayID))
}
