package referrals

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/portal"
	"anchorpathways/internal/web/auth"
	"anchorpathways/internal/web/page"
)

// Template names, beside the handlers that use them.
const tmplAssist = "referrals/assist"

// declarations are what the tenant agrees to before an officer fills their
// application in with them: the same promises the resident's own pages
// make, said to the tenant by the officer.
func declarations() []portal.Option {
	return []portal.Option{
		{Value: "who_sees", Label: "I have told the tenant who will see their application: the employer, the network and us, their housing provider"},
		{Value: "keeping", Label: "The tenant agrees to their information being kept and used as the privacy notice says"},
		{Value: "correct", Label: "The tenant confirms that, to the best of their knowledge, the answers we give are correct"},
	}
}

type assistForm struct {
	Pathway string   `form:"pathway" validate:"required,max=64" msg:"*=Select the course the tenant would like to apply for"`
	Consent []string `form:"consent" validate:"max=3"`
	Share   string   `form:"share_progress" validate:"required,oneof=yes no" msg:"*=Select yes if the tenant lets you see how their application is going"`
}

type assistPage struct {
	page.Page
	Form         assistForm
	Pathways     []portal.Option
	Declarations []portal.Option
	YesNo        []portal.Option
}

func (h *Handler) assistPage(c echo.Context, f assistForm, verr *portal.ValidationError) (*assistPage, error) {
	cards, err := h.store.ListOpenPathways(c.Request().Context())
	if err != nil {
		return nil, err
	}
	pg := &assistPage{Page: page.Page{Title: "Help a tenant apply", Back: "/staff/referrals", Errors: verr}, Form: f, Declarations: declarations(),
		YesNo: []portal.Option{{Value: "yes", Label: "Yes"}, {Value: "no", Label: "No"}}}
	for _, p := range cards {
		pg.Pathways = append(pg.Pathways, portal.Option{Value: p.ID, Label: p.Name})
	}
	return pg, nil
}

// Assist answers GET /staff/referrals/assist (housing officer): before an
// assisted application, the tenant agrees to each declaration.
func (h *Handler) Assist(c echo.Context) error {
	pg, err := h.assistPage(c, assistForm{}, nil)
	if err != nil {
		return err
	}
	return h.views.Render(c, http.StatusOK, tmplAssist, pg)
}

// AssistPost answers POST /staff/referrals/assist (housing officer). It
// starts a fresh apply journey in this browser marked as assisted, and
// sends the officer to its first step: the same pages the tenant would
// use, where the tenant proves their own mobile or email with the code we
// send to it. Sending it records the officer and the declarations.
func (h *Handler) AssistPost(c echo.Context) error {
	var f assistForm
	if err := page.Bind(c, &f); err != nil {
		return err
	}
	verr := page.Check(&f)
	if !portal.ValidAll(declarations(), f.Consent) || len(f.Consent) != len(declarations()) {
		verr.Add("consent", "The tenant must agree to each of these before you help them apply")
	}
	p, err := h.store.PathwayByID(c.Request().Context(), f.Pathway)
	switch {
	case verr.Has("pathway"):
	case errors.Is(err, portal.ErrNotFound) || (err == nil && !p.IsOpen):
		verr.Add("pathway", "Select a course that is open for applications")
	case err != nil:
		return err
	}
	if !verr.Empty() {
		verr.Errors = page.Ordered(verr.Errors, "pathway", "consent", "share_progress")
		pg, err := h.assistPage(c, f, verr)
		if err != nil {
			return err
		}
		return h.views.Render(c, http.StatusUnprocessableEntity, tmplAssist, pg)
	}
	// A new browser session: no earlier journey or sign-in in this browser
	// carries over into the tenant's application.
	sess, err := h.auth.Session(c)
	if err != nil {
		return err
	}
	sess.Data = auth.SessionData{Assist: &auth.AssistState{OfficerID: auth.Me(c).ID, Consent: f.Consent, ShareProgress: f.Share == "yes"}}
	if err := h.auth.Save(c, sess); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, auth.ApplyURL(p.Slug, ""))
}
