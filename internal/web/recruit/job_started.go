package recruit

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/web/auth"
	"anchorpathways/internal/web/page"
)

const tmplJobStarted = "recruit/job-started"

// jobStartedForm is the day the job started, as posted.
type jobStartedForm struct {
	Day     string `form:"started_on"`
	Month   string `form:"started_on-month"`
	Year    string `form:"started_on-year"`
	Version int    `form:"version"`
}

type jobStartedPage struct {
	page.Page
	App  store.ActionApplication
	Form jobStartedForm
	Date dateInput
}

// JobStarted answers GET /staff/applications/:id/job-started (the
// employer's recruiters, the coordinator): record the day the resident
// started work, the offer's start date filled in.
func (h *Handler) JobStarted(c echo.Context) error {
	return h.renderJobStarted(c, http.StatusOK, nil, nil)
}

func (h *Handler) renderJobStarted(c echo.Context, status int, f *jobStartedForm, v *portal.ValidationError) error {
	app, err := h.store.ApplicationToAct(c.Request().Context(), auth.Actor(c).Staff, c.Param("id"))
	if err != nil {
		return err
	}
	var d dateInput
	if f == nil {
		f = &jobStartedForm{Version: app.Version}
		if app.Offer != nil {
			d = dateOf("started_on", "Start date", "", app.Offer.StartsOn)
		}
	} else {
		d = dateInput{Day: f.Day, Month: f.Month, Year: f.Year}
	}
	d.Name, d.Legend, d.Hint, d.Err = "started_on", "Start date", "For example, 11 1 2027", v.For("started_on")
	return h.views.Render(c, status, tmplJobStarted, &jobStartedPage{Page: page.Page{Title: actionTitle("Job started", app), Errors: v},
		App: app, Form: *f, Date: d})
}

// JobStartedPost answers POST /staff/applications/:id/job-started: it
// records the start (which starts the 13- and 26-week clock) and tells the
// resident, or shows the form again (422), or the conflict page.
func (h *Handler) JobStartedPost(c echo.Context) error {
	var f jobStartedForm
	if err := page.Bind(c, &f); err != nil {
		return err
	}
	page.TrimAll(&f)
	day, msg := dateInput{Legend: "Start date", Day: f.Day, Month: f.Month, Year: f.Year}.parse()
	if msg != "" {
		v := &portal.ValidationError{}
		v.Add("started_on", msg)
		return h.renderJobStarted(c, http.StatusUnprocessableEntity, &f, v)
	}
	err := h.store.RecordJobStarted(c.Request().Context(), auth.Actor(c), store.Target{ID: c.Param("id"), Version: f.Version}, day, h.messages)
	var verr *portal.ValidationError
	switch {
	case errors.As(err, &verr):
		return h.renderJobStarted(c, http.StatusUnprocessableEntity, &f, verr)
	case errors.Is(err, portal.ErrConflict):
		url := applicationURL(c.Param("id"), "job-started")
		return h.views.Conflict(c, "application", url, "/staff", nil)
	case err != nil:
		return err
	}
	if err := h.auth.Flash(c, "Job start recorded: we will check in with the resident at 13 and 26 weeks"); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, applicationURL(c.Param("id"), "job-started"))
}
