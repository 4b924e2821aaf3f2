// Package referrals is the housing officer's area: refer a tenant, follow
// their referrals' progress, and the tenant's side of a referral link.
package referrals

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
