package reports

import (
	"errors"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/web/auth"
	"anchorpathways/internal/web/page"
)

// Template names, beside the handlers that use them.
const (
	tmplImpact    = "reports/impact"
	tmplRetention = "reports/retention"
)

const dateForm = "2006-01-02"

// periodForm is the report's date range, from the query string. Dates are
// inclusive; empty means the last 12 months.
type periodForm struct {
	From string `query:"from"`
	To   string `query:"to"`
}

// period reads f into a filter, with the field errors of bad dates.
func (f *periodForm) period(now time.Time) (store.ReportFilter, *portal.ValidationError) {
	verr := &portal.ValidationError{}
	today := now.UTC().Truncate(24 * time.Hour)
	if f.To == "" {
		f.To = today.Format(dateForm)
	}
	if f.From == "" {
		f.From = today.AddDate(-1, 0, 1).Format(dateForm)
	}
	from, err := time.Parse(dateForm, f.From)
	if err != nil {
		verr.Add("from", "Enter the start date as year-month-day, like 2026-01-31")
	}
	to, err2 := time.Parse(dateForm, f.To)
	if err2 != nil {
		verr.Add("to", "Enter the end date as year-month-day, like 2026-12-31")
	}
	if err == nil && err2 == nil {
		switch {
		case to.Before(from):
			verr.Add("to", "The end date must be the same as or after the start date")
		case to.Sub(from) > 10*366*24*time.Hour:
			verr.Add("to", "Choose a period of 10 years or less")
		}
	}
	if !verr.Empty() {
		return store.ReportFilter{}, verr
	}
	return store.ReportFilter{From: from, To: to.AddDate(0, 0, 1)}, nil
}

type impactPage struct {
	page.Page
	Form          periodForm
	Report        store.ImpactReport
	Tables        []Table
	Funnel        Chart
	Neighbourhood Chart
	// Query is the period's query string, for the download links.
	Query string
	// Scope says whose figures these are.
	Scope string
}

// Impact answers GET /staff/reports (any staff): the impact report for the
// period asked, scoped to what the viewer may report on. Bad dates are
// answered 422 with the error summary and the dates kept.
func (h *Handler) Impact(c echo.Context) error {
	var f periodForm
	if err := (&echo.DefaultBinder{}).BindQueryParams(c, &f); err != nil {
		return err
	}
	p := &impactPage{Page: page.Page{Title: "Impact report"}, Form: f}
	filter, verr := p.Form.period(h.store.Now())
	if verr != nil {
		p.Errors = verr
		return h.views.Render(c, http.StatusUnprocessableEntity, tmplImpact, p)
	}
	who := auth.Me(c)
	r, err := h.store.ImpactReport(c.Request().Context(), who, filter)
	if err != nil {
		return err
	}
	p.Report, p.Tables = r, tables(r)
	p.Funnel, p.Neighbourhood = funnelChart(r.Totals), neighbourhoodChart(r.ByNeighbourhood)
	p.Query = "from=" + p.Form.From + "&to=" + p.Form.To
	p.Scope = scopeOf(who)
	return h.views.Render(c, http.StatusOK, tmplImpact, p)
}

func scopeOf(who portal.Staff) string {
	switch who.Role {
	case portal.RoleRecruiter:
		return "Applications to your organisation’s pathways."
	case portal.RoleHousingOfficer:
		return "Applications from your organisation’s tenants."
	}
	return "Every application in the network."
}

// ImpactDownload answers GET /staff/reports/download (any staff): one
// table of the report (?table=funnel|neighbourhoods|pathways|cohorts|sources)
// as a CSV file, for the same period and scope as the page.
func (h *Handler) ImpactDownload(c echo.Context) error {
	var f periodForm
	if err := (&echo.DefaultBinder{}).BindQueryParams(c, &f); err != nil {
		return err
	}
	filter, verr := f.period(h.store.Now())
	if verr != nil {
		return echo.NewHTTPError(http.StatusUnprocessableEntity, verr.Error())
	}
	r, err := h.store.ImpactReport(c.Request().Context(), auth.Me(c), filter)
	if err != nil {
		return err
	}
	for _, t := range tables(r) {
		if t.Name == c.QueryParam("table") {
			return writeCSV(c, "impact-"+t.Name+"-"+filter.From.Format(dateForm)+"-to-"+filter.To.AddDate(0, 0, -1).Format(dateForm)+".csv", t)
		}
	}
	return echo.NewHTTPError(http.StatusNotFound, errors.New("no such table").Error())
}
