// Package console is the coordinator's console: organisations,
// neighbourhoods, staff accounts, pathways, roles, courses, cohorts and
// routing rules. Every route here is coordinator-only (see web/routes.go).
package console

import (
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
