package recruit

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/web/auth"
	"anchorpathways/internal/web/page"
)

const tmplOffer = "recruit/offer"

// offerForm is the cohort chosen and the version of the application shown.
type offerForm struct {
	Cohort  string `form:"cohort" validate:"required,max=64" msg:"*=Select the course date to offer a place on"`
	Version int    `form:"version"`
}

type offerPage struct {
	page.Page
	App     store.Application
	Cohorts []store.Cohort
	Form    offerForm
}

// CanOffer reports whether this application's status lets a place be offered.
func (p *offerPage) CanOffer() bool {
	return portal.Transition(p.App.Status, portal.StatusPlaceOffered, portal.ActorRecruiter) == nil
}

// CohortOptions are the cohorts as radio options, with the places left.
func (p *offerPage) CohortOptions() []portal.Option {
	out := make([]portal.Option, len(p.Cohorts))
	for i, c := range p.Cohorts {
		left := "full"
		if n := c.PlacesLeft(); n > 0 {
			left = fmt.Sprintf("%d of %d places left", n, c.Capacity)
		}
		out[i] = portal.Option{Value: c.ID, Label: fmt.Sprintf("Starts %s at %s (%s)", c.StartsOn.Format("Monday 2 January 2006"), c.VenueName, left)}
	}
	return out
}

func (h *Handler) offerPage(c echo.Context, status int, f *offerForm, verr *portal.ValidationError) error {
	app, cohorts, err := h.store.OfferableCohorts(c.Request().Context(), auth.Me(c), c.Param("id"))
	if err != nil {
		return err
	}
	p := &offerPage{Page: page.Page{Title: "Offer a place on the course", Back: applicationPageURL(app.ID), Errors: verr}, App: app, Cohorts: cohorts}
	if f != nil {
		p.Form = *f
	} else {
		p.Form.Version = app.Version
		if len(cohorts) == 1 {
			p.Form.Cohort = cohorts[0].ID
		}
	}
	return h.views.Render(c, status, tmplOffer, p)
}

// Offer answers GET /staff/applications/:id/offer (recruiter, coordinator):
// choose the cohort to offer a place on, and confirm.
func (h *Handler) Offer(c echo.Context) error { return h.offerPage(c, http.StatusOK, nil, nil) }

// OfferPost answers POST /staff/applications/:id/offer (recruiter,
// coordinator): offers the place, on the version of the application the
// page showed.
func (h *Handler) OfferPost(c echo.Context) error {
	var f offerForm
	if err := page.Bind(c, &f); err != nil {
		return err
	}
	verr := page.Check(&f)
	if verr.Empty() {
		t := store.Target{ID: c.Param("id"), Version: f.Version}
		_, err := h.store.OfferPlace(c.Request().Context(), auth.Me(c), t, f.Cohort, h.messages)
		switch {
		case err == nil:
			if err := h.auth.Flash(c, "Place offered: the applicant has been sent a link to accept or decline"); err != nil {
				return err
			}
			return c.Redirect(http.StatusSeeOther, applicationPageURL(t.ID))
		case errors.Is(err, store.ErrCohortFull):
			verr.Add("cohort", "That course date is full: choose another")
		case errors.Is(err, store.ErrCohortUnavailable):
			verr.Add("cohort", "That course date can no longer be offered: choose another")
		case errors.Is(err, portal.ErrConflict):
			return h.offerConflict(c, f)
		default:
			return err
		}
	}
	return h.offerPage(c, http.StatusUnprocessableEntity, &f, verr)
}

// offerConflict answers an offer made on a page that was out of date.
func (h *Handler) offerConflict(c echo.Context, f offerForm) error {
	app, _, err := h.store.OfferableCohorts(c.Request().Context(), auth.Me(c), c.Param("id"))
	if err != nil {
		return err
	}
	rows := []page.ConflictRow{{Field: "Version", Yours: strconv.Itoa(f.Version), Current: strconv.Itoa(app.Version)},
		{Field: "Status", Yours: "", Current: app.Status.Label()}}
	return h.views.Conflict(c, "application", applicationPageURL(app.ID)+"/offer", applicationPageURL(app.ID), rows)
}
