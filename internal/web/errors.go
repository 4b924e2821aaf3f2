package web

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/database"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/web/auth"
	"anchorpathways/internal/web/page"
)

const tmplError = "errors/error"

// errorPage is the data of every error page.
type errorPage struct {
	page.Page
	Status    int
	Heading   string
	Message   string
	RequestID string
}

// handleError is the one place errors become HTTP: the portal's error kinds
// map to statuses here and nowhere else.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	p := errorPage{Status: http.StatusInternalServerError, RequestID: c.Response().Header().Get(echo.HeaderXRequestID)}
	var he *echo.HTTPError
	switch {
	case errors.Is(err, auth.ErrCSRF):
		p.Status, p.Heading = http.StatusForbidden, "Sorry, this page timed out"
		p.Message = "For your security, forms stop working after a while or when cookies are blocked. Go back, reload the page and try again. Nothing you had already saved is lost."
	case errors.Is(err, auth.ErrTooMany):
		p.Status, p.Heading = http.StatusTooManyRequests, "Sorry, there have been too many attempts"
		p.Message = "Wait 15 minutes, then try again."
		c.Response().Header().Set("Retry-After", "900")
	case database.IsUnavailable(err):
		// The database is down or swamped: say so, and when to come back,
		// so clients and load balancers retry rather than report a bug.
		p.Status = http.StatusServiceUnavailable
		c.Response().Header().Set("Retry-After", "30")
	case errors.Is(err, portal.ErrNotFound):
		p.Status = http.StatusNotFound
	case errors.Is(err, portal.ErrForbidden):
		p.Status = http.StatusForbidden
	case errors.Is(err, portal.ErrConflict):
		p.Status, p.Heading = http.StatusConflict, "Sorry, that could not be done"
		p.Message = "Something changed while you were on this page. Go back, reload it and try again."
	case errors.As(err, &he):
		p.Status = he.Code
	}
	if p.Heading == "" {
		switch p.Status {
		case http.StatusNotFound, http.StatusMethodNotAllowed:
			p.Status = http.StatusNotFound
			p.Heading, p.Message = "Page not found", "If you typed the web address, check it is correct. If you pasted it, check you copied the whole address."
		case http.StatusForbidden:
			p.Heading, p.Message = "You cannot see this page", "You may need to sign in again."
		case http.StatusBadRequest:
			p.Heading, p.Message = "Sorry, we could not read what was sent", "It held characters we cannot accept. Go back, retype your answer and try again."
		case http.StatusRequestEntityTooLarge:
			p.Heading, p.Message = "Sorry, that was too much to send", "Shorten your answers and try again."
		case http.StatusServiceUnavailable:
			p.Heading, p.Message = "Sorry, the service is unavailable", "Try again in a few minutes."
		default:
			p.Status = http.StatusInternalServerError
			p.Heading, p.Message = "Sorry, there is a problem with the service", "Try again later. Your answers have been saved as far as the last page you finished."
		}
	}
	if p.Status >= 500 {
		s.log.LogAttrs(c.Request().Context(), slog.LevelError, "request failed",
			slog.String("request_id", p.RequestID), slog.String("route", c.Path()), slog.String("error", err.Error()))
	}
	loc := page.LocaleOf(c)
	p.Heading, p.Message = loc.Translate(p.Heading), loc.Translate(p.Message)
	p.Title = p.Heading
	// A HEAD's body is dropped by answerHead's writer (server.go).
	if rerr := s.views.Render(c, p.Status, tmplError, &p); rerr != nil {
		_ = c.String(p.Status, p.Heading)
	}
}
