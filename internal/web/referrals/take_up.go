package referrals

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/web/auth"
	"anchorpathways/internal/web/page"
)

// Template names, beside the handlers that use them.
const (
	tmplTakeUp      = "referrals/take-up"
	tmplLinkProblem = "referrals/link-problem"
)

type takeUpForm struct {
	Pathway       string `form:"pathway" validate:"max=64"`
	Over18        string `form:"over18" validate:"required,oneof=yes no" msg:"*=Select yes if you are 18 or over"`
	RightToWork   string `form:"right_to_work" validate:"required,oneof=yes no" msg:"*=Select yes if you have the right to work in the UK"`
	ShareProgress string `form:"share_progress" validate:"required,oneof=yes no" msg:"*=Select yes if your housing provider may see how your application is going"`
}

type takeUpPage struct {
	page.Page
	Invite      store.ReferralInvite
	SentTo      string
	PathwayName string
	Pathways    []portal.Option // to choose from, when the officer left it to the tenant
	Form        takeUpForm
	Token       string
}

// YesNo is the answer list of the yes/no questions, in the page's language.
func (p *takeUpPage) YesNo() []portal.Option {
	return []portal.Option{{Value: "yes", Label: p.T("yes")}, {Value: "no", Label: p.T("no")}}
}

func (h *Handler) takeUpPage(c echo.Context, inv store.ReferralInvite, f takeUpForm, verr *portal.ValidationError) (*takeUpPage, error) {
	pg := &takeUpPage{Page: page.Page{Title: "Your application", Errors: verr}, Invite: inv, SentTo: auth.Mask(inv.Contact.Proved()), Form: f, Token: c.Param("token")}
	if inv.PathwayID != "" {
		p, err := h.store.PathwayByID(c.Request().Context(), inv.PathwayID)
		if err != nil {
			return nil, err
		}
		pg.PathwayName = p.Name
		return pg, nil
	}
	cards, err := h.store.ListOpenPathways(c.Request().Context())
	if err != nil {
		return nil, err
	}
	for _, p := range cards {
		pg.Pathways = append(pg.Pathways, portal.Option{Value: p.ID, Label: p.Name})
	}
	return pg, nil
}

// linkProblem answers a referral link that does not work with its own kind
// page; none says whose link it was.
func (h *Handler) linkProblem(c echo.Context, err error) error {
	pg := &linkProblemPage{Page: page.Page{Title: "This link does not work"}, Kind: "unknown"}
	status := http.StatusNotFound
	switch {
	case errors.Is(err, store.ErrLinkUsed):
		pg.Title, pg.Kind, status = "This link has already been used", "used", http.StatusConflict
	case errors.Is(err, store.ErrLinkExpired):
		pg.Title, pg.Kind, status = "This link has expired", "expired", http.StatusConflict
	case !errors.Is(err, store.ErrLinkUnknown):
		return err
	}
	return h.views.Render(c, status, tmplLinkProblem, pg)
}

// linkProblemPage says which way a link failed: "unknown", "used" or
// "expired".
type linkProblemPage struct {
	page.Page
	Kind string
}

// TakeUp answers GET /referral/:token (resident, no account): the details
// the housing officer gave, to confirm, and the few questions only the
// tenant can answer. Reading the page does not use the link (a phone's
// link preview would).
func (h *Handler) TakeUp(c echo.Context) error {
	inv, err := h.store.ReferralInviteByToken(c.Request().Context(), c.Param("token"))
	if err != nil {
		return h.linkProblem(c, err)
	}
	// The form's session (and its CSRF token) starts here, as the apply
	// journey's does on its first page.
	if _, err := h.auth.Session(c); err != nil {
		return err
	}
	pg, err := h.takeUpPage(c, inv, takeUpForm{Pathway: inv.PathwayID}, nil)
	if err != nil {
		return err
	}
	return h.views.Render(c, http.StatusOK, tmplTakeUp, pg)
}

// TakeUpPost answers POST /referral/:token (resident). It uses the link,
// once: the link went to the contact the officer chose, so its holder has
// proved that contact, as a one-time code would. This browser is signed in
// for it and put into the apply journey on the draft made from the
// referral, at the first step the officer could not answer.
func (h *Handler) TakeUpPost(c echo.Context) error {
	ctx := c.Request().Context()
	token := c.Param("token")
	inv, err := h.store.ReferralInviteByToken(ctx, token)
	if err != nil {
		return h.linkProblem(c, err)
	}
	var f takeUpForm
	if err := page.Bind(c, &f); err != nil {
		return err
	}
	page.TrimAll(&f)
	if inv.PathwayID != "" {
		f.Pathway = inv.PathwayID
	}
	verr := page.Check(&f)
	var p store.PathwayPage
	if f.Pathway == "" {
		verr.Add("pathway", "Select the course you would like to apply for")
	} else if p, err = h.store.PathwayByID(ctx, f.Pathway); errors.Is(err, portal.ErrNotFound) || (err == nil && !p.IsOpen) {
		verr.Add("pathway", "Select a course that is open for applications")
	} else if err != nil {
		return err
	}
	if !verr.Empty() {
		verr.Errors = page.Ordered(verr.Errors, "pathway", "over18", "right_to_work", "share_progress")
		pg, err := h.takeUpPage(c, inv, f, verr)
		if err != nil {
			return err
		}
		return h.views.Render(c, http.StatusUnprocessableEntity, tmplTakeUp, pg)
	}
	sess, err := h.auth.Session(c)
	if err != nil {
		return err
	}
	e := store.Eligibility{Postcode: inv.Postcode, Tenant: inv.OrganisationID, Over18: f.Over18 == "yes", RightToWork: f.RightToWork == "yes"}
	if reasons := p.Check(e); len(reasons) > 0 {
		// The link stays unused: the tenant may have answered by mistake.
		sess.Data.Refused = reasons
		if err := h.auth.Save(c, sess); err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, auth.ApplyURL(p.Slug, "not-eligible"))
	}
	app, proved, err := h.store.TakeUpReferral(ctx, token, store.TakingUp{PathwayID: p.ID, Over18: e.Over18, RightToWork: e.RightToWork,
		ShareProgress: f.ShareProgress == "yes"})
	switch {
	case errors.Is(err, store.ErrAlreadyApplied):
		sess.Data.Existing = app.ID
		if err := h.auth.Save(c, sess); err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, auth.ApplyURL(p.Slug, "already-applied"))
	case err != nil:
		return h.linkProblem(c, err)
	}
	if err := h.auth.SignIn(c, sess, proved); err != nil {
		return err
	}
	sess.Data.Apply = &auth.ApplyState{Slug: p.Slug, Eligibility: e, ApplicationID: app.ID}
	if err := h.auth.Save(c, sess); err != nil {
		return err
	}
	step := auth.MissingStep(app)
	if step == "" {
		step = "check"
	}
	return c.Redirect(http.StatusSeeOther, auth.ApplyURL(p.Slug, step))
}
