package page

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// ConflictRow is one field of a record two people edited at once.
type ConflictRow struct {
	Field   string // the field's label
	Yours   string // what this person submitted
	Current string // what is saved now, after the other person's change
}

// Changed reports whether the two differ, so the page can point them out.
func (r ConflictRow) Changed() bool { return r.Yours != r.Current }

type conflictPage struct {
	Page
	What     string // "organisation", "cohort"…
	Rows     []ConflictRow
	EditURL  string // reload the form with the current values
	Continue string // where to go instead
}

// Conflict answers an edit that lost an optimistic-locking race with
// a 409 page showing what the other person changed; nothing is overwritten.
func (r *Renderer) Conflict(c echo.Context, what, editURL, continueURL string, rows []ConflictRow) error {
	return r.Render(c, http.StatusConflict, tmplConflict, &conflictPage{
		Page: Page{Title: "Someone else has changed this " + what}, What: what, Rows: rows, EditURL: editURL, Continue: continueURL})
}

const tmplConflict = "staff/conflict"
