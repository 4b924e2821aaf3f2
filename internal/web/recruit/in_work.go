package recruit

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

const tmplInWork = "recruit/in-work"

// inWorkForm is the recruiter's answer to "still in work?" as posted.
type inWorkForm struct {
	Week    string `form:"week"`
	Answer  string `form:"answer"` // "yes" or "no"
	Version int    `form:"version"`
}

type inWorkPage struct {
	page.Page
	App  store.ActionApplication
	Form inWorkForm
	Week int // the week the application is waiting for, 0 for none
}

// InWork answers GET /staff/applications/:id/in-work (the employer's
// recruiters, the coordinator): record whether the resident is still in
// work at 13 or 26 weeks.
func (h *Handler) InWork(c echo.Context) error {
	return h.renderInWork(c, http.StatusOK, nil, nil)
}

func (h *Handler) renderInWork(c echo.Context, status int, f *inWorkForm, v *portal.ValidationError) error {
	app, err := h.store.ApplicationToAct(c.Request().Context(), auth.Actor(c).Staff, c.Param("id"))
	if err != nil {
		return err
	}
	week := 0
	for _, w := range portal.InWorkWeeks {
		if from, _, _ := portal.InWorkStatus(w); from == app.Status {
			week = w
		}
	}
	if f == nil {
		f = &inWorkForm{Version: app.Version, Week: strconv.Itoa(week)}
	}
	return h.views.Render(c, status, tmplInWork, &inWorkPage{Page: page.Page{Title: actionTitle("Still in work", app), Errors: v},
		App: app, Form: *f, Week: week})
}

// InWorkPost answers POST /staff/applications/:id/in-work: yes moves the
// application on, no is recorded and the status kept; or the form again
// (422), or the conflict page.
func (h *Handler) InWorkPost(c echo.Context) error {
	var f inWorkForm
	if err := page.Bind(c, &f); err != nil {
		return err
	}
	week, _ := strconv.Atoi(f.Week)
	if f.Answer != "yes" && f.Answer != "no" {
		v := &portal.ValidationError{}
		v.Add("answer", "Select yes if they are still in work")
		return h.renderInWork(c, http.StatusUnprocessableEntity, &f, v)
	}
	err := h.store.RecordInWork(c.Request().Context(), auth.Actor(c), store.Target{ID: c.Param("id"), Version: f.Version}, week, f.Answer == "yes")
	var verr *portal.ValidationError
	switch {
	case errors.As(err, &verr):
		return h.renderInWork(c, http.StatusUnprocessableEntity, &f, verr)
	case errors.Is(err, portal.ErrConflict):
		url := applicationURL(c.Param("id"), "in-work")
		return h.views.Conflict(c, "application", url, "/staff", nil)
	case err != nil:
		return err
	}
	if err := h.auth.Flash(c, "Answer recorded for "+strconv.Itoa(week)+" weeks"); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, applicationURL(c.Param("id"), "in-work"))
}
