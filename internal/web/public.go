package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/store"
)

type homePage struct {
	Page
	Pathways []store.PathwayCard
}

// home lists the open pathways. Public: no session, no cookie.
func (s *Server) home(c echo.Context) error {
	cards, err := s.store.ListOpenPathways(c.Request().Context())
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=60")
	return s.render(c, http.StatusOK, tmplHome, &homePage{Page: Page{Title: "Find a course that leads to a job"}, Pathways: cards})
}

type pathwayPage struct {
	Page
	Pathway store.PathwayPage
}

// pathway shows one open pathway. Public: no session, no cookie.
func (s *Server) pathway(c echo.Context) error {
	p, err := s.store.PathwayBySlug(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=60")
	return s.render(c, http.StatusOK, tmplPathway, &pathwayPage{Page: Page{Title: p.Name, Back: "/"}, Pathway: p})
}

func (s *Server) healthz(c echo.Context) error {
	return c.String(http.StatusOK, "ok")
}

// readyz answers 200 only while the database answers.
func (s *Server) readyz(c echo.Context) error {
	if s.ready != nil {
		if err := s.ready(c.Request().Context()); err != nil {
			return c.String(http.StatusServiceUnavailable, "database unavailable")
		}
	}
	return c.String(http.StatusOK, "ready")
}
