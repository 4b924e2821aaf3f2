package public

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/store"
	"anchorpathways/internal/web/page"
)

// Template names, beside the handlers that use them.
const (
	tmplOutbox = "dev/outbox"
)

type outboxPage struct {
	page.Page
	Messages []store.OutboxMessage
}

// Outbox answers GET /dev/outbox (demo mode only).
// Shows, in demo mode only, the messages the portal "sent".
func (h *Handler) Outbox(c echo.Context) error {
	msgs, err := h.store.ListOutbox(c.Request().Context(), 50)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return h.views.Render(c, http.StatusOK, tmplOutbox, &outboxPage{Page: page.Page{Title: "Demo outbox"}, Messages: msgs})
}
