package privacy

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/i18n"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/web/auth"
	"anchorpathways/internal/web/page"
)

// Template names, beside the handlers that use them.
const (
	tmplYourData = "privacy/your-data"
	tmplRequests = "privacy/erasure-requests"
	tmplRefuse   = "privacy/erasure-refuse"
)

type yourDataPage struct {
	page.Page
	Tables    []store.DataTable
	Requested bool
}

// ColumnLabel is a downloaded column's name for the resident, in the page's
// language (message yd_col_<column>). The JSON file keys each row by the
// column names themselves, the same in every language, so that a program
// reading it need not know the resident's language, and gives the labels
// beside them for a person reading it.
func (p *yourDataPage) ColumnLabel(column string) string { return p.T(ColumnLabelID(column)) }

// Cell is row's value in column col of t as the page shows it, in the page's
// language: a status, a way of contacting, a language, who made a change,
// how an application came, a kind of job or the steps reached by name; a
// time as a date and time; a true/false or yes/no answer as yes or no; and
// "–" for nothing (an empty list of answers included). Other values are
// shown as stored. The JSON file keeps every value as stored, for a program
// to read.
func (p *yourDataPage) Cell(t store.DataTable, col int, v string) string {
	if v == "" || v == "{}" || v == "[]" {
		return "–"
	}
	switch t.Kinds[col] {
	case store.CellTime:
		if at, err := time.Parse(time.RFC3339, v); err == nil {
			return p.DateTime(at)
		}
	case store.CellBool:
		return p.yesNo(v == "true")
	}
	if id, ok := valueMessage(t.Table, t.Columns[col], v); ok {
		return p.T(id)
	}
	switch t.Columns[col] {
	case "status", "from_status", "to_status":
		if portal.Status(v).Valid() {
			return p.StatusLabel(portal.Status(v))
		}
	case "reached":
		bits, err := strconv.Atoi(v)
		if err != nil {
			return v
		}
		steps := portal.Reached(bits)
		if len(steps) == 0 {
			return "–"
		}
		names := make([]string, len(steps))
		for i, s := range steps {
			names[i] = p.StatusLabel(s)
		}
		return strings.Join(names, p.T("list_separator"))
	case "preferred_language":
		for _, l := range i18n.Languages {
			if l.Code == v {
				return l.Name
			}
		}
	}
	return v
}

// valueMessages name, by table (or "" for any) and column, the message of
// each stored value a person would not read as it is.
var valueMessages = map[[2]string]map[string]string{
	{"", "channel"}:           {"sms": "text_message", "email": "email"},
	{"", "preferred_channel"}: {"sms": "text_message", "email": "email"},
	{"", "contact_channel"}:   {"sms": "text_message", "email": "email"},
	{"", "actor"}: {"resident": "yd_v_actor_resident", "housing_officer": "yd_v_actor_housing_officer",
		"recruiter": "yd_v_actor_recruiter", "coordinator": "yd_v_actor_coordinator", "system": "yd_v_actor_system"},
	{"", "referral_source"}: {"self": "yd_v_source_self", "housing_officer": "yd_v_source_housing_officer",
		"other_organisation": "yd_v_source_other_organisation"},
	{"", "consent_method"}:       {"in_person": "yd_v_consent_in_person", "by_phone": "yd_v_consent_by_phone", "in_writing": "yd_v_consent_in_writing"},
	{"", "job_kind"}:             {"substantive": "msg_job_kind_permanent", "bank": "msg_job_kind_bank"},
	{"job_offers", "kind"}:       {"substantive": "msg_job_kind_permanent", "bank": "msg_job_kind_bank"},
	{"in_work_checks", "answer"}: {"yes": "yes", "no": "no"},
	{"outbox", "status"}:         {"pending": "yd_v_outbox_pending", "sent": "yd_v_outbox_sent", "failed": "yd_v_outbox_failed"},
	{"erasure_requests", "status"}: {"requested": "yd_v_erasure_requested", "erased": "yd_v_erasure_erased",
		"refused": "yd_v_erasure_refused"},
}

// valueMessage is the message id for value v of column col in table, if
// valueMessages names one.
func valueMessage(table, col, v string) (string, bool) {
	for _, key := range [][2]string{{table, col}, {"", col}} {
		if id, ok := valueMessages[key][v]; ok {
			return id, true
		}
	}
	return "", false
}

// ColumnLabelID is the message id of a downloaded column's label.
func ColumnLabelID(column string) string { return "yd_col_" + column }

// YourData answers GET /status/your-data (signed-in resident): everything
// the portal holds about them, readable, with the JSON file and the
// erasure request.
func (h *Handler) YourData(c echo.Context) error {
	ctx := c.Request().Context()
	contact := auth.CurrentSession(c).Contact(h.store.Now())
	tables, err := h.store.ResidentDataFor(ctx, contact)
	if err != nil {
		return err
	}
	requested, err := h.store.ErasureRequested(ctx, contact)
	if err != nil {
		return err
	}
	return h.views.Render(c, http.StatusOK, tmplYourData, &yourDataPage{
		Page: page.Page{Title: "The data we hold about you", Back: "/status/applications"}, Tables: tables, Requested: requested})
}

// fileTable is one table in the JSON file: its title and its columns'
// labels in the resident's language, and each row an object by column.
type fileTable struct {
	Table   string              `json:"table"`
	Title   string              `json:"title"`
	Columns map[string]string   `json:"columns"`
	Rows    []map[string]string `json:"rows"`
}

// YourDataFile answers GET /status/your-data/download (signed-in
// resident): the same data as a JSON file.
func (h *Handler) YourDataFile(c echo.Context) error {
	tables, err := h.store.ResidentDataFor(c.Request().Context(), auth.CurrentSession(c).Contact(h.store.Now()))
	if err != nil {
		return err
	}
	loc := page.LocaleOf(c)
	out := make([]fileTable, len(tables))
	for i, t := range tables {
		out[i] = fileTable{Table: t.Table, Title: loc.Translate(t.Title), Columns: make(map[string]string, len(t.Columns)), Rows: []map[string]string{}}
		for _, col := range t.Columns {
			out[i].Columns[col] = loc.T(ColumnLabelID(col))
		}
		for _, r := range t.Rows {
			row := make(map[string]string, len(t.Columns))
			for j, col := range t.Columns {
				row[col] = r[j]
			}
			out[i].Rows = append(out[i].Rows, row)
		}
	}
	b, err := json.MarshalIndent(map[string]any{"portal": "Anchor Pathways", "language": loc.Code, "tables": out}, "", "  ")
	if err != nil {
		return err
	}
	h2 := c.Response().Header()
	h2.Set("Content-Disposition", `attachment; filename="anchor-pathways-your-data.json"`)
	h2.Set("Cache-Control", "no-store")
	return c.Blob(http.StatusOK, "application/json", b)
}

// ErasePost answers POST /status/your-data/erase (signed-in resident):
// records the request for the coordinator.
func (h *Handler) ErasePost(c echo.Context) error {
	sess := auth.CurrentSession(c)
	if err := h.store.RequestErasure(c.Request().Context(), sess.Contact(h.store.Now())); err != nil {
		return err
	}
	sess.Data.Flash = page.LocaleOf(c).T("yd_flash")
	if err := h.auth.Save(c, sess); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/status/your-data")
}
