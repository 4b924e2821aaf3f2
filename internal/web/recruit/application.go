package recruit

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/web/auth"
	"anchorpathways/internal/web/page"
)

// One application: answers, routing reasons, history, notes and the moves
// its status allows this role. The simple moves post here; the others are
// links to the pages that make them (offers, interviews, jobs).

const tmplApplication = "recruit/application"

func applicationPageURL(id string) string { return "/staff/applications/" + id }

// linkedMoves are the moves made on their own pages, by the status they
// lead to: the list of links is built from it and portal.NextStatuses. The
// interview itself is booked by the resident from a texted link (part C),
// so it has no page here.
var linkedMoves = map[portal.Status]struct{ Path, Label string }{
	portal.StatusPlaceOffered: {"/offer", "Offer a place"},
	portal.StatusJobOffered:   {"/interview-outcome", "Record the interview outcome"},
	portal.StatusJobStarted:   {"/job-started", "Record the job start"},
	portal.StatusInWork13:     {"/in-work", "Record still in work at 13 weeks"},
	portal.StatusInWork26:     {"/in-work", "Record still in work at 26 weeks"},
}

// yearsOptions are the answers to "how long have you worked" (as apply asks).
var yearsOptions = []portal.Option{{Value: "under_1", Label: "Less than 1 year"}, {Value: "1_to_5", Label: "1 to 5 years"}, {Value: "over_5", Label: "More than 5 years"}}

// moveButton is one simple move the page offers as a button.
type moveButton struct{ Action, Label string }

type actionLink struct{ URL, Label string }

type historyView struct {
	store.HistoryEntry
	FromLabel, ToLabel, Why string
}

type applicationPage struct {
	page.Page
	App          store.RecruitApplication
	Who          string
	PoolURL      string
	StatusLabel  string
	StatusTag    string
	Answers      []portal.Option // label, answer
	SupportList  string
	StopReason   string
	History      []historyView
	Buttons      []moveButton
	StopAction   string // the not-progressed action, "" when not allowed
	Reasons      []portal.Option
	Links        []actionLink
	Reason, Note string
}

// Application answers GET /staff/applications/:id (the employer's
// recruiters, coordinator).
func (h *Handler) Application(c echo.Context) error {
	return h.renderApplication(c, http.StatusOK, nil, "", "")
}

func (h *Handler) renderApplication(c echo.Context, status int, verr *portal.ValidationError, reason, note string) error {
	me := auth.Me(c)
	app, err := h.store.RecruitApplicationFor(c.Request().Context(), me, c.Param("id"))
	if err != nil {
		return err
	}
	p := &applicationPage{Page: page.Page{Title: app.Pseudonym, Back: poolURL(app.PathwayID), Errors: verr}, App: app,
		Who: app.Pseudonym, PoolURL: poolURL(app.PathwayID), StatusLabel: app.Status.Label(), StatusTag: app.Status.TagColour(),
		Reasons: reasonOptions(), Reason: reason, Note: note}
	if app.Name != "" {
		p.Who, p.Title = app.Name, app.Name
		if c.Request().Method == http.MethodGet {
			if err := h.store.Audit(c.Request().Context(), auth.Actor(c), store.AuditViewed, "application", app.ID, nil, nil); err != nil {
				return err
			}
		}
	}
	a := app.Answers
	p.Answers = []portal.Option{
		{Value: "Work situation now", Label: portal.LabelFor(portal.Situations, a.Situation)},
		{Value: "Work done before", Label: labels(portal.Sectors, a.Sectors)},
		{Value: "Years of work", Label: portal.LabelFor(yearsOptions, a.Years)},
		{Value: "Can already do", Label: labels(portal.Skills, a.Skills)},
		{Value: "Jobs they would like", Label: labels(portal.Interests, a.Interests)},
		{Value: "Hours they can work", Label: portal.LabelFor(portal.HoursOptions, a.Hours)},
		{Value: "Travel to work", Label: portal.LabelFor(portal.TravelOptions, a.Travel)},
	}
	if app.Support != nil {
		p.SupportList = labels(portal.SupportNeeds, app.Support.Needs)
		if d := strings.TrimSpace(app.Support.Details); d != "" {
			p.SupportList = strings.TrimPrefix(p.SupportList+". "+d, ". ")
		}
		if p.SupportList == "" {
			p.SupportList = "None given"
		}
	}
	if r, ok := portal.ReasonFor(app.StopReason); ok {
		p.StopReason = r.Text
	}
	for _, e := range app.History {
		hv := historyView{HistoryEntry: e, FromLabel: e.From.Label(), ToLabel: e.To.Label(), Why: e.Note}
		if r, ok := portal.ReasonFor(e.Note); ok {
			hv.Why = r.Text
		}
		if hv.Who == "" {
			hv.Who = strings.ReplaceAll(string(e.Actor), "_", " ")
		}
		p.History = append(p.History, hv)
	}
	for _, next := range app.Next {
		switch next {
		case portal.StatusShortlisted:
			p.Buttons = append(p.Buttons, moveButton{string(store.ActShortlist), "Shortlist"})
		case portal.StatusCourseStarted:
			p.Buttons = append(p.Buttons, moveButton{string(store.ActStartCourse), "Mark as started the course"})
		case portal.StatusCourseCompleted:
			p.Buttons = append(p.Buttons, moveButton{string(store.ActCompleteCourse), "Mark as completed the course"})
		case portal.StatusNotProgressed:
			p.StopAction = string(store.ActNotProgress)
			if app.Status == portal.StatusCourseStarted {
				p.StopAction = string(store.ActCourseNotCompleted)
			}
		default:
			if l, ok := linkedMoves[next]; ok {
				p.Links = append(p.Links, actionLink{applicationPageURL(app.ID) + l.Path, l.Label})
			}
		}
	}
	if app.Status == portal.StatusCourseCompleted || app.Status == portal.StatusInterview {
		p.Links = append(p.Links, actionLink{"/staff/pathways/" + app.PathwayID + "/interviews", "Interview times for this pathway"})
	}
	return h.views.Render(c, status, tmplApplication, p)
}

func labels(options []portal.Option, values []string) string {
	var out []string
	for _, v := range values {
		out = append(out, portal.LabelFor(options, v))
	}
	return strings.Join(out, ", ")
}

type moveForm struct {
	Action  string `form:"action"`
	Reason  string `form:"reason"`
	Version string `form:"version"`
	Seen    string `form:"seen"`
}

// MovePost answers POST /staff/applications/:id/move: one simple move on
// the version the page showed; a stale page gets the conflict page.
func (h *Handler) MovePost(c echo.Context) error {
	var f moveForm
	if err := page.Bind(c, &f); err != nil {
		return err
	}
	act := store.RecruitAction(f.Action)
	version, err := strconv.Atoi(f.Version)
	if !act.Valid() || err != nil {
		return echo.ErrBadRequest
	}
	if _, ok := portal.ReasonFor(f.Reason); act.NeedsReason() && !ok {
		verr := &portal.ValidationError{}
		verr.Add("reason", "Select why the application is not going forward")
		return h.renderApplication(c, http.StatusUnprocessableEntity, verr, "", "")
	}
	id := c.Param("id")
	_, err = h.store.RecruitMove(c.Request().Context(), auth.Me(c), store.Target{ID: id, Version: version}, act, f.Reason, h.messages)
	if errors.Is(err, portal.ErrConflict) {
		return h.moveConflict(c, id, portal.Status(f.Seen))
	}
	if err != nil {
		return err
	}
	if err := h.auth.Flash(c, "Done: "+act.To().Label()); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, applicationPageURL(id))
}

// moveConflict is the conflict page for a move that lost a race or no
// longer fits the application's status.
func (h *Handler) moveConflict(c echo.Context, id string, seen portal.Status) error {
	now, err := h.store.RecruitApplicationFor(c.Request().Context(), auth.Me(c), id)
	if err != nil {
		return err
	}
	return h.views.Conflict(c, "application", applicationPageURL(id), poolURL(now.PathwayID),
		[]page.ConflictRow{{Field: "Stage", Yours: seen.Label(), Current: now.Status.Label()}})
}

type noteForm struct {
	Note string `form:"note"`
}

// NotePost answers POST /staff/applications/:id/notes.
func (h *Handler) NotePost(c echo.Context) error {
	var f noteForm
	if err := page.Bind(c, &f); err != nil {
		return err
	}
	note := strings.TrimSpace(f.Note)
	if note == "" || utf8.RuneCountInString(note) > store.MaxNoteLength {
		verr := &portal.ValidationError{}
		verr.Add("note", "Enter a note of up to 2,000 characters")
		return h.renderApplication(c, http.StatusUnprocessableEntity, verr, "", f.Note)
	}
	if err := h.store.AddRecruiterNote(c.Request().Context(), auth.Me(c), c.Param("id"), note); err != nil {
		return err
	}
	if err := h.auth.Flash(c, "Note added"); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, applicationPageURL(c.Param("id"))+"#notes")
}
