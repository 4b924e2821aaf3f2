package sustain

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/web/page"
)

const tmplInterview = "sustain/interview"

// bookForm is the chosen time as posted.
type bookForm struct {
	Slot string `form:"slot"`
}

type interviewPage struct {
	page.Page
	store.InterviewBooking
	Token string
	Form  bookForm
}

// Interview answers GET /interviews/:token: the interview times the
// resident may book (or, with the link from their booking, move to once).
// A link that does not work gets its kind page.
func (h *Handler) Interview(c echo.Context) error {
	return h.renderInterview(c, http.StatusOK, bookForm{}, nil)
}

func (h *Handler) renderInterview(c echo.Context, status int, f bookForm, v *portal.ValidationError) error {
	b, err := h.store.InterviewBookingFor(c.Request().Context(), c.Param("token"))
	if ok, err := h.linkProblem(c, err); ok || err != nil {
		return err
	}
	if _, err := h.auth.Session(c); err != nil {
		return err
	}
	p := &interviewPage{Page: page.Page{Title: "Book your interview", Errors: v}, InterviewBooking: b, Token: c.Param("token"), Form: f}
	if b.Moving() {
		p.Title = "Change your interview time"
	}
	return h.views.Render(c, status, tmplInterview, p)
}

// InterviewPost answers POST /interviews/:token: it books the chosen time
// and redirects to a confirmation (303); a time taken meanwhile shows the
// page again (409) with the times still free, the link still working.
func (h *Handler) InterviewPost(c echo.Context) error {
	var f bookForm
	if err := page.Bind(c, &f); err != nil {
		return err
	}
	if f.Slot == "" {
		v := &portal.ValidationError{}
		v.Add("slot", "Select a time for your interview")
		return h.renderInterview(c, http.StatusUnprocessableEntity, f, v)
	}
	messages := h.messages // the resident's stored language
	if page.Explicit(c) {
		messages = messages.In(page.LocaleOf(c).Code) // the one they are reading
	}
	slot, err := h.store.BookInterview(c.Request().Context(), c.Param("token"), f.Slot, messages)
	if errors.Is(err, store.ErrSlotTaken) {
		v := &portal.ValidationError{}
		v.Add("slot", "Sorry, that time has just been taken. Choose another time")
		return h.renderInterview(c, http.StatusConflict, bookForm{}, v)
	}
	if ok, err := h.linkProblem(c, err); ok || err != nil {
		return err
	}
	l, at := page.LocaleOf(c), slot.StartsAt
	when := l.T("sustain_when", "Weekday", l.T("weekday_"+strings.ToLower(at.Weekday().String())), "Date", l.DayMonth(at), "Time", at.Format("15:04"))
	return h.done(c, "/interviews/done", l.Isolated("sustain_flash_booked", "When", when, "Place", slot.Place))
}
