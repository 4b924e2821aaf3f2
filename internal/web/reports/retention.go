package reports

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/store"
	"anchorpathways/internal/web/page"
)

type retentionPage struct {
	page.Page
	Schedule []store.RetentionCategory
}

// Retention answers GET /staff/retention (coordinator): how long each
// category of personal data is kept and what happens then.
func (h *Handler) Retention(c echo.Context) error {
	return h.views.Render(c, http.StatusOK, tmplRetention, &retentionPage{Page: page.Page{Title: "How long data is kept"}, Schedule: store.RetentionSchedule()})
}
