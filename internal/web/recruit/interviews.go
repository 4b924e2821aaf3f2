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

const tmplInterviews = "recruit/interviews"

// slotForm is a new interview slot as posted.
type slotForm struct {
	Cohort string `form:"cohort"`
	Day    string `form:"starts_at"`
	Month  string `form:"starts_at-month"`
	Year   string `form:"starts_at-year"`
	Time   string `form:"time"`
	Place  string `form:"place"`
}

type interviewsPage struct {
	page.Page
	store.InterviewSlots
	Form slotForm
	Date dateInput
}

func interviewsURL(pathwayID string) string { return "/staff/pathways/" + pathwayID + "/interviews" }

// Interviews answers GET /staff/pathways/:id/interviews (the employer's
// recruiters, the coordinator): the pathway's interview slots and a form to
// publish another.
func (h *Handler) Interviews(c echo.Context) error {
	return h.renderInterviews(c, http.StatusOK, slotForm{}, nil)
}

func (h *Handler) renderInterviews(c echo.Context, status int, f slotForm, v *portal.ValidationError) error {
	slots, err := h.store.InterviewSlots(c.Request().Context(), auth.Actor(c).Staff, c.Param("id"))
	if err != nil {
		return err
	}
	d := dateInput{Name: "starts_at", Legend: "Date", Hint: "For example, 27 3 2027", Day: f.Day, Month: f.Month, Year: f.Year, Err: v.For("starts_at")}
	return h.views.Render(c, status, tmplInterviews, &interviewsPage{
		Page: page.Page{Title: "Interview times", Errors: v}, InterviewSlots: slots, Form: f, Date: d})
}

// InterviewsPost answers POST /staff/pathways/:id/interviews: it publishes
// a slot (and texts a booking link to everyone owed an interview), or shows
// the form again (422) with what to fix.
func (h *Handler) InterviewsPost(c echo.Context) error {
	var f slotForm
	if err := page.Bind(c, &f); err != nil {
		return err
	}
	page.TrimAll(&f)
	v := &portal.ValidationError{}
	day, msg := dateInput{Legend: "Date", Day: f.Day, Month: f.Month, Year: f.Year}.parse()
	if msg != "" {
		v.Add("starts_at", msg)
	}
	at, ok := clockTime(f.Time)
	if !ok {
		v.Add("time", "Enter the time in hours and minutes, like 14:30")
	}
	if f.Place == "" {
		v.Add("place", "Enter the address or video link of the interview")
	}
	if !v.Empty() {
		return h.renderInterviews(c, http.StatusUnprocessableEntity, f, v)
	}
	n, err := h.store.PublishInterviewSlot(c.Request().Context(), auth.Actor(c), c.Param("id"),
		store.InterviewSlotInput{CohortID: f.Cohort, StartsAt: day.Add(at), Place: f.Place}, h.messages)
	var verr *portal.ValidationError
	switch {
	case errors.As(err, &verr):
		return h.renderInterviews(c, http.StatusUnprocessableEntity, f, verr)
	case err != nil:
		return err
	}
	flash := "Interview time published"
	if n > 0 {
		flash += ": " + plural(n, "resident has", "residents have") + " been texted a link to book"
	}
	if err := h.auth.Flash(c, flash); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, interviewsURL(c.Param("id")))
}

// InterviewSlotRemovePost answers POST /staff/interview-slots/:id/remove:
// it takes a free slot off its pathway. A booked slot stays (409).
func (h *Handler) InterviewSlotRemovePost(c echo.Context) error {
	pathwayID, err := h.store.RemoveInterviewSlot(c.Request().Context(), auth.Actor(c), c.Param("id"))
	if errors.Is(err, portal.ErrConflict) {
		return h.views.Conflict(c, "interview time", interviewsURL(pathwayID), interviewsURL(pathwayID), nil)
	}
	if err != nil {
		return err
	}
	if err := h.auth.Flash(c, "Interview time removed"); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, interviewsURL(pathwayID))
}

// plural is "1 resident has" or "3 residents have".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
