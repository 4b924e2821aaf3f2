// Package recruit is the employer recruiters' workspace: the ranked,
// name-blind pool of applications per pathway and cohort, each application's
// page, and the moves from shortlist to job and sustainment. Recruiters act
// only on their own employer's pathways; the coordinator may act on any.
// Every route is declared in web/routes.go.
package recruit

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
