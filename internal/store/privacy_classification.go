package store

import (
	"fmt"
	"strings"
	"sync"

	"anchorpathways/migrations"
)

// ColumnClass is one line of the personal-data classification kept beside
// the migrations (migrations/personal_data.tsv).
type ColumnClass struct {
	Table, Column string
	Personal      bool
	// Handling, for a personal column: "set:VALUE" (erasure and retention
	// set it to VALUE, "NULL" for null, and keep the row for the report's
	// totals), "delete-row", "expire" (the row goes on its schedule) or
	// "staff" (staff data, on the staff schedule).
	Handling string
	Note     string
}

// SetsTo reports whether the column is emptied in place, and to what (nil
// for NULL).
func (c ColumnClass) SetsTo() (value any, ok bool) {
	v, ok := strings.CutPrefix(c.Handling, "set:")
	if !ok {
		return nil, false
	}
	if v == "NULL" {
		return nil, true
	}
	return v, true
}

var classification = sync.OnceValues(func() ([]ColumnClass, error) {
	var out []ColumnClass
	for i, line := range strings.Split(migrations.PersonalData, "\n") {
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "table\t") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 5 || (f[2] != "yes" && f[2] != "no") {
			return nil, fmt.Errorf("personal_data.tsv line %d: want table, column, yes|no, handling, note", i+1)
		}
		c := ColumnClass{Table: f[0], Column: f[1], Personal: f[2] == "yes", Handling: f[3], Note: f[4]}
		if c.Personal == (c.Handling == "-") {
			return nil, fmt.Errorf("personal_data.tsv line %d: a personal column needs a handling, another none", i+1)
		}
		out = append(out, c)
	}
	return out, nil
})

// PersonalDataClassification returns every classified column, in file order.
func PersonalDataClassification() ([]ColumnClass, error) { return classification() }

// erasedValues is the SET clause that removes a table's personal data in
// place, from the classification: every "set:" column and its value. Column
// names come from the embedded file, never from input.
func erasedValues(table string) (map[string]any, error) {
	all, err := classification()
	if err != nil {
		return nil, err
	}
	set := map[string]any{}
	for _, c := range all {
		if v, ok := c.SetsTo(); ok && c.Table == table {
			set[c.Column] = v
		}
	}
	return set, nil
}
