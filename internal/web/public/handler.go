// Package public holds the pages anyone may see without a session (home,
// pathway pages, health checks) and, in demo mode, the demo outbox: it is
// one read-only page with no state of its own, so it does not earn a
// package of its own.
package public

import (
	"context"

	"anchorpathways/internal/store"
	"anchorpathways/internal/web/page"
)

// Deps is what the public pages need.
type Deps struct {
	Store *store.Store
	Views *page.Renderer
	// Ready reports whether the database answers (/readyz); nil: always ready.
	Ready func(ctx context.Context) error
}

// Handler answers the public pages; web/routes.go registers its methods.
type Handler struct {
	store *store.Store
	views *page.Renderer
	ready func(ctx context.Context) error
}

// New returns a Handler over d.
func New(d Deps) *Handler { return &Handler{store: d.Store, views: d.Views, ready: d.Ready} }
