package console

import (
	"errors"
	"net/http"
	"strconv"
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
	tmplConsoleCohortForm = "console/cohorts-form"
)

// ---- cohorts ----------------------------------------------------------------------------

type cohortForm struct {
	StartDay      string `form:"starts_on-day"`
	StartMonth    string `form:"starts_on-month"`
	StartYear     string `form:"starts_on-year"`
	EndDay        string `form:"ends_on-day"`
	EndMonth      string `form:"ends_on-month"`
	EndYear       string `form:"ends_on-year"`
	CloseDay      string `form:"closes_at-day"`
	CloseMonth    string `form:"closes_at-month"`
	CloseYear     string `form:"closes_at-year"`
	VenueName     string `form:"venue_name" validate:"required,max=120" msg:"required=Enter the name of the venue;max=Venue name must be 120 characters or fewer"`
	VenueAddress  string `form:"venue_address" validate:"max=300" msg:"max=Venue address must be 300 characters or fewer"`
	VenuePostcode string `form:"venue_postcode" validate:"required,max=16" msg:"required=Enter the venue’s postcode;max=Enter a real postcode, like B35 7PR"`
	Capacity      string `form:"capacity" validate:"required,max=5" msg:"required=Enter the number of places;max=Capacity must be a whole number, like 12"`
	Version       int    `form:"version"`
}

var cohortFields = []string{"starts_on", "starts_on-month", "starts_on-year", "ends_on", "ends_on-month", "ends_on-year",
	"closes_at", "closes_at-month", "closes_at-year", "venue_name", "venue_address", "venue_postcode", "capacity"}

// dateField is one GOV.UK date input: day, month and year boxes.
type dateField struct {
	Name, Legend, Hint string
	Day, Month, Year   string
	Err                string
	BadDay             bool
	BadMonth           bool
	BadYear            bool
}

// parseDate reads a GOV.UK date input. On failure it returns the error's
// field (the first box to fix, so the error summary link lands on it), the
// message, and which boxes are wrong.
func parseDate(name, label, day, month, year string) (t time.Time, field, msg string, bad [3]bool) {
	parts := []string{day, month, year}
	words := []string{"day", "month", "year"}
	var missing []string
	for i, p := range parts {
		if p == "" {
			missing = append(missing, words[i])
			bad[i] = true
		}
	}
	first := func() string {
		for i, b := range bad {
			if b {
				return []string{name, name + "-month", name + "-year"}[i]
			}
		}
		return name
	}
	switch len(missing) {
	case 3:
		return t, name, "Enter the " + strings.ToLower(label), [3]bool{true, true, true}
	case 2:
		return t, first(), label + " must include a " + missing[0] + " and " + missing[1], bad
	case 1:
		return t, first(), label + " must include a " + missing[0], bad
	}
	d, errD := strconv.Atoi(day)
	m, errM := strconv.Atoi(month)
	y, errY := strconv.Atoi(year)
	bad = [3]bool{errD != nil || d < 1 || d > 31, errM != nil || m < 1 || m > 12, errY != nil}
	if bad[0] || bad[1] || bad[2] {
		return t, first(), label + " must be a real date", bad
	}
	if len(year) != 4 {
		return t, name + "-year", label + " year must include 4 numbers", [3]bool{false, false, true}
	}
	t = time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return time.Time{}, name, label + " must be a real date", [3]bool{true, true, true}
	}
	return t, "", "", bad
}

type cohortFormPage struct {
	page.Page
	CourseName  string
	PathwayName string
	CohortID    string // "" for a new cohort
	PlacesTaken int
	Form        cohortForm
	Dates       []dateField
}

func (p *cohortFormPage) fillDates(bad map[string][3]bool) {
	f := p.Form
	mk := func(name, legend, hint, d, m, y string) dateField {
		df := dateField{Name: name, Legend: legend, Hint: hint, Day: d, Month: m, Year: y}
		for _, k := range []string{name, name + "-month", name + "-year"} {
			if msg := p.Errors.For(k); msg != "" {
				df.Err = msg
			}
		}
		b := bad[name]
		df.BadDay, df.BadMonth, df.BadYear = b[0], b[1], b[2]
		if df.Err != "" && !b[0] && !b[1] && !b[2] {
			df.BadDay, df.BadMonth, df.BadYear = true, true, true
		}
		return df
	}
	p.Dates = []dateField{
		mk("starts_on", "Start date", "For example, 27 3 2026", f.StartDay, f.StartMonth, f.StartYear),
		mk("ends_on", "End date", "The last day of the course", f.EndDay, f.EndMonth, f.EndYear),
		mk("closes_at", "Closing date for applications", "Applications close at the end of this day. It must be before the start date", f.CloseDay, f.CloseMonth, f.CloseYear),
	}
}

// endOfDay is when applications close on a closing date.
func endOfDay(t time.Time) time.Time { return t.Add(24*time.Hour - time.Second) }

// readCohortForm binds and checks the cohort form; placesTaken is -1 for a
// new cohort.
func (h *Handler) readCohortForm(c echo.Context, placesTaken int) (cohortForm, store.CohortInput, *portal.ValidationError, map[string][3]bool, error) {
	var f cohortForm
	var in store.CohortInput
	if err := page.Bind(c, &f); err != nil {
		return f, in, nil, nil, err
	}
	page.TrimAll(&f)
	verr := &portal.ValidationError{}
	bad := map[string][3]bool{}
	date := func(name, label, d, m, y string) time.Time {
		t, field, msg, b := parseDate(name, label, d, m, y)
		if msg != "" {
			verr.Add(field, msg)
			bad[name] = b
		}
		return t
	}
	in.StartsOn = date("starts_on", "Start date", f.StartDay, f.StartMonth, f.StartYear)
	in.EndsOn = date("ends_on", "End date", f.EndDay, f.EndMonth, f.EndYear)
	closes := date("closes_at", "Closing date", f.CloseDay, f.CloseMonth, f.CloseYear)
	if !in.StartsOn.IsZero() && !in.EndsOn.IsZero() && in.EndsOn.Before(in.StartsOn) {
		verr.Add("ends_on", "End date must be the same as or after the start date")
	}
	if !in.StartsOn.IsZero() && !closes.IsZero() && !closes.Before(in.StartsOn) {
		verr.Add("closes_at", "Closing date must be before the start date")
	}
	if placesTaken < 0 && !closes.IsZero() && endOfDay(closes).Before(h.store.Now()) {
		verr.Add("closes_at", "Closing date must be today or in the future")
	}
	if !closes.IsZero() {
		in.ClosesAt = endOfDay(closes)
	}
	for _, fe := range page.Check(&f).Errors {
		verr.Add(fe.Field, fe.Message)
	}
	if !verr.Has("venue_postcode") {
		var err error
		if in.VenuePostcode, err = portal.NormalisePostcode(f.VenuePostcode); err != nil {
			verr.Add("venue_postcode", err.Error())
		} else {
			f.VenuePostcode = in.VenuePostcode
		}
	}
	if !verr.Has("capacity") {
		n, err := strconv.Atoi(f.Capacity)
		switch {
		case err != nil:
			verr.Add("capacity", "Capacity must be a whole number, like 12")
		case n < 1 || n > consoleMaxCohortCapacity:
			verr.Add("capacity", "Capacity must be between 1 and 500")
		case n < placesTaken:
			verr.Errors = append(verr.Errors, store.CapacityBelowTaken(placesTaken).Errors...)
		}
		in.Capacity = n
	}
	in.VenueName, in.VenueAddress = f.VenueName, f.VenueAddress
	verr.Errors = page.Ordered(verr.Errors, cohortFields...)
	return f, in, verr, bad, nil
}

func cohortFormOf(co store.Cohort) cohortForm {
	d := func(t time.Time) (string, string, string) {
		return strconv.Itoa(t.Day()), strconv.Itoa(int(t.Month())), strconv.Itoa(t.Year())
	}
	f := cohortForm{VenueName: co.VenueName, VenueAddress: co.VenueAddress, VenuePostcode: co.VenuePostcode, Capacity: strconv.Itoa(co.Capacity), Version: co.Version}
	f.StartDay, f.StartMonth, f.StartYear = d(co.StartsOn.UTC())
	f.EndDay, f.EndMonth, f.EndYear = d(co.EndsOn.UTC())
	f.CloseDay, f.CloseMonth, f.CloseYear = d(co.ClosesAt.UTC())
	return f
}

func (h *Handler) renderCohortForm(c echo.Context, status int, p *cohortFormPage, bad map[string][3]bool) error {
	p.Title = "Add a cohort"
	if p.CohortID != "" {
		p.Title = "Change the cohort"
	}
	p.fillDates(bad)
	return h.views.Render(c, status, tmplConsoleCohortForm, p)
}

// CohortNew answers GET /staff/courses/:id/cohorts/new (coordinator).
func (h *Handler) CohortNew(c echo.Context) error {
	co, err := h.store.CourseForConsole(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return h.renderCohortForm(c, http.StatusOK, &cohortFormPage{Page: page.Page{Back: pathwayURL(co.PathwayID)}, CourseName: co.Name, PathwayName: co.PathwayName}, nil)
}

// CohortNewPost answers POST /staff/courses/:id/cohorts/new (coordinator).
func (h *Handler) CohortNewPost(c echo.Context) error {
	ctx := c.Request().Context()
	co, err := h.store.CourseForConsole(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	f, in, verr, bad, err := h.readCohortForm(c, -1)
	if err != nil {
		return err
	}
	if !verr.Empty() {
		return h.renderCohortForm(c, http.StatusUnprocessableEntity,
			&cohortFormPage{Page: page.Page{Back: pathwayURL(co.PathwayID), Errors: verr}, CourseName: co.Name, PathwayName: co.PathwayName, Form: f}, bad)
	}
	if _, err := h.store.CreateCohort(ctx, auth.Actor(c), co.ID, in); err != nil {
		return err
	}
	if err := h.auth.Flash(c, "Cohort saved"); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, pathwayURL(co.PathwayID))
}

// CohortEdit answers GET /staff/cohorts/:id/edit (coordinator).
func (h *Handler) CohortEdit(c echo.Context) error {
	co, err := h.store.CohortForConsole(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return h.renderCohortForm(c, http.StatusOK, &cohortFormPage{Page: page.Page{Back: pathwayURL(co.PathwayID)}, CourseName: co.CourseName,
		PathwayName: co.PathwayName, CohortID: co.ID, PlacesTaken: co.PlacesTaken, Form: cohortFormOf(co.Cohort)}, nil)
}

// CohortEditPost answers POST /staff/cohorts/:id/edit (coordinator).
func (h *Handler) CohortEditPost(c echo.Context) error {
	ctx := c.Request().Context()
	co, err := h.store.CohortForConsole(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	pg := func(f cohortForm, verr *portal.ValidationError) *cohortFormPage {
		return &cohortFormPage{Page: page.Page{Back: pathwayURL(co.PathwayID), Errors: verr}, CourseName: co.CourseName,
			PathwayName: co.PathwayName, CohortID: co.ID, PlacesTaken: co.PlacesTaken, Form: f}
	}
	f, in, verr, bad, err := h.readCohortForm(c, co.PlacesTaken)
	if err != nil {
		return err
	}
	if verr.Empty() {
		err = h.store.UpdateCohort(ctx, auth.Actor(c), co.ID, f.Version, in)
		switch {
		case err == nil:
			if err := h.auth.Flash(c, "Cohort saved"); err != nil {
				return err
			}
			return c.Redirect(http.StatusSeeOther, pathwayURL(co.PathwayID))
		case errors.Is(err, portal.ErrConflict):
			return h.cohortConflict(c, f)
		case !errors.As(err, &verr):
			return err
		}
	}
	return h.renderCohortForm(c, http.StatusUnprocessableEntity, pg(f, verr), bad)
}

func (h *Handler) cohortConflict(c echo.Context, f cohortForm) error {
	now, err := h.store.CohortForConsole(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	saved := cohortFormOf(now.Cohort)
	dmy := func(d, m, y string) string { return d + "/" + m + "/" + y }
	rows := []page.ConflictRow{
		{Field: "Start date", Yours: dmy(f.StartDay, f.StartMonth, f.StartYear), Current: dmy(saved.StartDay, saved.StartMonth, saved.StartYear)},
		{Field: "End date", Yours: dmy(f.EndDay, f.EndMonth, f.EndYear), Current: dmy(saved.EndDay, saved.EndMonth, saved.EndYear)},
		{Field: "Closing date", Yours: dmy(f.CloseDay, f.CloseMonth, f.CloseYear), Current: dmy(saved.CloseDay, saved.CloseMonth, saved.CloseYear)},
		{Field: "Venue name", Yours: f.VenueName, Current: saved.VenueName},
		{Field: "Venue address", Yours: f.VenueAddress, Current: saved.VenueAddress},
		{Field: "Venue postcode", Yours: f.VenuePostcode, Current: saved.VenuePostcode},
		{Field: "Capacity", Yours: f.Capacity, Current: saved.Capacity},
	}
	return h.views.Conflict(c, "cohort", "/staff/cohorts/"+now.ID+"/edit", pathwayURL(now.PathwayID), rows)
}
