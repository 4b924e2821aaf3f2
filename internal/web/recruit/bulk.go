package recruit

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/web/auth"
	"anchorpathways/internal/web/page"
)

// Bulk actions on a selection from the pool: a confirmation page that says
// what will happen to how many, then one move per application; those that
// cannot move are listed with why, and nothing else is affected.

const (
	tmplBulk     = "recruit/bulk"
	tmplBulkDone = "recruit/bulk-done"
	maxBulk      = 200
	// actOfferPlaces is the bulk offer of places: not one of the simple
	// moves (it names a cohort and sends a link), so store.OfferPlaces.
	actOfferPlaces store.RecruitAction = "offer_places"
)

// bulkWords says what each bulk action does, for the confirmation.
var bulkWords = map[store.RecruitAction][2]string{
	store.ActShortlist:   {"put on the shortlist", "Each applicant is told by text or email."},
	store.ActNotProgress: {"not progressed", "Each applicant is told the reason you choose and a next step they can take."},
	actOfferPlaces: {"offered a place on the course date you choose",
		"Each applicant is sent a link by text or email to accept or decline. An offer does not hold a place: places go to those who accept first, and anyone who accepts once the course is full goes on its waiting list."},
	store.ActStartCourse:    {"marked as started the course", ""},
	store.ActCompleteCourse: {"marked as completed the course", "That gives each a guaranteed interview. Each applicant is told."},
}

type bulkPage struct {
	page.Page
	PoolURL, ActionURL string
	Action             string
	Keys               []string
	Count              int
	Words, Detail      string
	NeedsReason        bool
	Reasons            []portal.Option
	Reason             string
	NeedsCohort        bool
	Cohorts            []portal.Option
	Cohort             string
}

type bulkFailure struct{ Who, Why string }

type bulkDonePage struct {
	page.Page
	PoolURL  string
	Moved    int
	Failures []bulkFailure
}

// parseBulk reads the selection ("id.version" values) and the action;
// problems go in verr.
func parseBulk(keys []string, action string, verr *portal.ValidationError) ([]store.Target, store.RecruitAction) {
	act := store.RecruitAction(action)
	if _, ok := bulkWords[act]; !ok {
		verr.Add("action", "Select what to do with the applicants")
	}
	var targets []store.Target
	seen := map[string]bool{}
	for _, k := range keys {
		id, v, ok := strings.Cut(k, ".")
		version, err := strconv.Atoi(v)
		if !ok || err != nil || id == "" || len(id) > 64 || seen[id] {
			continue
		}
		seen[id] = true
		targets = append(targets, store.Target{ID: id, Version: version})
	}
	switch {
	case len(targets) == 0:
		verr.Add("app", "Select at least one applicant")
	case len(targets) > maxBulk:
		verr.Add("app", "Select 200 applicants or fewer at a time")
	}
	return targets, act
}

// bulkChoice is what the confirmation asks for beyond the selection: the
// reason (not progressed) or the cohort (offer places).
type bulkChoice struct{ Reason, Cohort string }

func (h *Handler) bulkPage(c echo.Context, keys []string, act store.RecruitAction, ch bulkChoice, verr *portal.ValidationError) (*bulkPage, error) {
	url := poolURL(c.Param("id"))
	p := &bulkPage{Page: page.Page{Title: "Check before you continue", Back: url, Errors: verr}, PoolURL: url,
		ActionURL: url + "/bulk", Action: string(act), Keys: keys, Count: len(keys), Words: bulkWords[act][0], Detail: bulkWords[act][1],
		NeedsReason: act.NeedsReason(), Reasons: reasonOptions(), Reason: ch.Reason, NeedsCohort: act == actOfferPlaces}
	if p.NeedsCohort {
		cohorts, err := h.store.PoolOfferableCohorts(c.Request().Context(), auth.Me(c), c.Param("id"))
		if err != nil {
			return nil, err
		}
		for _, co := range cohorts {
			p.Cohorts = append(p.Cohorts, portal.Option{Value: co.ID, Label: cohortLabel(co)})
		}
		p.Cohort = keep(p.Cohorts, ch.Cohort)
		if len(p.Cohorts) == 1 {
			p.Cohort = p.Cohorts[0].Value
		}
	}
	return p, nil
}

func (h *Handler) renderBulk(c echo.Context, status int, keys []string, act store.RecruitAction, ch bulkChoice, verr *portal.ValidationError) error {
	p, err := h.bulkPage(c, keys, act, ch, verr)
	if err != nil {
		return err
	}
	return h.views.Render(c, status, tmplBulk, p)
}

// Bulk answers GET /staff/pathways/:id/pool/bulk: the confirmation.
func (h *Handler) Bulk(c echo.Context) error {
	verr := &portal.ValidationError{}
	targets, act := parseBulk(c.QueryParams()["app"], c.QueryParam("action"), verr)
	if _, err := h.store.PoolFor(c.Request().Context(), auth.Me(c), c.Param("id"), store.PoolFilter{Limit: 1}); err != nil {
		return err // the pathway must be the caller's to work on
	}
	keys := keysOf(targets)
	if !verr.Empty() {
		return h.renderBulk(c, http.StatusUnprocessableEntity, keys, act, bulkChoice{}, verr)
	}
	ch := bulkChoice{Reason: keep(reasonOptions(), c.QueryParam("reason")), Cohort: c.QueryParam("cohort")}
	return h.renderBulk(c, http.StatusOK, keys, act, ch, nil)
}

func keysOf(ts []store.Target) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.ID + "." + strconv.Itoa(t.Version)
	}
	return out
}

type bulkForm struct {
	App    []string `form:"app"`
	Action string   `form:"action"`
	Reason string   `form:"reason"`
	Cohort string   `form:"cohort"`
}

// BulkPost answers POST /staff/pathways/:id/pool/bulk: the moves.
func (h *Handler) BulkPost(c echo.Context) error {
	var f bulkForm
	if err := page.Bind(c, &f); err != nil {
		return err
	}
	verr := &portal.ValidationError{}
	targets, act := parseBulk(f.App, f.Action, verr)
	reason := f.Reason
	if _, ok := portal.ReasonFor(reason); act.NeedsReason() && !ok {
		verr.Add("reason", "Select why the applications are not going forward")
	}
	if act == actOfferPlaces && (f.Cohort == "" || len(f.Cohort) > 64) {
		verr.Add("cohort", "Select the course date to offer places on")
	}
	ctx := c.Request().Context()
	me := auth.Me(c)
	if _, err := h.store.PoolFor(ctx, me, c.Param("id"), store.PoolFilter{Limit: 1}); err != nil {
		return err
	}
	if !verr.Empty() {
		return h.renderBulk(c, http.StatusUnprocessableEntity, keysOf(targets), act, bulkChoice{Reason: reason, Cohort: f.Cohort}, verr)
	}
	var outcomes []store.MoveOutcome
	var err error
	if act == actOfferPlaces {
		outcomes, err = h.store.OfferPlaces(ctx, me, targets, f.Cohort, h.messages)
	} else {
		outcomes, err = h.store.BulkRecruitMove(ctx, me, targets, act, reason, h.messages)
	}
	if err != nil {
		return err
	}
	p := &bulkDonePage{Page: page.Page{Title: "What happened", Back: poolURL(c.Param("id"))}, PoolURL: poolURL(c.Param("id"))}
	for _, o := range outcomes {
		if o.Err == nil {
			p.Moved++
			continue
		}
		who := "An application no longer in this pool"
		if o.Reference != "" {
			who = store.Pseudonym(o.Reference)
		}
		p.Failures = append(p.Failures, bulkFailure{Who: who, Why: whyNot(o.Err)})
	}
	return h.views.Render(c, http.StatusOK, tmplBulkDone, p)
}

func whyNot(err error) string {
	switch {
	case errors.Is(err, store.ErrCohortFull):
		return "The course date is full: no place left to offer. Nothing was changed."
	case errors.Is(err, store.ErrCohortUnavailable):
		return "The course date can no longer be offered (it has started, or is not this pathway's). Nothing was changed."
	case errors.Is(err, portal.ErrConflict):
		return "Its stage does not allow this, or someone changed it while you were choosing. Nothing was changed."
	case errors.Is(err, portal.ErrForbidden):
		return "Your role cannot make this move. Nothing was changed."
	}
	return "It is not one of this pathway's applications you can act on. Nothing was changed."
}
