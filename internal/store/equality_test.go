package store_test

import (
	"context"
	"testing"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
)

func cell(t *testing.T, tables []store.EqualityTable, legend, label string) store.EqualityCell {
	t.Helper()
	for _, tb := range tables {
		if tb.Legend == legend {
			for _, c := range tb.Cells {
				if c.Label == label {
					return c
				}
			}
		}
	}
	t.Fatalf("no cell %s / %s", legend, label)
	return store.EqualityCell{}
}

// Answers are kept apart from the application; counts under 5 are
// suppressed, at the boundary (4 hidden, 5 shown), with a second cell
// hidden when one alone would be derivable from the total.
func TestEqualitySuppression(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		st := store.New(db)
		ctx := context.Background()
		b := storetest.Pathway(t, st, storetest.Places(50))
		answer := func(sex string, n int) {
			for range n {
				app := storetest.SubmittedApplication(t, st, b)
				ok, err := st.RecordEquality(ctx, app.ID, store.EqualityAnswers{"sex": sex, "disability": "no"})
				if err != nil || !ok {
					t.Fatalf("RecordEquality = %v, %v", ok, err)
				}
				if again, err := st.RecordEquality(ctx, app.ID, store.EqualityAnswers{"sex": sex}); err != nil || again {
					t.Fatalf("second answer = %v, %v; want ignored", again, err)
				}
			}
		}
		answer("female", 5)
		answer("male", 4)
		answer("prefer_not", 6)
		month := st.Now().Format("2006-01")
		got, err := st.EqualityTotals(ctx, month, month)
		if err != nil {
			t.Fatal(err)
		}
		sex := "What is your sex?"
		if c := cell(t, got, sex, "Male"); !c.Suppressed {
			t.Errorf("4 males shown: %+v", c)
		}
		if c := cell(t, got, sex, "Female"); !c.Suppressed {
			t.Errorf("5 females shown beside one suppressed cell and the total: %+v (secondary suppression)", c)
		}
		if c := cell(t, got, sex, "Prefer not to say"); c.Suppressed || c.Shown() != "6" {
			t.Errorf("6 who preferred not to say: %+v, want shown", c)
		}
		if c := cell(t, got, "What is your age?", "Not answered"); c.Shown() != "15" {
			t.Errorf("age not answered = %s, want 15", c.Shown())
		}

		answer("male", 1) // 5 males: nothing is suppressed now
		got, _ = st.EqualityTotals(ctx, month, month)
		for _, label := range []string{"Male", "Female"} {
			if c := cell(t, got, sex, label); c.Suppressed || c.Count != 5 {
				t.Errorf("%s: %+v, want 5 shown", label, c)
			}
		}
		cts, _ := db.Migrator().ColumnTypes("equality_answers")
		for _, c := range cts {
			if c.Name() == "application_id" || c.Name() == "resident_id" || c.Name() == "created_at" {
				t.Errorf("equality_answers has %s: it could be followed back to a person", c.Name())
			}
		}
		if _, err := st.RecordEquality(ctx, "x", store.EqualityAnswers{"sex": "robot"}); err == nil {
			t.Error("an answer not offered was accepted")
		}
	})
}
