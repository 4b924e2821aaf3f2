package referrals

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/web/auth"
	"anchorpathways/internal/web/page"
)

// Template names, beside the handlers that use them.
const tmplList = "referrals/list"

type listPage struct {
	page.Page
	Referrals []store.ReferralRow
	Name      string
	Step      string
	Steps     []portal.Option
	Next      string
	DigestOn  bool
}

// NextURL is the address of the following page, with the search kept.
func (p *listPage) NextURL() string {
	q := url.Values{"after": {p.Next}}
	if p.Name != "" {
		q.Set("name", p.Name)
	}
	if p.Step != "" {
		q.Set("step", p.Step)
	}
	return "/staff/referrals?" + q.Encode()
}

// cursorOf and afterOf carry a ReferralCursor in page's keyset cursor: the
// ID is prefixed with whether the row was another officer's.
func cursorOf(r store.ReferralRow) string {
	flag := "o."
	if !r.Own {
		flag = "x."
	}
	return page.EncodeCursor(r.CreatedAt, flag+r.ID)
}

func afterOf(s string) store.ReferralCursor {
	c := page.DecodeCursor(s)
	flag, id, ok := strings.Cut(c.ID, ".")
	if !ok || (flag != "o" && flag != "x") || id == "" {
		return store.ReferralCursor{}
	}
	return store.ReferralCursor{Others: flag == "x", Time: c.Time, ID: id}
}

// List answers GET /staff/referrals (housing officer): the organisation's
// referrals, the officer's own first, with their progress steps only.
func (h *Handler) List(c echo.Context) error {
	ctx := c.Request().Context()
	me := auth.Me(c)
	name := strings.TrimSpace(c.QueryParam("name"))
	if len(name) > 100 {
		name = name[:100]
	}
	step := portal.ReferralStep(c.QueryParam("step"))
	if !step.Valid() {
		step = ""
	}
	rows, err := h.store.ListReferrals(ctx, me, store.ReferralFilter{Name: name, Step: step, After: afterOf(c.QueryParam("after")), Limit: page.ListSize + 1})
	if err != nil {
		return err
	}
	on, err := h.store.ReferralDigestOn(ctx, me)
	if err != nil {
		return err
	}
	p := &listPage{Page: page.Page{Title: "Referrals", Back: "/staff"}, Name: name, Step: string(step), Steps: portal.ReferralSteps(), DigestOn: on}
	if len(rows) > page.ListSize {
		rows = rows[:page.ListSize]
		p.Next = cursorOf(rows[len(rows)-1])
	}
	p.Referrals = rows
	return h.views.Render(c, http.StatusOK, tmplList, p)
}

// ResendPost answers POST /staff/referrals/:id/resend (housing officer):
// the link once more to a tenant who has not started.
func (h *Handler) ResendPost(c echo.Context) error {
	err := h.store.ResendReferral(c.Request().Context(), auth.Me(c), c.Param("id"), h.messages)
	msg := "Link sent again"
	switch {
	case errors.Is(err, portal.ErrConflict):
		msg = "The link has already been sent again, or the tenant has started"
	case err != nil:
		return err
	}
	if err := h.auth.Flash(c, msg); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/staff/referrals")
}

// DigestPost answers POST /staff/referrals/digest (housing officer): turn
// the officer's own weekly email on or off.
func (h *Handler) DigestPost(c echo.Context) error {
	on := c.FormValue("digest") == "on"
	if err := h.store.SetReferralDigest(c.Request().Context(), auth.Me(c), on); err != nil {
		return err
	}
	msg := "You will not get the weekly email"
	if on {
		msg = "You will get the weekly email"
	}
	if err := h.auth.Flash(c, msg); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/staff/referrals")
}
