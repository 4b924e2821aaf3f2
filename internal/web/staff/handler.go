// Package staff is staff sign-in (password, second factor, enrolment),
// invitations, password resets, sign-out, the dashboard and the audit log.
package staff

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
	// Demo shows the demo accounts at sign-in and lets MFA-exempt demo
	// accounts skip the second factor.
	Demo bool
}

// Handler answers this area's pages; web/routes.go registers its methods.
type Handler struct {
	store    *store.Store
	views    *page.Renderer
	auth     *auth.Auth
	messages store.Messages
	demo     bool
}

// New returns a Handler over d.
func New(d Deps) *Handler {
	return &Handler{store: d.Store, views: d.Views, auth: d.Auth, messages: d.Messages, demo: d.Demo}
}
