package store

import (
	"context"
	"fmt"
	"time"

	"anchorpathways/internal/portal"
)

// DataTable is one table's rows about a resident, as their download shows
// them: every classified column but the secrets (hashes and tokens, which
// mean nothing to the resident and would help someone who took the file).
type DataTable struct {
	Table   string
	Title   string
	Columns []string
	Rows    [][]string
	// Kinds says, by column, what its values are (CellTime, CellBool, or
	// CellText), so that a page can show them as a person reads them; a
	// row's text is the value as stored.
	Kinds []CellKind
}

// CellKind is what a downloaded column holds.
type CellKind int

// The kinds of column: text (as stored), a time (RFC 3339, UTC), or a
// true/false answer ("true", "false").
const (
	CellText CellKind = iota
	CellTime
	CellBool
)

// notDownloaded are columns held about a resident but left out of their
// download because they are secrets, not information about them.
var notDownloaded = map[string]bool{"code_hash": true, "token_hash": true, "secret": true, "lease_token": true, "csrf_token": true, "id_hash": true}

// residentTables are the tables that hold a resident's data, in download
// order, with how their rows are found from the proved contact. Sessions
// (a browser's, expiring within hours) and rate-limit counters are not
// listed: they are about a browser or address, not a resident.
var residentTables = []struct {
	table, title, where string
	args                int    // how many times contact is passed
	order               string // a constant
}{
	{"residents", "Your contact details", "mobile = ? OR email = ?", 2, "created_at, id"},
	{"applications", "Your applications", residentsHolding, 2, "created_at, id"},
	{"application_events", "What happened to your applications", yourApplications, 2, "created_at, id"},
	{"referrals", "Referrals a housing officer made for you", "contact_mobile = ? OR contact_email = ? OR resident_id IN (SELECT id FROM residents WHERE mobile = ? OR email = ?) OR " + yourApplications, 6, "created_at, id"},
	{"recruiter_notes", "Recruiters' notes on your applications", yourApplications, 2, "created_at, id"},
	{"interview_slots", "Interviews you booked", yourApplications, 2, "starts_at, id"},
	{"job_offers", "Jobs you were offered", yourApplications, 2, "created_at, application_id"},
	{"in_work_checks", "Whether you were still in work", yourApplications, 2, "answered_at, week"},
	{"outbox", "Messages we sent you", "recipient = ?", 1, "created_at, id"},
	{"sign_in_codes", "Sign-in codes we sent you", "contact = ?", 1, "created_at, id"},
	{"erasure_requests", "Your requests to erase your data", "contact = ?", 1, "requested_at, id"},
}

// yourApplications selects rows about the applications of the resident who
// proved contact (passed twice).
const yourApplications = "application_id IN (SELECT id FROM applications WHERE " + residentsHolding + ")"

// ResidentDataFor returns everything the portal holds about the resident who
// proved contact, table by table, with the columns the personal-data
// classification lists (so a column another area adds is downloaded once it
// is classified). Errors: portal.ErrForbidden without a proved contact.
func (s *Store) ResidentDataFor(ctx context.Context, contact string) (_ []DataTable, err error) {
	defer named(&err, "ResidentDataFor")
	if contact == "" {
		return nil, portal.ErrForbidden
	}
	all, err := classification()
	if err != nil {
		return nil, err
	}
	db := s.db.WithContext(ctx)
	var out []DataTable
	for _, t := range residentTables {
		dt := DataTable{Table: t.table, Title: t.title}
		for _, c := range all {
			if c.Table == t.table && !notDownloaded[c.Column] {
				dt.Columns = append(dt.Columns, c.Column)
			}
		}
		dt.Kinds = make([]CellKind, len(dt.Columns))
		args := make([]any, t.args)
		for i := range args {
			args[i] = contact
		}
		var rows []map[string]any
		if err := db.Table(t.table).Select(dt.Columns).Where(t.where, args...).Order(t.order).Find(&rows).Error; err != nil {
			return nil, err
		}
		for _, r := range rows {
			cells := make([]string, len(dt.Columns))
			for i, c := range dt.Columns {
				var kind CellKind
				cells[i], kind = cellText(r[c])
				if kind != CellText {
					dt.Kinds[i] = kind
				}
			}
			dt.Rows = append(dt.Rows, cells)
		}
		out = append(out, dt)
	}
	return out, nil
}

// cellText is a stored value as text, and its kind when the value says it
// (a NULL says nothing: CellText).
func cellText(v any) (string, CellKind) {
	switch x := v.(type) {
	case nil:
		return "", CellText
	case time.Time:
		return x.UTC().Format(time.RFC3339), CellTime
	case *time.Time:
		if x == nil {
			return "", CellText
		}
		return x.UTC().Format(time.RFC3339), CellTime
	case bool:
		return fmt.Sprint(x), CellBool
	case []byte:
		return storedText(string(x))
	case string:
		return storedText(x)
	}
	return fmt.Sprint(v), CellText
}

// storedTimeLayouts are how a time read without its column's type comes:
// SQLite hands a map its times as text.
var storedTimeLayouts = []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999-07:00", "2006-01-02 15:04:05.999999999"}

// storedText is text as stored, or a time as cellText writes one (the same
// on either database) when it is a time in one of storedTimeLayouts.
func storedText(s string) (string, CellKind) {
	for _, layout := range storedTimeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return cellText(t)
		}
	}
	return s, CellText
}
