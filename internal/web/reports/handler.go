// Package reports is the impact report: what the network's pathways
// achieved, by neighbourhood, pathway, cohort and referral source, for the
// coordinator and, scoped to their own pathways or tenants, for each member
// organisation's staff; and the retention schedule the coordinator sees.
// Every route is declared in web/routes.go.
package reports

import (
	"anchorpathways/internal/store"
	"anchorpathways/internal/web/auth"
	"anchorpathways/internal/web/page"
)

// Deps is what the handlers of this area need.
type Deps struct {
	Store *store.Store
	Views *page.Renderer
	Auth  *auth.Auth
}

// Handler answers this area's pages; web/routes.go registers its methods.
type Handler struct {
	store *store.Store
	views *page.Renderer
	auth  *auth.Auth
}

// New returns a Handler over d.
func New(d Deps) *Handler {
	return &Handler{store: d.Store, views: d.Views, auth: d.Auth}
}
