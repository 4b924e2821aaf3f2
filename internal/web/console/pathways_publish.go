package console

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/web/auth"
	"anchorpathways/internal/web/page"
)

// Publishing and closing a pathway, from its console page. A pathway is a
// draft until published; the store refuses to publish one residents could
// not apply to, and the page then lists what is missing.

// publishForm is the version of the pathway the coordinator was looking at.
type publishForm struct {
	Version int `form:"version"`
}

// publishFields orders the reasons a pathway cannot be published as the
// page's sections are ordered; each links to its section.
var publishFields = []string{store.PublishNeedsRole, store.PublishNeedsCourse, store.PublishNeedsCohort, "publish"}

// stalePathway is the error summary when the pathway changed since the page
// was opened: the page is shown again as it is now.
func stalePathway(action string) *portal.ValidationError {
	v := &portal.ValidationError{}
	v.Add("publish", "Someone changed this pathway since you opened it. Check it again, then "+action+" it")
	return v
}

// PathwayPublishPost answers POST /staff/pathways/:id/publish (coordinator):
// it publishes the pathway, or shows the pathway again (422) listing what it
// still needs, or (409) that it changed meanwhile.
func (h *Handler) PathwayPublishPost(c echo.Context) error {
	var f publishForm
	if err := page.Bind(c, &f); err != nil {
		return err
	}
	err := h.store.PublishPathway(c.Request().Context(), auth.Actor(c), c.Param("id"), f.Version)
	var verr *portal.ValidationError
	switch {
	case err == nil:
		if err := h.auth.Flash(c, "Pathway published: residents can now see it and apply"); err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, pathwayURL(c.Param("id")))
	case errors.Is(err, portal.ErrConflict):
		return h.renderPathway(c, http.StatusConflict, stalePathway("publish"))
	case errors.As(err, &verr):
		verr.Errors = page.Ordered(verr.Errors, publishFields...)
		return h.renderPathway(c, http.StatusUnprocessableEntity, verr)
	}
	return err
}

// PathwayUnpublishPost answers POST /staff/pathways/:id/unpublish
// (coordinator): it closes the pathway to new applications and takes it off
// the public side, or (409) shows it again if it changed meanwhile.
func (h *Handler) PathwayUnpublishPost(c echo.Context) error {
	var f publishForm
	if err := page.Bind(c, &f); err != nil {
		return err
	}
	err := h.store.UnpublishPathway(c.Request().Context(), auth.Actor(c), c.Param("id"), f.Version)
	switch {
	case err == nil:
		if err := h.auth.Flash(c, "Pathway closed: residents can no longer see it or apply"); err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, pathwayURL(c.Param("id")))
	case errors.Is(err, portal.ErrConflict):
		return h.renderPathway(c, http.StatusConflict, stalePathway("unpublish"))
	}
	return err
}
