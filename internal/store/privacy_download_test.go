package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
)

// A resident's download holds every personal column of the tables about
// them (as classified) with their own values, and nobody else's rows.
func TestResidentDataFor(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		st := store.New(db)
		ctx := context.Background()
		b := storetest.Pathway(t, st)
		me := storetest.Contact()
		me.FullName = "Dana Download"
		mine := storetest.SubmittedApplication(t, st, b, me)
		other := storetest.Contact()
		other.FullName = "Olly Other"
		storetest.SubmittedApplication(t, st, b, other)

		got, err := st.ResidentDataFor(ctx, me.Mobile)
		if err != nil {
			t.Fatal(err)
		}
		columns := map[string][]string{}
		rows := map[string]int{}
		var text strings.Builder
		for _, dt := range got {
			columns[dt.Table] = dt.Columns
			rows[dt.Table] = len(dt.Rows)
			for _, r := range dt.Rows {
				text.WriteString(strings.Join(r, "|") + "\n")
			}
		}
		classes, err := store.PersonalDataClassification()
		if err != nil {
			t.Fatal(err)
		}
		checked := 0
		for _, c := range classes {
			if !c.Personal || c.Handling == "staff" || c.Table == "sessions" || c.Table == "rate_limits" {
				continue // staff data; a browser's session and an address's counter are not a resident's
			}
			if c.Column == "secret" {
				continue // a live code, left out of the file on purpose
			}
			if !slices.Contains(columns[c.Table], c.Column) {
				t.Errorf("personal column %s.%s is not in the download", c.Table, c.Column)
			}
			checked++
		}
		if checked < 10 {
			t.Errorf("checked only %d personal columns", checked)
		}
		for _, want := range []string{"Dana Download", me.Mobile, b.Postcode(), *mine.Reference} {
			if !strings.Contains(text.String(), want) {
				t.Errorf("download lacks %q", want)
			}
		}
		if rows["outbox"] == 0 || rows["application_events"] == 0 || rows["residents"] != 1 {
			t.Errorf("rows by table %v; want the confirmation message, the events and one resident", rows)
		}
		if strings.Contains(text.String(), "Olly Other") || strings.Contains(text.String(), other.Mobile) {
			t.Error("download holds another resident's data")
		}
		if _, err := st.ResidentDataFor(ctx, ""); err == nil {
			t.Error("a download without a proved contact was given")
		}
	})
}
