package staff

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/store"
	"anchorpathways/internal/web/auth"
)

// ---- signing out ----------------------------------------------------------------------

// SignOut answers POST /staff/sign-out (staff, second factor done or not).
func (h *Handler) SignOut(c echo.Context) error {
	sess, _ := auth.StaffFrom(c)
	if err := h.store.EndStaffSession(c.Request().Context(), sess.IDHash); err != nil {
		return err
	}
	// The session has ended: its cookie goes even if the audit row fails.
	h.auth.ClearStaffCookie(c)
	if err := h.store.Audit(c.Request().Context(), auth.Actor(c), store.AuditSignOut, "staff", sess.StaffID, nil, nil); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/staff/login")
}

// SignOutEverywhere answers POST /staff/sign-out-everywhere (any staff).
func (h *Handler) SignOutEverywhere(c echo.Context) error {
	sess, _ := auth.StaffFrom(c)
	if err := h.store.EndAllStaffSessions(c.Request().Context(), sess.StaffID); err != nil {
		return err
	}
	// The session has ended: its cookie goes even if the audit row fails.
	h.auth.ClearStaffCookie(c)
	if err := h.store.Audit(c.Request().Context(), auth.Actor(c), store.AuditSignOutAll, "staff", sess.StaffID, nil, nil); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/staff/login")
}
