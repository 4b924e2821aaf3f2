// Package sustain is the resident's side of the guaranteed interview and
// of staying in work: the pages behind the single-use links we text them,
// to book (or once move) an interview time and to answer "still working
// there?" at 13 and 26 weeks. No sign-in is needed: the link is the key,
// and each page shows only what the person needs. Every route is declared
// in web/routes.go.
package sustain

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/store"
	"anchorpathways/internal/web/auth"
	"anchorpathways/internal/web/page"
)

// Deps is what the handlers of this area need.
type Deps struct {
	Store    *store.Store
	Views    *page.Renderer
	Auth     *auth.Auth
	Messages store.Messages
}

// Handler answers this area's pages; web/routes.go registers its methods.
type Handler struct {
	store    *store.Store
	views    *page.Renderer
	auth     *auth.Auth
	messages store.Messages
}

// New returns a Handler over d.
func New(d Deps) *Handler {
	return &Handler{store: d.Store, views: d.Views, auth: d.Auth, messages: d.Messages}
}

const (
	tmplLink = "sustain/link"
	tmplDone = "sustain/done"
)

// linkPage is the kind page for a link that does not work.
type linkPage struct {
	page.Page
	Kind string // "unknown", "used" or "expired"
}

// linkProblem answers a link that does not work with its kind page, and
// reports false for any other error (the caller returns it).
func (h *Handler) linkProblem(c echo.Context, err error) (bool, error) {
	p := &linkPage{}
	status := http.StatusGone
	switch {
	case errors.Is(err, store.ErrLinkUnknown):
		p.Kind, p.Title, status = "unknown", "This link does not work", http.StatusNotFound
	case errors.Is(err, store.ErrLinkUsed):
		p.Kind, p.Title = "used", "This link has already been used"
	case errors.Is(err, store.ErrLinkExpired):
		p.Kind, p.Title = "expired", "This link has expired"
	default:
		return false, err
	}
	return true, h.views.Render(c, status, tmplLink, p)
}

// donePage confirms what a link did; the text comes from the session's
// flash, so a reload shows a plain confirmation.
type donePage struct {
	page.Page
}

// done leaves msg for the confirmation page at path and redirects there (303).
func (h *Handler) done(c echo.Context, path, msg string) error {
	sess, err := h.auth.Session(c)
	if err != nil {
		return err
	}
	sess.Data.Flash = msg
	if err := h.auth.Save(c, sess); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, path)
}

// Done answers GET /interviews/done and /in-work/done: thank you, and what
// happens next.
func (h *Handler) Done(c echo.Context) error {
	return h.views.Render(c, http.StatusOK, tmplDone, &donePage{Page: page.Page{Title: "Thank you"}})
}
