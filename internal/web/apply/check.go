package apply

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/web/auth"
	"anchorpathways/internal/web/page"
)

// Template names, beside the handlers that use them.
const (
	tmplCheck        = "apply/check"
	tmplConfirmation = "apply/confirmation"
	tmplClosed       = "apply/closed"
)

// ---- check your answers and submit ----------------------------------------------

type checkPage struct {
	page.Page
	App          store.Application
	Pathway      store.PathwayPage
	Cohort       *store.Cohort
	Coordinators []store.Organisation
	Missing      string
	// AskShare is true when the resident rents from a partner housing
	// provider and has not yet said whether it may see how the application
	// is going (a referral's link page and an assisted application ask it
	// before); Shares is the answer when it is already given.
	AskShare bool
	Shares   bool
	Share    string // the answer posted, kept on a 422
}

// YesNo is the answer list of the sharing question.
func (p *checkPage) YesNo() []portal.Option { return translated(p.Page, yesNoOptions) }

// asksShare reports whether the check page asks the draft's resident
// whether their housing provider may follow the application.
func asksShare(app store.Application, assisted bool) bool {
	return app.TenantOrgID != nil && app.ReferralID == nil && !assisted
}

// errShareUnanswered is shareAnswered's refusal.
var errShareUnanswered = errors.New("the resident has not said whether their housing provider may see progress")

// shareAnswered is the condition that a resident who is asked about sharing
// their progress answered.
func shareAnswered(answer string, assisted bool) store.SubmitCheck {
	return func(app store.Application) error {
		if answer == "" && asksShare(app, assisted) {
			return errShareUnanswered
		}
		return nil
	}
}

func (h *Handler) checkData(c echo.Context, app store.Application) (*checkPage, error) {
	ctx := c.Request().Context()
	p, err := h.store.PathwayByID(ctx, app.PathwayID)
	if err != nil {
		return nil, err
	}
	// The coordinators' contact details answer the privacy notice's promise
	// of a copy or erasure, until residents can do that themselves.
	coords, err := h.store.ListOrganisations(ctx, store.OrganisationFilter{Kind: store.KindCoordinator, Limit: 10})
	if err != nil {
		return nil, err
	}
	pg := &checkPage{Page: page.Page{Title: "Check your answers before sending your application", Back: auth.ApplyURL(p.Slug, "course-date")},
		App: app, Pathway: p, Coordinators: coords}
	if app.CohortID != nil {
		if cohort, ok := p.CohortByID(*app.CohortID); ok {
			pg.Cohort = &cohort
		}
	}
	pg.Missing = auth.MissingStep(app)
	as := auth.CurrentSession(c).Data.Assist
	pg.AskShare, pg.Shares = asksShare(app, as != nil), app.ShareProgress
	if as != nil {
		pg.Shares = as.ShareProgress
	}
	return pg, nil
}

// Check answers GET /pathways/:slug/apply/check (resident).
func (h *Handler) Check(c echo.Context) error {
	app := c.Get(ctxDraft).(store.Application)
	pg, err := h.checkData(c, app)
	if err != nil {
		return err
	}
	if pg.Missing != "" {
		return c.Redirect(http.StatusSeeOther, auth.ApplyURL(pg.Pathway.Slug, pg.Missing))
	}
	return h.views.Render(c, http.StatusOK, tmplCheck, pg)
}

// CheckPost answers POST /pathways/:slug/apply/check (resident, with the
// eligibility answers of this journey). Sends the application. A double tap
// sends it once: the second request finds it sent and shows the same
// confirmation. It reads the draft only inside SubmitApplication, which runs
// readyToSend on the row it reads anyway (one round trip fewer than a
// guard's own read): an unfinished draft goes back to its first missing
// step; a pathway closed meanwhile gets a page that says so.
func (h *Handler) CheckPost(c echo.Context) error {
	sess := auth.CurrentSession(c)
	slug, id := sess.Data.Apply.Slug, sess.Data.Apply.ApplicationID
	if id == "" {
		return c.Redirect(http.StatusSeeOther, auth.ApplyURL(slug, "about-you"))
	}
	// Sending needs the live code sign-in that holds the draft, like every
	// draft step (NeedDraft); it is checked on the row the store reads anyway.
	contact := sess.Contact(h.store.Now())
	if contact == "" {
		return h.forgetJourney(c, sess)
	}
	// The confirmation goes in the page's language (the resident's record
	// took it when they proved their contact: see Contact.Language).
	// The resident's answer on sharing their progress, when they were asked
	// it (shareAnswered checks that on the draft as it is sent).
	assisted := sess.Data.Assist != nil
	share := strings.TrimSpace(c.FormValue("share_progress"))
	if share != "yes" && share != "no" || assisted {
		share = ""
	}
	msgs := h.messages.In(page.LocaleOf(c).Code)
	checks := []store.SubmitCheck{heldBy(contact), readyToSend, shareAnswered(share, assisted)}
	var sub store.Submission
	var err error
	if share != "" {
		sub, err = h.store.SubmitApplicationSharing(c.Request().Context(), id, msgs, share == "yes", checks...)
	} else {
		sub, err = h.store.SubmitApplication(c.Request().Context(), id, msgs, checks...)
	}
	var notReady *store.NotReadyError
	var missing missingStep
	switch {
	case errors.As(err, &notReady) && errors.Is(err, errNotHeld):
		return h.forgetJourney(c, sess)
	case errors.As(err, &notReady) && errors.As(err, &missing):
		return c.Redirect(http.StatusSeeOther, auth.ApplyURL(slug, string(missing)))
	case errors.As(err, &notReady) && errors.Is(err, errShareUnanswered):
		pg, err := h.checkData(c, notReady.Application)
		if err != nil {
			return err
		}
		pg.Errors = &portal.ValidationError{}
		pg.Errors.Add("share_progress", "Select yes if your housing provider may see how your application is going")
		return h.views.Render(c, http.StatusUnprocessableEntity, tmplCheck, pg)
	case errors.Is(err, store.ErrPathwayClosed):
		return h.views.Render(c, http.StatusConflict, tmplClosed, &closedPage{
			Page: page.Page{Title: "This course has closed for applications", Back: auth.ApplyURL(slug, "check")}, Sub: sub, slug: slug})
	case err != nil:
		return err
	}
	if as := sess.Data.Assist; as != nil {
		// A housing officer filled it in with the tenant (web/referrals):
		// record who, and leave the officer's browser signed in as nobody.
		if err := h.store.RecordAssisted(c.Request().Context(), sub.ID,
			store.Assisted{OfficerID: as.OfficerID, Consent: as.Consent, ShareProgress: as.ShareProgress}); err != nil {
			return err
		}
		sess.Data.Assist, sess.Data.SignedInUntil = nil, time.Time{}
	}
	sess.Data.Confirmed, sess.Data.Apply = sub.ID, nil
	if err := h.auth.Save(c, sess); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, auth.ApplyURL(slug, "confirmation"))
}

// missingStep is readyToSend's refusal: the first step still to answer.
type missingStep string

func (m missingStep) Error() string { return "step " + string(m) + " not answered" }

// readyToSend is the condition a draft must meet to be sent: every step
// answered. It is a store.SubmitCheck, run on the draft SubmitApplication
// reads; further conditions on the same row belong beside it.
func readyToSend(app store.Application) error {
	if step := auth.MissingStep(app); step != "" {
		return missingStep(step)
	}
	return nil
}

// errNotHeld is heldBy's refusal.
var errNotHeld = errors.New("the draft does not name the contact this browser proved")

// heldBy is the condition that the draft names the contact the session
// proved with a code (the one its resident was matched by).
func heldBy(contact string) store.SubmitCheck {
	return func(app store.Application) error {
		if deref(app.ContactMobile) != contact && deref(app.ContactEmail) != contact {
			return errNotHeld
		}
		return nil
	}
}

// closedPage tells a resident their course stopped taking applications
// before they sent theirs; the draft is kept.
type closedPage struct {
	page.Page
	Sub  store.Submission
	slug string
}

// Slug is the pathway of the journey the resident is on.
func (p *closedPage) Slug() string { return p.slug }

type confirmationPage struct {
	page.Page
	Sub store.Submission
}

// Confirmation answers GET /pathways/:slug/apply/confirmation (resident).
func (h *Handler) Confirmation(c echo.Context) error {
	sess := auth.CurrentSession(c)
	if sess == nil || sess.Data.Confirmed == "" {
		return c.Redirect(http.StatusSeeOther, "/status")
	}
	sub, err := h.store.SubmissionByID(c.Request().Context(), sess.Data.Confirmed)
	if err != nil {
		return err
	}
	// The page says what is true now: an application withdrawn since, or
	// already moving, is not announced as just sent.
	title := "Application sent"
	if sub.Status != portal.StatusSubmitted {
		title = "Your application"
	}
	return h.views.Render(c, http.StatusOK, tmplConfirmation, &confirmationPage{Page: page.Page{Title: title}, Sub: sub})
}
