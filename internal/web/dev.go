package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/store"
)

type outboxPage struct {
	Page
	Messages []store.OutboxMessage
}

// devOutbox shows, in demo mode only, the messages the portal "sent".
func (s *Server) devOutbox(c echo.Context) error {
	msgs, err := s.store.ListOutbox(c.Request().Context(), 50)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return s.render(c, http.StatusOK, tmplOutbox, &outboxPage{Page: Page{Title: "Demo outbox"}, Messages: msgs})
}
