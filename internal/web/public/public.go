package public

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/store"
	"anchorpathways/internal/web/page"
)

// Template names, beside the handlers that use them.
const (
	tmplHome    = "public/home"
	tmplPathway = "public/pathway"
)

type homePage struct {
	page.Page
	Pathways []store.PathwayCard
}

// Home answers GET / (public).
// Lists the open pathways. Public: no session, no cookie.
func (h *Handler) Home(c echo.Context) error {
	cards, err := h.store.ListOpenPathways(c.Request().Context())
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=60")
	return h.views.Render(c, http.StatusOK, tmplHome, &homePage{Page: page.Page{Title: "Find a course that leads to a job"}, Pathways: cards})
}

type pathwayPage struct {
	page.Page
	Pathway store.PathwayPage
}

// Pathway answers GET /pathways/:slug (public).
// Shows one open pathway. Public: no session, no cookie.
func (h *Handler) Pathway(c echo.Context) error {
	p, err := h.store.PathwayBySlug(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=60")
	return h.views.Render(c, http.StatusOK, tmplPathway, &pathwayPage{Page: page.Page{Title: p.Name, Back: "/"}, Pathway: p})
}

// Healthz answers GET /healthz (public).
func (h *Handler) Healthz(c echo.Context) error {
	return c.String(http.StatusOK, "ok")
}

// Readyz answers GET /readyz (public).
// Answers 200 only while the database answers.
func (h *Handler) Readyz(c echo.Context) error {
	if h.ready != nil {
		if err := h.ready(c.Request().Context()); err != nil {
			return c.String(http.StatusServiceUnavailable, "database unavailable")
		}
	}
	return c.String(http.StatusOK, "ready")
}
