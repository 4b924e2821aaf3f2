// Package dbtest gives tests real, migrated databases: SQLite always, and
// PostgreSQL too whenever TEST_DATABASE_URL names a server. Each database is
// the test's own (a fresh SQLite file, or a fresh PostgreSQL schema), so
// concurrency tests see real commits, never a rolled-back transaction.
package dbtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"gorm.io/gorm"

	"anchorpathways/internal/database"
)

// Named is one database to run a test against.
type Named struct {
	Name string
	DB   *gorm.DB
}

// PostgresURL is the server tests use, or "" when none was given.
func PostgresURL() string { return os.Getenv("TEST_DATABASE_URL") }

// All returns a fresh migrated SQLite database and, when TEST_DATABASE_URL is
// set, a fresh migrated PostgreSQL schema. In CI (CI set) a missing
// TEST_DATABASE_URL fails the test: the suite must run on both.
func All(t testing.TB) []Named {
	t.Helper()
	out := []Named{{Name: "sqlite", DB: SQLite(t)}}
	if PostgresURL() != "" {
		out = append(out, Named{Name: "postgres", DB: Postgres(t)})
	} else if os.Getenv("CI") != "" {
		t.Fatal("CI is set but TEST_DATABASE_URL is empty: the suite must run on PostgreSQL too")
	}
	return out
}

// Each runs fn as a subtest once per database from All.
func Each(t *testing.T, fn func(t *testing.T, db *gorm.DB)) {
	t.Helper()
	for _, n := range All(t) {
		t.Run(n.Name, func(t *testing.T) { fn(t, n.DB) })
	}
}

// SQLite opens a migrated SQLite database in a new file under t.TempDir.
func SQLite(t testing.TB) *gorm.DB {
	t.Helper()
	ctx := context.Background()
	db, err := database.Open(ctx, database.Options{SQLitePath: filepath.Join(t.TempDir(), "test.db")})
	if err != nil {
		t.Fatalf("open sqlite: %v", err)
	}
	t.Cleanup(func() { _ = database.Close(db) })
	if err := database.Migrate(ctx, db); err != nil {
		t.Fatalf("migrate sqlite: %v", err)
	}
	return db
}

// Postgres opens a migrated, empty schema of its own on TEST_DATABASE_URL and
// drops it when the test ends. It skips the test when no URL is set.
func Postgres(t testing.TB) *gorm.DB {
	t.Helper()
	base := PostgresURL()
	if base == "" {
		t.Skip("TEST_DATABASE_URL not set")
	}
	ctx := context.Background()
	admin, err := database.Open(ctx, database.Options{URL: base})
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	// The schema name is generated above, never user input.
	if err := admin.WithContext(ctx).Exec("CREATE SCHEMA " + schema).Error; err != nil {
		t.Fatalf("create schema: %v", err)
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parse TEST_DATABASE_URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	db, err := database.Open(ctx, database.Options{URL: u.String()})
	if err != nil {
		t.Fatalf("open postgres schema: %v", err)
	}
	t.Cleanup(func() {
		_ = database.Close(db)
		_ = admin.Exec("DROP SCHEMA " + schema + " CASCADE").Error
		_ = database.Close(admin)
	})
	if err := database.Migrate(ctx, db); err != nil {
		t.Fatalf("migrate postgres: %v", err)
	}
	return db
}
