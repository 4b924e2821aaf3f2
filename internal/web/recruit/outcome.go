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

const tmplOutcome = "recruit/interview-outcome"

// outcomeForm is the interview's result as posted.
type outcomeForm struct {
	Outcome   string `form:"outcome"` // "offered" or "not_offered"
	Kind      string `form:"kind"`
	RoleTitle string `form:"role_title"`
	Hours     string `form:"hours"`
	Day       string `form:"starts_on"`
	Month     string `form:"starts_on-month"`
	Year      string `form:"starts_on-year"`
	Reason    string `form:"reason"`
	Version   int    `form:"version"`
}

type outcomePage struct {
	page.Page
	App     store.ActionApplication
	Form    outcomeForm
	Date    dateInput
	Reasons []portal.InterviewReason
	Kinds   []portal.JobKind
}

func applicationURL(id, action string) string { return "/staff/applications/" + id + "/" + action }

// actionTitle is the application's reference in a page title.
func actionTitle(what string, a store.ActionApplication) string { return what + ": " + a.Reference }

// InterviewOutcome answers GET /staff/applications/:id/interview-outcome
// (the employer's recruiters, the coordinator): record a job offer or why
// not. Only the reference is shown.
func (h *Handler) InterviewOutcome(c echo.Context) error {
	return h.renderOutcome(c, http.StatusOK, nil, nil)
}

func (h *Handler) renderOutcome(c echo.Context, status int, f *outcomeForm, v *portal.ValidationError) error {
	app, err := h.store.ApplicationToAct(c.Request().Context(), auth.Actor(c).Staff, c.Param("id"))
	if err != nil {
		return err
	}
	if f == nil {
		f = &outcomeForm{Version: app.Version}
	}
	d := dateInput{Name: "starts_on", Legend: "Start date", Hint: "For example, 11 1 2027", Day: f.Day, Month: f.Month, Year: f.Year, Err: v.For("starts_on")}
	return h.views.Render(c, status, tmplOutcome, &outcomePage{Page: page.Page{Title: actionTitle("Interview outcome", app), Errors: v},
		App: app, Form: *f, Date: d, Reasons: portal.InterviewReasons(), Kinds: []portal.JobKind{portal.JobSubstantive, portal.JobBank}})
}

// InterviewOutcomePost answers POST /staff/applications/:id/interview-outcome:
// it records the outcome and tells the resident, or shows the form again
// (422), or the conflict page when the application changed meanwhile.
func (h *Handler) InterviewOutcomePost(c echo.Context) error {
	var f outcomeForm
	if err := page.Bind(c, &f); err != nil {
		return err
	}
	page.TrimAll(&f)
	o := store.InterviewOutcome{Offered: f.Outcome == "offered", Kind: portal.JobKind(f.Kind), RoleTitle: f.RoleTitle, Reason: f.Reason}
	v := &portal.ValidationError{}
	if f.Outcome != "offered" && f.Outcome != "not_offered" {
		v.Add("outcome", "Select whether a job was offered")
	}
	if o.Offered {
		o.HoursPerWeek, _ = strconv.Atoi(f.Hours)
		var msg string
		if o.StartsOn, msg = (dateInput{Legend: "Start date", Day: f.Day, Month: f.Month, Year: f.Year}).parse(); msg != "" {
			v.Add("starts_on", msg)
		}
	}
	var cerr *portal.ValidationError
	if v.Empty() || o.Offered {
		cerr = checkOutcome(o)
	}
	if cerr != nil {
		for _, e := range cerr.Errors {
			v.Add(e.Field, e.Message)
		}
	}
	if !v.Empty() {
		v.Errors = page.Ordered(v.Errors, "outcome", "kind", "role_title", "hours", "starts_on", "reason")
		return h.renderOutcome(c, http.StatusUnprocessableEntity, &f, v)
	}
	err := h.store.RecordInterviewOutcome(c.Request().Context(), auth.Actor(c), store.Target{ID: c.Param("id"), Version: f.Version}, o, h.messages)
	if errors.Is(err, portal.ErrConflict) {
		url := applicationURL(c.Param("id"), "interview-outcome")
		return h.views.Conflict(c, "application", url, "/staff", nil)
	}
	if err != nil {
		return err
	}
	msg := "Job offer recorded: the resident has been told"
	if !o.Offered {
		msg = "Outcome recorded: the resident has been told, kindly, with a next step"
	}
	if err := h.auth.Flash(c, msg); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, applicationURL(c.Param("id"), "interview-outcome"))
}

// checkOutcome is the outcome's own field errors, nil when there are none.
func checkOutcome(o store.InterviewOutcome) *portal.ValidationError {
	var v *portal.ValidationError
	if errors.As(o.Check(), &v) {
		return v
	}
	return nil
}
