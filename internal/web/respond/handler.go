// Package respond is the resident's side of a single-use link texted to
// them: answering an offered place (accept or decline), with no sign-in.
// A link page shows only what the resident needs to answer, never who they
// are, since whoever holds the link sees it. Every route is declared in
// web/routes.go.
package respond

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

const tmplLinkProblem = "respond/link-problem"

// linkProblemPage says why a link does not work, one kind at a time.
type linkProblemPage struct {
	page.Page
	Kind string // unknown, used, expired, closed
}

// linkProblem renders the kind page for a link error, or returns err when
// it is not one.
func (h *Handler) linkProblem(c echo.Context, err error) error {
	p := &linkProblemPage{}
	status := http.StatusGone
	switch {
	case errors.Is(err, store.ErrLinkUnknown):
		p.Kind, p.Title, status = "unknown", "This link does not work", http.StatusNotFound
	case errors.Is(err, store.ErrLinkUsed):
		p.Kind, p.Title = "used", "This link has already been used"
	case errors.Is(err, store.ErrLinkExpired):
		p.Kind, p.Title = "expired", "This link has expired"
	case errors.Is(err, store.ErrOfferClosed):
		p.Kind, p.Title = "closed", "This offer is no longer open"
	default:
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return h.views.Render(c, status, tmplLinkProblem, p)
}
