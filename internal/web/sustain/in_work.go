package sustain

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/web/page"
)

const tmplInWork = "sustain/in-work"

// inWorkForm is the one-tap answer.
type inWorkForm struct {
	Answer string `form:"answer"` // "yes" or "no"
}

type inWorkPage struct {
	page.Page
	store.InWorkQuestion
	Token string
}

// InWork answers GET /in-work/:token: "are you still working there?", yes
// or no. A link that does not work gets its kind page.
func (h *Handler) InWork(c echo.Context) error {
	return h.renderInWork(c, http.StatusOK, nil)
}

func (h *Handler) renderInWork(c echo.Context, status int, v *portal.ValidationError) error {
	q, err := h.store.InWorkQuestionFor(c.Request().Context(), c.Param("token"))
	if ok, err := h.linkProblem(c, err); ok || err != nil {
		return err
	}
	if _, err := h.auth.Session(c); err != nil {
		return err
	}
	return h.views.Render(c, status, tmplInWork, &inWorkPage{Page: page.Page{Title: "Are you still in work?", Errors: v},
		InWorkQuestion: q, Token: c.Param("token")})
}

// InWorkPost answers POST /in-work/:token: it records the answer, once, and
// redirects to a thank-you (303).
func (h *Handler) InWorkPost(c echo.Context) error {
	var f inWorkForm
	if err := page.Bind(c, &f); err != nil {
		return err
	}
	if f.Answer != "yes" && f.Answer != "no" {
		v := &portal.ValidationError{}
		v.Add("answer", "Select yes if you are still working there")
		return h.renderInWork(c, http.StatusUnprocessableEntity, v)
	}
	week, err := h.store.AnswerInWork(c.Request().Context(), c.Param("token"), f.Answer == "yes")
	if ok, err := h.linkProblem(c, err); ok || err != nil {
		return err
	}
	l := page.LocaleOf(c)
	msg := l.T("sustain_flash_no")
	if f.Answer == "yes" {
		msg = l.T("sustain_flash_yes")
		if week == 13 {
			msg += " " + l.T("sustain_flash_again_26")
		}
	}
	return h.done(c, "/in-work/done", msg)
}
