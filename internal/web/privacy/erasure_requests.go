package privacy

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

type requestsPage struct {
	page.Page
	Requests []store.ErasureRequest
}

// ErasureRequests answers GET /staff/erasure-requests (coordinator): the
// waiting requests, oldest first, and the latest decided. No contact shows.
func (h *Handler) ErasureRequests(c echo.Context) error {
	return h.requests(c, http.StatusOK, nil)
}

func (h *Handler) requests(c echo.Context, status int, verr *portal.ValidationError) error {
	rows, err := h.store.ListErasureRequests(c.Request().Context())
	if err != nil {
		return err
	}
	return h.views.Render(c, status, tmplRequests, &requestsPage{Page: page.Page{Title: "Erasure requests", Errors: verr}, Requests: rows})
}

// EraseRequestPost answers POST /staff/erasure-requests/:id/erase (coordinator):
// erases the resident, or, with an application under way, answers 422 and
// asks for the reason instead.
func (h *Handler) EraseRequestPost(c echo.Context) error {
	version, _ := strconv.Atoi(c.FormValue("version"))
	err := h.store.CarryOutErasure(c.Request().Context(), auth.Actor(c), c.Param("id"), version, h.messages)
	if errors.Is(err, store.ErrErasureBlocked) {
		verr := &portal.ValidationError{}
		verr.Add("request-"+c.Param("id"), "This resident has an application under way. Record why their data is not erased yet, or erase it once the application has ended.")
		return h.requests(c, http.StatusUnprocessableEntity, verr)
	}
	if err != nil {
		return err
	}
	if err := h.auth.Flash(c, "Data erased and the resident told"); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/staff/erasure-requests")
}

type refuseForm struct {
	Reason  string `form:"reason" validate:"required,max=500" msg:"required=Enter why the data is not erased yet;max=Reason must be 500 characters or fewer"`
	Version int    `form:"version"`
}

type refusePage struct {
	page.Page
	ID   string
	Form refuseForm
}

// Refuse answers GET /staff/erasure-requests/:id/refuse (coordinator).
func (h *Handler) Refuse(c echo.Context) error {
	version, _ := strconv.Atoi(c.QueryParam("version"))
	return h.views.Render(c, http.StatusOK, tmplRefuse, &refusePage{Page: page.Page{Title: "Record why not", Back: "/staff/erasure-requests"},
		ID: c.Param("id"), Form: refuseForm{Version: version}})
}

// RefusePost answers POST /staff/erasure-requests/:id/refuse (coordinator):
// records the reason and tells the resident.
func (h *Handler) RefusePost(c echo.Context) error {
	var f refuseForm
	if err := page.Bind(c, &f); err != nil {
		return err
	}
	page.TrimAll(&f)
	if verr := page.Check(&f); !verr.Empty() {
		return h.views.Render(c, http.StatusUnprocessableEntity, tmplRefuse, &refusePage{
			Page: page.Page{Title: "Record why not", Back: "/staff/erasure-requests", Errors: verr}, ID: c.Param("id"), Form: f})
	}
	if err := h.store.RefuseErasure(c.Request().Context(), auth.Actor(c), c.Param("id"), f.Version, f.Reason, h.messages); err != nil {
		return err
	}
	if err := h.auth.Flash(c, "Reason recorded and the resident told"); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/staff/erasure-requests")
}
