package database_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"anchorpathways/internal/database"
)

// TestSQLiteKeepsItsConnectionsOpen: after a burst that uses every
// connection of the SQLite pool, all of them stay open for the next one.
// database/sql keeps two idle connections unless told otherwise, so under
// load the rest were closed and reopened, each time running the pragmas
// again and re-preparing every statement on the new connection.
func TestSQLiteKeepsItsConnectionsOpen(t *testing.T) {
	ctx := context.Background()
	sqlDB := openSQLite(t)
	var err error
	open := sqlDB.Stats().MaxOpenConnections
	if open < 2 {
		t.Fatalf("the pool allows %d connections: want readers to run side by side", open)
	}
	for range 3 {
		conns := make([]*sql.Conn, open)
		for i := range conns {
			if conns[i], err = sqlDB.Conn(ctx); err != nil {
				t.Fatal(err)
			}
		}
		for _, c := range conns {
			_ = c.Close()
		}
	}
	st := sqlDB.Stats()
	if st.Idle != open || st.MaxIdleClosed != 0 {
		t.Errorf("after bursts of %d: %d idle, %d closed for being over the idle limit; want %d idle, none closed",
			open, st.Idle, st.MaxIdleClosed, open)
	}
}

// TestSQLiteStatementJournalsInMemory: every connection keeps temporary
// data (statement journals for triggers and conflict clauses) in memory,
// not in temporary files written on every send.
func TestSQLiteStatementJournalsInMemory(t *testing.T) {
	ctx := context.Background()
	sqlDB := openSQLite(t)
	var err error
	conns := make([]*sql.Conn, sqlDB.Stats().MaxOpenConnections)
	for i := range conns {
		if conns[i], err = sqlDB.Conn(ctx); err != nil {
			t.Fatal(err)
		}
		defer conns[i].Close()
		var store int
		if err := conns[i].QueryRowContext(ctx, "PRAGMA temp_store").Scan(&store); err != nil {
			t.Fatal(err)
		}
		if store != 2 { // MEMORY
			t.Errorf("connection %d: temp_store = %d, want 2 (memory)", i, store)
		}
	}
}

// openSQLite opens a new SQLite database as the portal does, closed when
// the test ends.
func openSQLite(t *testing.T) *sql.DB {
	t.Helper()
	db, err := database.Open(context.Background(), database.Options{SQLitePath: filepath.Join(t.TempDir(), "portal.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = database.Close(db) })
	sqlDB, err := db.DB()
	if err != nil {
		t.Fatal(err)
	}
	return sqlDB
}
