package web

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
)

// errBadInput is answered with 400: a query or form value no person types.
var errBadInput = echo.NewHTTPError(http.StatusBadRequest, "bad input")

// idParams are the route parameters that hold record IDs.
var idParams = map[string]bool{"id": true, "role": true}

// checkInput refuses, before any handler or query, text that is not valid
// UTF-8 or holds control characters: PostgreSQL rejects a NUL byte or a
// broken UTF-8 sequence with an error (a 500), while SQLite stores them.
// A bad path (or path parameter, or an ID parameter not shaped like an ID)
// is a page that does not exist: 404. A bad query or form value is a bad
// request: 400. Tab, CR and LF are allowed in form values (textareas).
func checkInput(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		if !cleanText(req.URL.Path, false) {
			return echo.ErrNotFound
		}
		for i, name := range c.ParamNames() {
			v := c.ParamValues()[i]
			if !cleanText(v, false) || (idParams[name] && !validID(v)) {
				return echo.ErrNotFound
			}
		}
		for k, vs := range c.QueryParams() {
			if !cleanValues(k, vs, false) {
				return errBadInput
			}
		}
		if req.Method == http.MethodPost {
			form, err := c.FormParams()
			if err != nil {
				return errBadInput
			}
			for k, vs := range form {
				if !cleanValues(k, vs, true) {
					return errBadInput
				}
			}
		}
		return next(c)
	}
}

// validID admits the shape of portal.NewID, and the fixed IDs of the demo
// records (which the demo contract names and which predate that shape).
func validID(v string) bool {
	return portal.ValidID(v) || store.IsDemoID(v)
}

func cleanValues(key string, vs []string, multiline bool) bool {
	if !cleanText(key, false) {
		return false
	}
	for _, v := range vs {
		if !cleanText(v, multiline) {
			return false
		}
	}
	return true
}

// cleanText reports whether s is valid UTF-8 without control characters
// (C0, DEL, C1); multiline allows tab, CR and LF.
func cleanText(s string, multiline bool) bool {
	if !utf8.ValidString(s) {
		return false
	}
	return strings.IndexFunc(s, func(r rune) bool {
		if multiline && (r == '\t' || r == '\r' || r == '\n') {
			return false
		}
		return r < 0x20 || (r >= 0x7f && r < 0xa0)
	}) < 0
}
