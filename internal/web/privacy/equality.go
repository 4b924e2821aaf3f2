package privacy

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/web/auth"
	"anchorpathways/internal/web/page"
)

const (
	tmplEquality       = "privacy/equality"
	tmplEqualityTotals = "privacy/equality-totals"
)

type equalityPage struct {
	page.Page
	Action    string
	Questions []store.EqualityQuestion
	Answers   store.EqualityAnswers
}

// Localised is Questions in the page's language: each legend and answer's
// English finds its translation in the catalogue.
func (p *equalityPage) Localised() []store.EqualityQuestion {
	out := make([]store.EqualityQuestion, len(p.Questions))
	for i, q := range p.Questions {
		opts := make([]portal.Option, len(q.Options))
		for j, o := range q.Options {
			opts[j] = portal.Option{Value: o.Value, Label: p.Translate(o.Label)}
		}
		out[i] = store.EqualityQuestion{Column: q.Column, Legend: p.Translate(q.Legend), Options: opts}
	}
	return out
}

// Equality answers GET /pathways/:slug/apply/equality (resident, after
// sending): the optional monitoring questions. Without an application just
// sent in this session it goes to /status.
func (h *Handler) Equality(c echo.Context) error {
	sess := auth.CurrentSession(c)
	if sess == nil || sess.Data.Confirmed == "" {
		return c.Redirect(http.StatusSeeOther, "/status")
	}
	return h.views.Render(c, http.StatusOK, tmplEquality, &equalityPage{Page: page.Page{Title: "Equality monitoring questions", Back: "/pathways/" + c.Param("slug") + "/apply/confirmation"},
		Action: c.Request().URL.Path, Questions: store.EqualityQuestions(), Answers: store.EqualityAnswers{}})
}

// EqualityPost answers POST /pathways/:slug/apply/equality (resident):
// stores the answers apart from the application, once, and thanks them.
// An answer not offered is 422 with the answers kept.
func (h *Handler) EqualityPost(c echo.Context) error {
	sess := auth.CurrentSession(c)
	if sess == nil || sess.Data.Confirmed == "" {
		return c.Redirect(http.StatusSeeOther, "/status")
	}
	answers := store.EqualityAnswers{}
	for _, q := range store.EqualityQuestions() {
		answers[q.Column] = c.FormValue(q.Column)
	}
	_, err := h.store.RecordEquality(c.Request().Context(), sess.Data.Confirmed, answers)
	var v *portal.ValidationError
	if errors.As(err, &v) {
		return h.views.Render(c, http.StatusUnprocessableEntity, tmplEquality, &equalityPage{Page: page.Page{Title: "Equality monitoring questions", Errors: v},
			Action: c.Request().URL.Path, Questions: store.EqualityQuestions(), Answers: answers})
	}
	if err != nil {
		return err
	}
	sess.Data.Flash = page.LocaleOf(c).T("eq_thanks")
	if err := h.auth.Save(c, sess); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/status")
}

type equalityTotalsPage struct {
	page.Page
	Form   monthsForm
	Tables []store.EqualityTable
}

type monthsForm struct {
	From string `query:"from"`
	To   string `query:"to"`
}

// EqualityTotals answers GET /staff/equality (coordinator): suppressed
// totals of the monitoring answers, by month range (?from=2026-01&to=2026-12).
func (h *Handler) EqualityTotals(c echo.Context) error {
	var f monthsForm
	if err := (&echo.DefaultBinder{}).BindQueryParams(c, &f); err != nil {
		return err
	}
	now := h.store.Now()
	if !validMonth(f.To) {
		f.To = now.Format("2006-01")
	}
	if !validMonth(f.From) {
		f.From = now.AddDate(-1, 1, 0).Format("2006-01")
	}
	tables, err := h.store.EqualityTotals(c.Request().Context(), f.From, f.To)
	if err != nil {
		return err
	}
	return h.views.Render(c, http.StatusOK, tmplEqualityTotals, &equalityTotalsPage{Page: page.Page{Title: "Equality monitoring"}, Form: f, Tables: tables})
}
