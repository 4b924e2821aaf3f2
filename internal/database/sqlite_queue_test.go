package database

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/libtnb/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// queuedSQLite opens a SQLite file whose busy timeout is only busyMS, behind
// the turn-taking pool Open uses.
func queuedSQLite(t *testing.T, busyMS string) (*gorm.DB, *queuedPool) {
	t.Helper()
	dsn := sqliteDSN(filepath.Join(t.TempDir(), "queue.db"))
	dsn = strings.Replace(dsn, "busy_timeout%2810000%29", "busy_timeout%28"+busyMS+"%29", 1)
	if !strings.Contains(dsn, "busy_timeout%28"+busyMS+"%29") {
		t.Fatalf("DSN %q has no busy timeout to shorten", dsn)
	}
	sqlDB, err := sql.Open(sqlite.DriverName, dsn)
	if err != nil {
		t.Fatal(err)
	}
	sqlDB.SetMaxOpenConns(8)
	pool := newQueuedPool(sqlDB)
	db, err := gorm.Open(&sqlite.Dialector{Conn: pool}, &gorm.Config{PrepareStmt: true, SkipDefaultTransaction: true, Logger: logger.Discard})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sqlDB.Close() })
	if err := db.Exec("CREATE TABLE tally (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)").Error; err != nil {
		t.Fatal(err)
	}
	if err := db.Exec("INSERT INTO tally (id, n) VALUES (1, 0)").Error; err != nil {
		t.Fatal(err)
	}
	return db, pool
}

// A burst of transactions far longer than SQLite's busy timeout all succeed:
// each waits for its turn in the process, not on SQLite's lock, so none is
// starved. (Without the queue, with a 100 ms busy timeout and 40 writers
// holding the lock for 10 ms each, most fail with SQLITE_BUSY.)
func TestSQLiteTransactionsTakeTurns(t *testing.T) {
	db, _ := queuedSQLite(t, "100")
	const writers = 40
	var wg sync.WaitGroup
	errs := make([]error, writers)
	start := make(chan struct{})
	for i := range writers {
		wg.Go(func() {
			<-start
			errs[i] = db.Transaction(func(tx *gorm.DB) error {
				var n int
				if err := tx.Raw("SELECT n FROM tally WHERE id = 1").Scan(&n).Error; err != nil {
					return err
				}
				time.Sleep(10 * time.Millisecond)
				return tx.Exec("UPDATE tally SET n = ? WHERE id = 1", n+1).Error
			})
		})
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("writer %d: %v", i, err)
		}
	}
	var n int
	if err := db.Raw("SELECT n FROM tally WHERE id = 1").Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	if n != writers {
		t.Errorf("tally = %d, want %d (a lost update)", n, writers)
	}
}

// The turn comes back however a transaction ends, and a caller that gives up
// waiting does not keep it.
func TestSQLiteTurnIsGivenBack(t *testing.T) {
	db, pool := queuedSQLite(t, "100")
	boom := errors.New("boom")
	if err := db.Transaction(func(tx *gorm.DB) error { return boom }); !errors.Is(err, boom) {
		t.Fatalf("rolled back transaction: %v", err)
	}
	func() {
		defer func() { _ = recover() }()
		_ = db.Transaction(func(tx *gorm.DB) error { panic("in a transaction") })
	}()
	if err := db.Transaction(func(tx *gorm.DB) error { return tx.Exec("UPDATE tally SET n = n + 1").Error }); err != nil {
		t.Fatalf("after a rollback and a panic: %v", err)
	}

	// Hold the turn; a caller with a short deadline gives up, and so does one
	// past the pool's own bound.
	held := db.Begin()
	if held.Error != nil {
		t.Fatal(held.Error)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error { return nil }); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("waiting past the deadline: %v, want context.DeadlineExceeded", err)
	}
	pool.wait = 20 * time.Millisecond
	if err := db.Transaction(func(tx *gorm.DB) error { return nil }); !errors.Is(err, errNoTurn) {
		t.Errorf("waiting past the bound: %v, want errNoTurn", err)
	}
	pool.wait = time.Minute
	if err := held.Commit().Error; err != nil {
		t.Fatal(err)
	}
	if err := db.Transaction(func(tx *gorm.DB) error { return tx.Exec("UPDATE tally SET n = n + 1").Error }); err != nil {
		t.Fatalf("after the held transaction ended: %v", err)
	}
	if sqlDB, err := db.DB(); err != nil || sqlDB != pool.DB {
		t.Errorf("db.DB() = %v, %v; want the pool's *sql.DB", sqlDB, err)
	}
}

// A statement gorm prepared inside a transaction, and keeps, still works
// once that transaction has ended: it was prepared on the pool, so later
// transactions reuse it compiled instead of compiling it (and the triggers
// it fires) again. One prepared on the transaction would be closed with it.
func TestSQLiteStatementsOutliveTheirTransaction(t *testing.T) {
	db, _ := queuedSQLite(t, "100")
	const q = "UPDATE tally SET n = n + ? WHERE id = 1"
	if err := db.Transaction(func(tx *gorm.DB) error { return tx.Exec(q, 1).Error }); err != nil {
		t.Fatal(err)
	}
	kept, ok := db.ConnPool.(*gorm.PreparedStmtDB).Stmts.Get(q)
	if !ok {
		t.Fatalf("gorm kept no statement for %q", q)
	}
	if _, err := kept.Stmt.Exec(1); err != nil {
		t.Fatalf("the kept statement after its transaction: %v", err)
	}
	if err := db.Transaction(func(tx *gorm.DB) error { return tx.Exec(q, 1).Error }); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.Raw("SELECT n FROM tally WHERE id = 1").Scan(&n).Error; err != nil || n != 3 {
		t.Errorf("tally = %d, %v; want 3", n, err)
	}
}
