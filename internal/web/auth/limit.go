package auth

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
)

// Limit allows n requests per client address per 15 minutes for a bucket,
// counted in the database so every instance shares the count. Over the
// limit it returns ErrTooMany; routes.go adds it to a route's middleware.
func (a *Auth) Limit(bucket string, n int) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			ok, err := a.store.Allow(c.Request().Context(), bucket+":"+c.RealIP(), n, 15*time.Minute)
			if err != nil {
				return err
			}
			if !ok {
				return ErrTooMany
			}
			return next(c)
		}
	}
}

// ErrTooMany is answered with a "too many attempts" page and Retry-After.
var ErrTooMany = echo.NewHTTPError(http.StatusTooManyRequests, "too many requests")
