package database

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/pressly/goose/v3"

	"anchorpathways/migrations"
)

// Migration 00010 makes new pathways drafts; pathways open before it stay
// published (is_open, and a published_at), closed ones become drafts. The
// statements are plain SQL, the same on both dialects; the schema they end
// at is compared by TestBothDialectsEndAtTheSameSchema.
func TestMigrationKeepsOpenPathwaysPublished(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, Options{SQLitePath: filepath.Join(t.TempDir(), "before.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = Close(db) })
	sqlDB, err := db.DB()
	if err != nil {
		t.Fatal(err)
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, sqlDB, migrations.FS, goose.WithGoMigrations(goMigrations(SQLite)...))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, 9); err != nil {
		t.Fatal(err)
	}
	when := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	for _, q := range []string{
		`INSERT INTO organisations (id, name, kind, created_at, updated_at) VALUES ('o1', 'Trust', 'employer', @w, @w)`,
		`INSERT INTO pathways (id, slug, name, ref_prefix, employer_id, is_open, created_at, updated_at) VALUES ('open', 'open-one', 'Open', 'OP', 'o1', TRUE, @w, @w)`,
		`INSERT INTO pathways (id, slug, name, ref_prefix, employer_id, is_open, created_at, updated_at) VALUES ('shut', 'shut-one', 'Shut', 'SH', 'o1', FALSE, @w, @w)`,
	} {
		if err := db.Exec(q, map[string]any{"w": when}).Error; err != nil {
			t.Fatal(err)
		}
	}
	if err := Migrate(ctx, db); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		id            string
		wantOpen      bool
		wantPublished *time.Time
	}{
		{"open", true, &when},
		{"shut", false, nil},
	}
	for _, tt := range tests {
		var got struct {
			IsOpen      bool
			PublishedAt *time.Time
		}
		if err := db.Table("pathways").Select("is_open, published_at").Where("id = ?", tt.id).Take(&got).Error; err != nil {
			t.Fatal(err)
		}
		samePublished := (got.PublishedAt == nil) == (tt.wantPublished == nil) && (got.PublishedAt == nil || got.PublishedAt.Equal(*tt.wantPublished))
		if got.IsOpen != tt.wantOpen || !samePublished {
			t.Errorf("%s: got open %v, published %v; want open %v, published %v", tt.id, got.IsOpen, got.PublishedAt, tt.wantOpen, tt.wantPublished)
		}
	}
}
