package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"

	"gorm.io/gorm"

	"anchorpathways/internal/database"
)

// openDB opens and migrates a database of the run's own: a SQLite file in a
// temporary directory, or a new schema on the PostgreSQL server. cleanup
// removes it.
func openDB(ctx context.Context, name, pgURL string) (*gorm.DB, func(), error) {
	if name == "sqlite" {
		dir, err := os.MkdirTemp("", "loadtest-")
		if err != nil {
			return nil, nil, err
		}
		db, err := database.Open(ctx, database.Options{SQLitePath: filepath.Join(dir, "load.db")})
		if err != nil {
			_ = os.RemoveAll(dir)
			return nil, nil, err
		}
		cleanup := func() { _ = database.Close(db); _ = os.RemoveAll(dir) }
		if err := database.Migrate(ctx, db); err != nil {
			cleanup()
			return nil, nil, err
		}
		return db, cleanup, nil
	}
	admin, err := database.Open(ctx, database.Options{URL: pgURL})
	if err != nil {
		return nil, nil, err
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "loadtest_" + hex.EncodeToString(b[:])
	// The schema name is generated here, never input.
	if err := admin.WithContext(ctx).Exec("CREATE SCHEMA " + schema).Error; err != nil {
		_ = database.Close(admin)
		return nil, nil, err
	}
	dropSchema := func() {
		_ = admin.Exec("DROP SCHEMA " + schema + " CASCADE").Error
		_ = database.Close(admin)
	}
	u, err := url.Parse(pgURL)
	if err != nil {
		dropSchema()
		return nil, nil, err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	db, err := database.Open(ctx, database.Options{URL: u.String()})
	if err != nil {
		dropSchema()
		return nil, nil, err
	}
	cleanup := func() { _ = database.Close(db); dropSchema() }
	if err := database.Migrate(ctx, db); err != nil {
		cleanup()
		return nil, nil, err
	}
	return db, cleanup, nil
}
