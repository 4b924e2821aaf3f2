package recruit

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/web/auth"
	"anchorpathways/internal/web/page"
)

// The pool: a pathway's sent applications, best fit first, name-blind for
// recruiters until a place is offered. Filters are a GET form; the table is
// the bulk form's selection (checkboxes, no script needed).

const tmplPool = "recruit/pool"

func poolURL(pathwayID string) string { return "/staff/pathways/" + pathwayID + "/pool" }

// referralSources are the values of applications.referral_source.
var referralSources = []portal.Option{
	{Value: "self", Label: "Applied themselves"},
	{Value: "housing_officer", Label: "Housing officer"},
	{Value: "other_organisation", Label: "Another organisation"},
}

// poolFilters is the filter form, as given; bad values are dropped.
type poolFilters struct {
	Status, Cohort, Neighbourhood, Situation, Sector, Hours, Referral string
}

// encode is the filters as a query string, for paging links.
func (f poolFilters) encode() string {
	v := url.Values{}
	for k, s := range map[string]string{"status": f.Status, "cohort": f.Cohort, "neighbourhood": f.Neighbourhood,
		"situation": f.Situation, "sector": f.Sector, "hours": f.Hours, "referral": f.Referral} {
		if s != "" {
			v.Set(k, s)
		}
	}
	return v.Encode()
}

type poolRowView struct {
	store.PoolRow
	Key            string // id.version, the bulk selection's value
	Who            string // name or pseudonym
	StatusLabel    string
	StatusTag      string
	SituationLabel string
	HoursLabel     string
	SectorLabels   string
	Referral       string
}

type countView struct {
	Label, Status string
	Count         int
}

type poolPage struct {
	page.Page
	Pathway       store.PoolPathway
	PoolURL       string
	Filters       poolFilters
	Counts        []countView
	Rows          []poolRowView
	NextURL       string
	Statuses      []portal.Option
	CohortOptions []portal.Option
	Situations    []portal.Option
	Sectors       []portal.Option
	Hours         []portal.Option
	Referrals     []portal.Option
	Actions       []portal.Option
	Reasons       []portal.Option
	IsCoordinator bool
	FilterQuery   string
}

func encodePoolCursor(c store.PoolCursor) string {
	if c.ID == "" {
		return ""
	}
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.Itoa(c.Score) + "|" + c.ID))
}

func decodePoolCursor(s string) store.PoolCursor {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return store.PoolCursor{}
	}
	n, id, ok := strings.Cut(string(b), "|")
	score, err := strconv.Atoi(n)
	if !ok || err != nil || id == "" || len(id) > 64 {
		return store.PoolCursor{}
	}
	return store.PoolCursor{Score: score, ID: id}
}

func statusOptions() []portal.Option {
	var out []portal.Option
	for _, s := range portal.AllStatuses()[1:] {
		out = append(out, portal.Option{Value: string(s), Label: s.Label()})
	}
	return out
}

func reasonOptions() []portal.Option {
	var out []portal.Option
	for _, r := range portal.Reasons() {
		out = append(out, portal.Option{Value: r.Kind, Label: r.Text})
	}
	return out
}

// actionOptions are the bulk actions, in lifecycle order.
var actionOptions = []portal.Option{
	{Value: string(store.ActShortlist), Label: "Shortlist"},
	{Value: string(store.ActNotProgress), Label: "Do not progress, with a reason"},
	{Value: string(actOfferPlaces), Label: "Offer places on a course date"},
	{Value: string(store.ActStartCourse), Label: "Mark as started the course"},
	{Value: string(store.ActCompleteCourse), Label: "Mark as completed the course"},
}

func keep(options []portal.Option, v string) string {
	if portal.Valid(options, v) {
		return v
	}
	return ""
}

// Pool answers GET /staff/pathways/:id/pool (the employer's recruiters,
// coordinator).
func (h *Handler) Pool(c echo.Context) error {
	ctx := c.Request().Context()
	me := auth.Me(c)
	q := c.QueryParams()
	f := poolFilters{Status: keep(statusOptions(), q.Get("status")), Situation: keep(portal.Situations, q.Get("situation")),
		Sector: keep(portal.Sectors, q.Get("sector")), Hours: keep(portal.HoursOptions, q.Get("hours")),
		Referral: keep(referralSources, q.Get("referral")), Cohort: q.Get("cohort"), Neighbourhood: q.Get("neighbourhood")}
	if len(f.Cohort) > 64 {
		f.Cohort = ""
	}
	if len(f.Neighbourhood) > 64 {
		f.Neighbourhood = ""
	}
	pool, err := h.store.PoolFor(ctx, me, c.Param("id"), store.PoolFilter{Status: portal.Status(f.Status), CohortID: f.Cohort,
		Neighbourhood: f.Neighbourhood, Situation: f.Situation, Sector: f.Sector, Hours: f.Hours, ReferralSource: f.Referral,
		After: decodePoolCursor(q.Get("after")), Limit: page.ListSize})
	if err != nil {
		return err
	}
	p := &poolPage{Page: page.Page{Title: "Applicants for " + pool.Pathway.Name, Back: "/staff"}, Pathway: pool.Pathway,
		PoolURL: poolURL(pool.Pathway.ID), Filters: f, Statuses: statusOptions(), Situations: portal.Situations,
		Sectors: portal.Sectors, Hours: portal.HoursOptions, Referrals: referralSources, Actions: actionOptions,
		Reasons: reasonOptions(), IsCoordinator: me.Role == portal.RoleCoordinator, FilterQuery: f.encode()}
	for _, co := range pool.Pathway.Cohorts {
		p.CohortOptions = append(p.CohortOptions, portal.Option{Value: co.ID, Label: cohortLabel(co)})
	}
	for _, n := range pool.Counts {
		p.Counts = append(p.Counts, countView{Label: n.Status.Label(), Status: string(n.Status), Count: n.Count})
	}
	var named []string
	for _, r := range pool.Rows {
		p.Rows = append(p.Rows, rowView(r))
		if r.Name != "" {
			named = append(named, r.ID)
		}
	}
	// A page that shows names is a view of personal data: audited, as the
	// dashboard's are; a failed audit fails the page.
	if len(named) > 0 {
		if err := h.store.Audit(ctx, auth.Actor(c), store.AuditViewed, "applications", pool.Pathway.ID, nil,
			map[string]any{"shown": len(pool.Rows), "names_shown": len(named), "application_ids": named}); err != nil {
			return err
		}
	}
	if next := encodePoolCursor(pool.Next); next != "" {
		v, _ := url.ParseQuery(f.encode())
		v.Set("after", next)
		p.NextURL = p.PoolURL + "?" + v.Encode()
	}
	return h.views.Render(c, http.StatusOK, tmplPool, p)
}

func cohortLabel(co store.PoolCohort) string {
	return "Starts " + co.StartsOn.Format("2 January 2006") + ", " + co.VenueName +
		" (" + strconv.Itoa(co.Taken) + " of " + strconv.Itoa(co.Capacity) + " places taken)"
}

func rowView(r store.PoolRow) poolRowView {
	v := poolRowView{PoolRow: r, Key: r.ID + "." + strconv.Itoa(r.Version), Who: r.Pseudonym,
		StatusLabel: r.Status.Label(), StatusTag: r.Status.TagColour(),
		SituationLabel: portal.LabelFor(portal.Situations, r.Situation), HoursLabel: portal.LabelFor(portal.HoursOptions, r.Hours),
		Referral: portal.LabelFor(referralSources, r.ReferralSource)}
	if r.Name != "" {
		v.Who = r.Name
	}
	var s []string
	for _, x := range r.Sectors {
		s = append(s, portal.LabelFor(portal.Sectors, x))
	}
	v.SectorLabels = strings.Join(s, ", ")
	return v
}
