package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/i18n"
	"anchorpathways/internal/web/page"
)

// language picks each resident request's language: ?lang= in the address
// (links and forms carry it, so no cookie is needed), else the browser's
// Accept-Language. Staff pages stay in English. A redirect answering a
// request that named its language names it too, so the journey keeps it.
func language(next echo.HandlerFunc) echo.HandlerFunc {
	words := i18n.Words()
	return func(c echo.Context) error {
		req := c.Request()
		if strings.HasPrefix(req.URL.Path, "/staff") || strings.HasPrefix(req.URL.Path, "/static/") {
			return next(c)
		}
		code, explicit := req.URL.Query().Get("lang"), true
		if !words.Known(code) {
			code, explicit = words.Match(req.Header.Get("Accept-Language")), false
			c.Response().Header().Add("Vary", "Accept-Language")
		}
		page.SetLocale(c, words.Locale(code), explicit)
		if explicit {
			res := c.Response()
			res.Before(func() { keepLanguage(res, code) })
		}
		return next(c)
	}
}

// keepLanguage adds lang=code to a redirect within the portal.
func keepLanguage(res *echo.Response, code string) {
	if res.Status < http.StatusMultipleChoices || res.Status >= http.StatusBadRequest {
		return
	}
	loc := res.Header().Get(echo.HeaderLocation)
	if !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") || strings.HasPrefix(loc, "/staff") {
		return
	}
	u, err := url.Parse(loc)
	if err != nil || u.Query().Has("lang") {
		return
	}
	q := u.Query()
	q.Set("lang", code)
	u.RawQuery = q.Encode()
	res.Header().Set(echo.HeaderLocation, u.String())
}
