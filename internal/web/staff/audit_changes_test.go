package staff

import (
	"fmt"
	"testing"

	"anchorpathways/internal/store"
)

func TestAuditRowOf(t *testing.T) {
	tests := []struct {
		name          string
		before, after string
		want          []auditChange
		note          string
	}{
		{"an update shows only what changed, labelled",
			`{"name":"Old","slug":"same","is_open":false,"provider_ids":["a","b"]}`,
			`{"name":"New","slug":"same","is_open":true,"provider_ids":["b"]}`,
			[]auditChange{
				{Field: "Name", Before: "Old", After: "New", HasBefore: true, HasAfter: true},
				{Field: "Open for applications", Before: "no", After: "yes", HasBefore: true, HasAfter: true},
				{Field: "Partner housing providers", Before: "a, b", After: "b", HasBefore: true, HasAfter: true},
			}, ""},
		{"a creation shows every field, nested ones by their own name",
			"", `{"pathway_id":"p1","role":{"title":"Porter","pay":"£1"}}`,
			[]auditChange{
				{Field: "Pathway", After: "p1", HasAfter: true},
				{Field: "Job title", After: "Porter", HasAfter: true},
				{Field: "Pay", After: "£1", HasAfter: true},
			}, ""},
		{"a deletion shows what was there",
			`{"rule":{"weight":10}}`, "",
			[]auditChange{{Field: "Weight", Before: "10", HasBefore: true}}, ""},
		{"a field an update dropped is gone",
			`{"removed":true,"name":"A"}`, `{"name":"A"}`,
			[]auditChange{{Field: "Removed", Before: "yes", HasBefore: true, Removed: true}}, ""},
		{"dates and blanks in words, unknown fields in words",
			`{"closes_at":"2026-03-01T23:59:59Z","starts_on":"2026-03-09T00:00:00Z","venue_address":""}`,
			`{"closes_at":"2026-03-02T23:59:59Z","starts_on":"2026-03-09T00:00:00Z","venue_address":"1 High St","new_thing":null}`,
			[]auditChange{
				{Field: "Closing date for applications", Before: "1 March 2026 23:59 UTC", After: "2 March 2026 23:59 UTC", HasBefore: true, HasAfter: true},
				{Field: "Venue address", Before: "blank", After: "1 High St", HasBefore: true, HasAfter: true},
				{Field: "New thing", After: "none", HasAfter: true},
			}, ""},
		{"a list of IDs", "", `["x","y"]`, []auditChange{{Field: "Value", After: "x, y", HasAfter: true}}, ""},
		{"a remark that is not JSON", "", "code reused", nil, "code reused"},
		{"nothing", "", "", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := auditRowOf(store.AuditEntry{BeforeState: tt.before, AfterState: tt.after})
			if fmt.Sprint(got.Changes) != fmt.Sprint(tt.want) {
				t.Errorf("got changes\n%+v\nwant\n%+v", got.Changes, tt.want)
			}
			if got.Note != tt.note {
				t.Errorf("got note %q, want %q", got.Note, tt.note)
			}
		})
	}
}
