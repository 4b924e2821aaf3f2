package store_test

import (
	"testing"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/store"
)

// Every column of the live schema, on both dialects, is classified as
// personal or not; a column a migration adds without a line in
// migrations/personal_data.tsv fails here. Every classified column exists.
func TestEveryColumnIsClassified(t *testing.T) {
	classes, err := store.PersonalDataClassification()
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, c := range classes {
		key := c.Table + "." + c.Column
		if known[key] {
			t.Errorf("%s is classified twice", key)
		}
		known[key] = true
	}
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		tables, err := db.Migrator().GetTables()
		if err != nil {
			t.Fatal(err)
		}
		live := map[string]bool{}
		for _, table := range tables {
			if table == "goose_db_version" || table == "sqlite_sequence" {
				continue
			}
			cols, err := db.Migrator().ColumnTypes(table)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range cols {
				key := table + "." + c.Name()
				live[key] = true
				if !known[key] {
					t.Errorf("%s is not in migrations/personal_data.tsv: classify it (personal or not, and how it is erased)", key)
				}
			}
		}
		for key := range known {
			if !live[key] {
				t.Errorf("%s is classified but not in the schema", key)
			}
		}
	})
}
