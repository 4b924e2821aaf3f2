package respond

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/web/page"
)

const (
	tmplOffer       = "respond/offer"
	tmplOfferResult = "respond/offer-result"
)

// offerForm is the answer to an offered place.
type offerForm struct {
	Answer string `form:"answer" validate:"required,oneof=accept decline" msg:"*=Select yes if you want the place on the course"`
}

type offerPage struct {
	page.Page
	Token string
	Offer store.Offer
	Form  offerForm
}

// AnswerOptions are the two answers, in the order the page lists them.
func (p *offerPage) AnswerOptions() []portal.Option {
	return []portal.Option{{Value: "accept", Label: p.T("offer_yes")}, {Value: "decline", Label: p.T("offer_no")}}
}

// Offer answers GET /offers/:token (resident, by link): what the place is
// and when to answer by.
func (h *Handler) Offer(c echo.Context) error {
	offer, err := h.store.OfferByToken(c.Request().Context(), c.Param("token"))
	if err != nil {
		return h.linkProblem(c, err)
	}
	if _, err := h.auth.Session(c); err != nil { // the signed CSRF cookie; no row
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return h.views.Render(c, http.StatusOK, tmplOffer, &offerPage{Page: page.Page{Title: "Do you want the place on the course?"}, Token: c.Param("token"), Offer: offer})
}

// OfferPost answers POST /offers/:token (resident, by link): accepts or
// declines, once, then shows the result.
func (h *Handler) OfferPost(c echo.Context) error {
	ctx := c.Request().Context()
	var f offerForm
	if err := page.Bind(c, &f); err != nil {
		return err
	}
	if verr := page.Check(&f); !verr.Empty() {
		offer, err := h.store.OfferByToken(ctx, c.Param("token"))
		if err != nil {
			return h.linkProblem(c, err)
		}
		c.Response().Header().Set("Cache-Control", "no-store")
		return h.views.Render(c, http.StatusUnprocessableEntity, tmplOffer,
			&offerPage{Page: page.Page{Title: "Do you want the place on the course?", Errors: verr}, Token: c.Param("token"), Offer: offer, Form: f})
	}
	answer := h.store.AcceptOffer
	if f.Answer == "decline" {
		answer = h.store.DeclineOffer
	}
	messages := h.messages // the resident's stored language
	if page.Explicit(c) {
		messages = messages.In(page.LocaleOf(c).Code) // the one they are reading
	}
	got, err := answer(ctx, c.Param("token"), messages)
	if err != nil {
		return h.linkProblem(c, err)
	}
	return c.Redirect(http.StatusSeeOther, "/offers/answered/"+resultSlug(got.Status))
}

// resultSlug names the result page of an answered offer.
func resultSlug(s portal.Status) string {
	switch s {
	case portal.StatusPlaceAccepted:
		return "accepted"
	case portal.StatusWaitlisted:
		return "waiting-list"
	}
	return "declined"
}

type offerResultPage struct {
	page.Page
	Result string
}

// OfferResult answers GET /offers/answered/:result (public): what happens
// now. It says nothing about whose answer it was; the details are in the
// message the resident has been sent.
func (h *Handler) OfferResult(c echo.Context) error {
	p := &offerResultPage{Result: c.Param("result")}
	switch p.Result {
	case "accepted":
		p.Title = "You have accepted the place"
	case "waiting-list":
		p.Title = "The course is full: you are on the waiting list"
	case "declined":
		p.Title = "You have turned down the place"
	default:
		return portal.ErrNotFound
	}
	return h.views.Render(c, http.StatusOK, tmplOfferResult, p)
}
