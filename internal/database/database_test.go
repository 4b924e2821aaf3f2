package database_test

import (
	"context"
	"sort"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/database"
	"anchorpathways/internal/database/dbtest"
)

type column struct {
	Table, Name, Type string
	NotNull           bool
}

// schemaOf lists every column of every table but goose's own, with the type
// folded to the family both dialects share.
func schemaOf(t *testing.T, db *gorm.DB) []column {
	t.Helper()
	ctx := context.Background()
	var cols []column
	if database.DialectOf(db) == database.Postgres {
		var rows []struct {
			TableName, ColumnName, DataType, IsNullable string
		}
		err := db.WithContext(ctx).Raw(`SELECT table_name, column_name, data_type, is_nullable
			FROM information_schema.columns WHERE table_schema = current_schema()`).Scan(&rows).Error
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			cols = append(cols, column{r.TableName, r.ColumnName, fold(r.DataType), r.IsNullable == "NO"})
		}
	} else {
		var tables []string
		if err := db.WithContext(ctx).Raw(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).Scan(&tables).Error; err != nil {
			t.Fatal(err)
		}
		for _, tbl := range tables {
			var rows []struct {
				Name    string
				Type    string
				NotNull int
				PK      int
			}
			// tbl comes from sqlite_master, not from input.
			if err := db.WithContext(ctx).Raw(`SELECT name, type, "notnull" AS not_null, pk FROM pragma_table_info(?)`, tbl).Scan(&rows).Error; err != nil {
				t.Fatal(err)
			}
			for _, r := range rows {
				// PostgreSQL makes primary-key columns NOT NULL; SQLite reports them as they were written.
				cols = append(cols, column{tbl, r.Name, fold(r.Type), r.NotNull == 1 || r.PK > 0})
			}
		}
	}
	var out []column
	for _, c := range cols {
		if c.Table == "goose_db_version" {
			continue
		}
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Table != out[j].Table {
			return out[i].Table < out[j].Table
		}
		return out[i].Name < out[j].Name
	})
	return out
}

func fold(typ string) string {
	typ = strings.ToLower(typ)
	switch {
	case strings.Contains(typ, "char"), typ == "text":
		return "text"
	case strings.Contains(typ, "int"):
		return "integer"
	case strings.HasPrefix(typ, "timestamp"):
		return "timestamp"
	case strings.HasPrefix(typ, "bool"):
		return "boolean"
	}
	return typ
}

func TestBothDialectsEndAtTheSameSchema(t *testing.T) {
	if dbtest.PostgresURL() == "" {
		t.Skip("TEST_DATABASE_URL not set: nothing to compare SQLite with")
	}
	lite := schemaOf(t, dbtest.SQLite(t))
	pg := schemaOf(t, dbtest.Postgres(t))
	if len(lite) < 50 {
		t.Fatalf("got %d SQLite columns, want the whole schema", len(lite))
	}
	if len(lite) != len(pg) {
		t.Fatalf("got %d columns on SQLite and %d on PostgreSQL", len(lite), len(pg))
	}
	for i := range lite {
		if lite[i] != pg[i] {
			t.Errorf("column %d: SQLite %+v, PostgreSQL %+v", i, lite[i], pg[i])
		}
	}
}

func TestMigrateTwiceIsHarmless(t *testing.T) {
	for _, n := range dbtest.All(t) {
		if err := database.Migrate(context.Background(), n.DB); err != nil {
			t.Errorf("%s: second migrate: %v", n.Name, err)
		}
	}
}

// Every column type round-trips on both dialects: such traps (a time read back
// as zero, a boolean as a string) never announce themselves.
func TestColumnTypesRoundTrip(t *testing.T) {
	type row struct {
		ID        string
		Name      string
		Kind      string
		Version   int
		CreatedAt time.Time
		UpdatedAt time.Time
	}
	type pathwayRow struct {
		ID         string
		Slug       string
		Name       string
		RefPrefix  string
		EmployerID string
		IsOpen     bool
		CreatedAt  time.Time
		UpdatedAt  time.Time
	}
	type appRow struct {
		ID          string
		ClosedAt    *time.Time
		SubmittedAt *time.Time
	}
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		when := time.Date(2026, 3, 14, 9, 26, 53, 123456000, time.UTC)
		org := row{ID: "o1", Name: "Pioneer Housing Group — Castle Vale’s", Kind: "housing_provider", Version: 7, CreatedAt: when, UpdatedAt: when}
		if err := db.WithContext(ctx).Table("organisations").Create(&org).Error; err != nil {
			t.Fatal(err)
		}
		var got row
		if err := db.WithContext(ctx).Table("organisations").Where("id = ?", "o1").Take(&got).Error; err != nil {
			t.Fatal(err)
		}
		if !got.CreatedAt.Equal(when) || got.Name != org.Name || got.Version != 7 {
			t.Errorf("got %+v, want %+v", got, org)
		}
		p := pathwayRow{ID: "p1", Slug: "abc", Name: "P", RefPrefix: "ABC", EmployerID: "o1", IsOpen: true, CreatedAt: when, UpdatedAt: when}
		if err := db.WithContext(ctx).Table("pathways").Create(&p).Error; err != nil {
			t.Fatal(err)
		}
		var gp pathwayRow
		if err := db.WithContext(ctx).Table("pathways").Where("id = ? AND is_open = ?", "p1", true).Take(&gp).Error; err != nil {
			t.Fatal(err)
		}
		if !gp.IsOpen || !gp.CreatedAt.Equal(when) {
			t.Errorf("got %+v, want open, created %v", gp, when)
		}
		if err := db.WithContext(ctx).Exec(`INSERT INTO residents (id, mobile, created_at, updated_at) VALUES ('r1', '+447700900123', ?, ?)`, when, when).Error; err != nil {
			t.Fatal(err)
		}
		if err := db.WithContext(ctx).Exec(`INSERT INTO applications (id, resident_id, pathway_id, status, full_name, postcode, created_at, updated_at)
			VALUES ('a1', 'r1', 'p1', 'draft', 'Zoë', 'B35 7PR', ?, ?)`, when, when).Error; err != nil {
			t.Fatal(err)
		}
		var ga appRow
		if err := db.WithContext(ctx).Table("applications").Where("id = ?", "a1").Take(&ga).Error; err != nil {
			t.Fatal(err)
		}
		if ga.ClosedAt != nil || ga.SubmittedAt != nil {
			t.Errorf("got %+v, want nil times", ga)
		}
		if err := db.WithContext(ctx).Table("applications").Where("id = ?", "a1").Update("closed_at", when).Error; err != nil {
			t.Fatal(err)
		}
		if err := db.WithContext(ctx).Table("applications").Where("id = ?", "a1").Take(&ga).Error; err != nil {
			t.Fatal(err)
		}
		if ga.ClosedAt == nil || !ga.ClosedAt.Equal(when) {
			t.Errorf("got closed_at %v, want %v", ga.ClosedAt, when)
		}
	})
}

func TestConstraintsHold(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		now := time.Now().UTC()
		bad := []struct {
			name string
			sql  string
		}{
			{"unknown organisation kind", `INSERT INTO organisations (id, name, kind, created_at, updated_at) VALUES ('x', 'x', 'bank', ?, ?)`},
			{"resident with no contact", `INSERT INTO residents (id, created_at, updated_at) VALUES ('x', ?, ?)`},
			{"pathway with unknown employer", `INSERT INTO pathways (id, slug, name, ref_prefix, employer_id, created_at, updated_at) VALUES ('x', 'xyz', 'x', 'XX', 'nobody', ?, ?)`},
		}
		for _, b := range bad {
			if err := db.WithContext(ctx).Exec(b.sql, now, now).Error; err == nil {
				t.Errorf("%s: got no error, want a constraint violation", b.name)
			}
		}
	})
}

func TestAuditLogIsAppendOnly(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		if err := db.WithContext(ctx).Exec(`INSERT INTO audit_log (id, occurred_at, action) VALUES ('a1', ?, 'test')`, time.Now().UTC()).Error; err != nil {
			t.Fatal(err)
		}
		if err := db.WithContext(ctx).Exec(`UPDATE audit_log SET action = 'changed'`).Error; err == nil {
			t.Error("got no error updating the audit log")
		}
		if err := db.WithContext(ctx).Exec(`DELETE FROM audit_log`).Error; err == nil {
			t.Error("got no error deleting from the audit log")
		}
		var n int64
		db.Table("audit_log").Where("action = ?", "test").Count(&n)
		if n != 1 {
			t.Errorf("got %d rows, want the original 1", n)
		}
	})
}
