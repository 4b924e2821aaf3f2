package database_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pressly/goose/v3"
	"gorm.io/gorm"

	"anchorpathways/internal/database"
	"anchorpathways/internal/database/dbtest"
	"anchorpathways/migrations"
)

// Applications sent before fit_score and sectors_done existed: a1 scored 47
// for its own pathway and worked in care and retail; a2 was scored only for
// another pathway and gave no sectors; a3 is a draft; a4 already has its
// score (sent since), which the migration keeps.
var beforeFit = []string{
	`INSERT INTO organisations (id, name, kind, created_at, updated_at) VALUES ('o1', 'Trust', 'employer', @w, @w)`,
	`INSERT INTO pathways (id, slug, name, ref_prefix, employer_id, is_open, created_at, updated_at) VALUES ('p1', 'p-one', 'One', 'ON', 'o1', TRUE, @w, @w)`,
	`INSERT INTO residents (id, email, preferred_channel, preferred_language, created_at, updated_at) VALUES ('r1', 'r1@example.org', 'email', 'en', @w, @w),
	 ('r2', 'r2@example.org', 'email', 'en', @w, @w), ('r3', 'r3@example.org', 'email', 'en', @w, @w), ('r4', 'r4@example.org', 'email', 'en', @w, @w)`,
	`INSERT INTO applications (id, reference, resident_id, pathway_id, status, full_name, postcode, version, submitted_at, created_at, updated_at, answers, routing)
	 VALUES ('a1', 'ON-1', 'r1', 'p1', 'submitted', 'A', 'LS9 8AB', 2, @w, @w, @w, '{"over18":true,"sectors":["care","retail"]}', '[{"PathwayID":"p2","Score":80},{"PathwayID":"p1","Score":47}]'),
	        ('a2', 'ON-2', 'r2', 'p1', 'submitted', 'B', 'LS9 8CD', 2, @w, @w, @w, '{"over18":true}', '[{"PathwayID":"p2","Score":30}]'),
	        ('a3', NULL, 'r3', 'p1', 'draft', 'C', 'LS9 8EF', 1, NULL, @w, @w, '{"sectors":["care"]}', '[{"PathwayID":"p1","Score":10}]'),
	        ('a4', 'ON-4', 'r4', 'p1', 'submitted', 'D', 'LS9 8GH', 2, @w, @w, @w, '{"sectors":["care"]}', '[{"PathwayID":"p1","Score":10}]')`,
	`UPDATE applications SET fit_score = 12, sectors_done = ',care,' WHERE id = 'a4'`,
}

// insertBeforeFit writes beforeFit, sent at w.
func insertBeforeFit(t *testing.T, db *gorm.DB, w time.Time) {
	t.Helper()
	for _, q := range beforeFit {
		var args []any
		if strings.Contains(q, "@w") {
			args = append(args, map[string]any{"w": w})
		}
		if err := db.Exec(q, args...).Error; err != nil {
			t.Fatal(err)
		}
	}
}

// wantFit checks what the migration left.
func wantFit(t *testing.T, db *gorm.DB) {
	t.Helper()
	want := map[string]struct {
		fit     int
		sectors string
	}{"a1": {47, ",care,retail,"}, "a2": {0, ""}, "a3": {0, ""}, "a4": {12, ",care,"}}
	for id, w := range want {
		var got struct {
			FitScore    int
			SectorsDone string
		}
		if err := db.Raw("SELECT fit_score, sectors_done FROM applications WHERE id = ?", id).Scan(&got).Error; err != nil {
			t.Fatal(err)
		}
		if got.FitScore != w.fit || got.SectorsDone != w.sectors {
			t.Errorf("%s: fit %d, sectors %q; want %d, %q", id, got.FitScore, got.SectorsDone, w.fit, w.sectors)
		}
	}
}

// TestFitMigrationFillsTheApplicationsSentBefore: migration 23 gives the
// applications sent before 00014 the fit score and sectors sending now
// gives, so the recruiters' pool ranks and filters them like the rest.
func TestFitMigrationFillsTheApplicationsSentBefore(t *testing.T) {
	ctx := context.Background()
	db, err := database.Open(ctx, database.Options{SQLitePath: filepath.Join(t.TempDir(), "before.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = database.Close(db) })
	sqlDB, err := db.DB()
	if err != nil {
		t.Fatal(err)
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, sqlDB, migrations.FS, goose.WithGoMigrations(database.GoMigrations(database.SQLite)...))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, int64(database.BackfillFitVersion-1)); err != nil {
		t.Fatal(err)
	}
	w := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	insertBeforeFit(t, db, w)
	if err := database.Migrate(ctx, db); err != nil {
		t.Fatal(err)
	}
	wantFit(t, db)
}

// TestFitBackfillOnPostgres runs the migration's work on PostgreSQL, whose
// placeholders differ, on a migrated schema with the same rows.
func TestFitBackfillOnPostgres(t *testing.T) {
	db := dbtest.Postgres(t)
	w := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	insertBeforeFit(t, db, w)
	if err := db.Exec("UPDATE applications SET fit_score = 0, sectors_done = '' WHERE id <> 'a4'").Error; err != nil {
		t.Fatal(err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		t.Fatal(err)
	}
	tx, err := sqlDB.BeginTx(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := database.BackfillFit(context.Background(), tx, database.Postgres); err != nil {
		_ = tx.Rollback()
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	wantFit(t, db)
}
