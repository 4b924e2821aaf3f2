package staff

import (
	"bytes"
	"encoding/json"
	"strings"
	"time"

	"anchorpathways/internal/store"
)

// The audit log stores each record's state before and after as JSON, which
// is exact but hard to read. The audit page shows each changed field as a
// row, "field: before → after", with labels in plain English where the
// field is known, and keeps the JSON behind a <details> for anyone who needs
// the exact record.

// auditChange is one field of an audited record. HasBefore and HasAfter say
// whether the field was in the state before and after (a created record has
// no before; a deleted one no after). Removed is a field that an update
// dropped (not one of a deleted record, where every field would say so).
type auditChange struct {
	Field               string
	Before, After       string
	HasBefore, HasAfter bool
	Removed             bool
}

// auditRow is one audit entry as the page shows it. Note is a state that is
// not JSON (a plain remark such as "code reused").
type auditRow struct {
	store.AuditEntry
	Changes []auditChange
	Note    string
}

// ActionLabel is how the audit log names the entry's action.
func (r auditRow) ActionLabel() string { return store.AuditLabel(r.Action) }

func auditRowOf(e store.AuditEntry) auditRow {
	r := auditRow{AuditEntry: e}
	before, okB := flattenState(e.BeforeState)
	after, okA := flattenState(e.AfterState)
	if !okB || !okA {
		// Not JSON: show it as it is; there are no fields to compare.
		r.Note = strings.TrimSpace(e.BeforeState + " " + e.AfterState)
		return r
	}
	seen := map[string]bool{}
	add := func(key string) {
		if seen[key] {
			return
		}
		seen[key] = true
		b, hasB := before.vals[key]
		a, hasA := after.vals[key]
		if hasB && hasA && a == b {
			return // unchanged: not a change
		}
		r.Changes = append(r.Changes, auditChange{Field: fieldLabel(key), Before: b, After: a, HasBefore: hasB, HasAfter: hasA,
			Removed: hasB && !hasA && len(after.keys) > 0})
	}
	for _, k := range before.keys {
		add(k)
	}
	for _, k := range after.keys {
		add(k)
	}
	return r
}

// flatState is a JSON state flattened to dotted keys, in the order they
// appear (a map alone would shuffle the fields from one view to the next).
type flatState struct {
	keys []string
	vals map[string]string
}

// flattenState reads a stored state; ok is false when it is not JSON.
func flattenState(raw string) (_ flatState, ok bool) {
	out := flatState{vals: map[string]string{}}
	if strings.TrimSpace(raw) == "" {
		return out, true
	}
	if !json.Valid([]byte(raw)) {
		return out, false
	}
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.UseNumber()
	if err := walkState(dec, "", &out); err != nil {
		return out, false
	}
	return out, true
}

func walkState(dec *json.Decoder, key string, out *flatState) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	switch t := tok.(type) {
	case json.Delim:
		if t == '{' {
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return err
				}
				name, _ := k.(string)
				if key != "" {
					name = key + "." + name
				}
				if err := walkState(dec, name, out); err != nil {
					return err
				}
			}
		} else { // '[': a list of values, shown as one
			var items []string
			for dec.More() {
				var v json.RawMessage
				if err := dec.Decode(&v); err != nil {
					return err
				}
				items = append(items, valueText(v))
			}
			out.set(key, listText(items))
		}
		_, err := dec.Token() // the closing delimiter
		return err
	case nil:
		out.set(key, "none")
	case bool:
		out.set(key, map[bool]string{true: "yes", false: "no"}[t])
	case json.Number:
		out.set(key, t.String())
	case string:
		out.set(key, stringText(t))
	}
	return nil
}

func (f *flatState) set(key, v string) {
	if _, ok := f.vals[key]; !ok {
		f.keys = append(f.keys, key)
	}
	f.vals[key] = v
}

// valueText is one item of a list: a string as itself, anything else as
// compact JSON.
func valueText(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return stringText(s)
	}
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil {
		return string(raw)
	}
	return b.String()
}

func listText(items []string) string {
	if len(items) == 0 {
		return "none"
	}
	return strings.Join(items, ", ")
}

// stringText shows a time as a date (and the time of day unless midnight),
// an empty string as "blank".
func stringText(s string) string {
	if s == "" {
		return "blank"
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		t = t.UTC()
		if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
			return t.Format("2 January 2006")
		}
		return t.Format("2 January 2006 15:04 UTC")
	}
	return s
}

// fieldLabels are the plain-English names of the fields the portal audits,
// as the forms that change them call them.
var fieldLabels = map[string]string{
	"name": "Name", "slug": "Web address", "ref_prefix": "Reference prefix", "employer_id": "Owning employer",
	"provider_ids": "Partner housing providers", "neighbourhood_ids": "Target neighbourhoods",
	"from_sector": "Moving from", "summary": "Summary", "description": "Description", "eligibility_text": "Who can apply",
	"is_open": "Open for applications", "state": "State", "title": "Job title", "pay": "Pay", "hours": "Hours",
	"position": "Position in the list", "outcome": "What finishing it leads to", "starts_on": "Start date",
	"ends_on": "End date", "closes_at": "Closing date for applications", "venue_name": "Venue name",
	"venue_address": "Venue address", "venue_postcode": "Venue postcode", "capacity": "Number of places",
	"factor": "Answer it looks at", "value": "Answer", "weight": "Weight", "reason": "Reason shown to the resident",
	"pathway_id": "Pathway", "course_id": "Course", "kind": "Kind", "contact_email": "Contact email",
	"contact_phone": "Contact phone", "removed": "Removed", "sectors": "Postcode sectors", "providers": "Housing providers",
	"role": "Role", "email": "Email", "organisation": "Organisation", "disabled": "Disabled",
	"second_factor_done": "Second factor passed", "shown": "Applicants shown", "names_shown": "Names shown",
	"application_ids": "Applications",
}

// fieldLabel names a flattened key by its last part ("role.title" is a
// job title); an unknown field is its key in words.
func fieldLabel(key string) string {
	last := key
	if i := strings.LastIndexByte(key, '.'); i >= 0 {
		last = key[i+1:]
	}
	if l, ok := fieldLabels[last]; ok {
		return l
	}
	if last == "" {
		return "Value"
	}
	words := strings.ReplaceAll(last, "_", " ")
	return strings.ToUpper(words[:1]) + words[1:]
}
