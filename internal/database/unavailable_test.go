package database_test

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
	"path/filepath"
	"testing"
	"time"

	"github.com/libtnb/sqlite"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"anchorpathways/internal/database"
	"anchorpathways/internal/database/dbtest"
)

// pgError has the method pgx's PgError has.
type pgError string

func (e pgError) Error() string    { return "ERROR (SQLSTATE " + string(e) + ")" }
func (e pgError) SQLState() string { return string(e) }

// Errors that mean "the database is out of reach now" are told apart from
// errors that mean a query was wrong.
func TestIsUnavailable(t *testing.T) {
	dial := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"dial error, wrapped", fmt.Errorf("store: X: %w", dial), true},
		{"deadline", fmt.Errorf("store: X: %w", context.DeadlineExceeded), true},
		{"bad connection", fmt.Errorf("store: X: %w", driver.ErrBadConn), true},
		{"postgres shutting down", fmt.Errorf("store: X: %w", pgError("57P01")), true},
		{"postgres connection failure", fmt.Errorf("store: X: %w", pgError("08006")), true},
		{"postgres too many connections", fmt.Errorf("store: X: %w", pgError("53300")), true},
		{"postgres unique violation", fmt.Errorf("store: X: %w", pgError("23505")), false},
		{"sqlite locked, as text", errors.New("database is locked (5) (SQLITE_BUSY)"), true},
		{"not found", gorm.ErrRecordNotFound, false},
		{"cancelled by the client", context.Canceled, false},
		{"anything else", errors.New("syntax error"), false},
	}
	for _, tt := range tests {
		if got := database.IsUnavailable(tt.err); got != tt.want {
			t.Errorf("%s: IsUnavailable(%v) = %v, want %v", tt.name, tt.err, got, tt.want)
		}
	}
}

// The real errors of each driver are classified too, not only the shapes
// the table above imagines.
func TestIsUnavailableRealErrors(t *testing.T) {
	t.Run("postgres server not there", func(t *testing.T) {
		// Port 1 on the loopback refuses at once.
		db, err := gorm.Open(postgres.Open("postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=5"),
			&gorm.Config{DisableAutomaticPing: true, Logger: logger.Discard})
		if err != nil {
			t.Fatal(err)
		}
		err = db.Exec("SELECT 1").Error
		if got := database.IsUnavailable(err); !got {
			t.Errorf("IsUnavailable(%v) = false, want true", err)
		}
	})
	t.Run("sqlite locked past its busy timeout", func(t *testing.T) {
		dsn := "file:" + filepath.Join(t.TempDir(), "locked.db") + "?_pragma=busy_timeout(0)&_pragma=journal_mode(WAL)"
		db, err := gorm.Open(sqlite.Open(dsn), &gorm.Config{Logger: logger.Discard})
		if err != nil {
			t.Fatal(err)
		}
		pool, err := db.DB()
		if err != nil {
			t.Fatal(err)
		}
		defer pool.Close()
		ctx := context.Background()
		if _, err := pool.ExecContext(ctx, "CREATE TABLE t (x INTEGER)"); err != nil {
			t.Fatal(err)
		}
		holder, err := pool.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer holder.Close()
		if _, err := holder.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
			t.Fatal(err)
		}
		defer func() { _, _ = holder.ExecContext(ctx, "ROLLBACK") }()
		_, err = pool.ExecContext(ctx, "INSERT INTO t VALUES (1)")
		if err == nil {
			t.Fatal("a second writer got in while the lock was held")
		}
		if got := database.IsUnavailable(err); !got {
			t.Errorf("IsUnavailable(%v) = false, want true", err)
		}
	})
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
		defer cancel()
		if err := db.WithContext(ctx).Exec("SELECT 1").Error; !database.IsUnavailable(err) {
			t.Errorf("deadline passed: IsUnavailable(%v) = false, want true", err)
		}
		if err := db.WithContext(context.Background()).Exec("SELECT nonsense FROM nowhere").Error; err == nil || database.IsUnavailable(err) {
			t.Errorf("bad query: IsUnavailable(%v) = true, want false", err)
		}
	})
}
