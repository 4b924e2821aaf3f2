// Package database opens the portal's database (an embedded SQLite file by
// default, PostgreSQL in production) and brings its schema up to date from the
// embedded migrations. It is the one place that knows which dialect is in use.
package database

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/libtnb/sqlite"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"anchorpathways/migrations"
)

// Dialect names the SQL dialect of an open database.
type Dialect string

// The two dialects the portal runs on.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// Options say which database to open.
type Options struct {
	// URL is a PostgreSQL URL (postgres:// or postgresql://); empty means the
	// embedded SQLite file in DataDir.
	URL string
	// DataDir holds the SQLite file; it is created if missing.
	DataDir string
	// SQLitePath overrides the file name inside DataDir (tests use their own).
	SQLitePath string
	// Logger receives slow-query and error reports, never query parameters.
	Logger *slog.Logger
}

// Open connects to the database named by opts. It does not migrate.
func Open(ctx context.Context, opts Options) (*gorm.DB, error) {
	// gorm's prepared statements on SQLite; on PostgreSQL pgx already caches
	// prepared statements per connection, while gorm's cache re-prepares and
	// closes them in every transaction: two extra round trips per statement
	// on the submission path (measured with cmd/loadtest).
	cfg := &gorm.Config{
		PrepareStmt:            opts.URL == "",
		SkipDefaultTransaction: true,
		NowFunc:                func() time.Time { return time.Now().UTC() },
		Logger:                 newLogger(opts.Logger),
	}
	var dialector gorm.Dialector
	var d Dialect
	switch {
	case opts.URL == "":
		path := opts.SQLitePath
		if path == "" {
			if opts.DataDir == "" {
				return nil, errors.New("database: a data directory is needed for SQLite")
			}
			if err := os.MkdirAll(opts.DataDir, 0o750); err != nil {
				return nil, fmt.Errorf("database: create data directory: %w", err)
			}
			path = filepath.Join(opts.DataDir, "portal.db")
		}
		sqlDB, err := sql.Open(sqlite.DriverName, sqliteDSN(path))
		if err != nil {
			return nil, fmt.Errorf("database: open sqlite: %w", err)
		}
		dialector = &sqlite.Dialector{Conn: newQueuedPool(sqlDB)}
		d = SQLite
	case strings.HasPrefix(opts.URL, "postgres://"), strings.HasPrefix(opts.URL, "postgresql://"):
		dialector = postgres.Open(opts.URL)
		d = Postgres
	default:
		return nil, errors.New("database: DATABASE_URL must start with postgres:// or postgresql://")
	}
	db, err := gorm.Open(dialector, cfg)
	if err != nil {
		return nil, fmt.Errorf("database: open %s: %w", d, err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, err
	}
	if d == SQLite {
		// One writer at a time is SQLite's rule; a small pool keeps readers
		// concurrent under WAL while transactions take turns (queuedPool).
		// All of them stay open when idle: database/sql keeps two by
		// default, so under load the others were closed and reopened,
		// each reopening running the pragmas and re-preparing statements.
		sqlDB.SetMaxOpenConns(8)
		sqlDB.SetMaxIdleConns(8)
	} else {
		sqlDB.SetMaxOpenConns(32)
		sqlDB.SetMaxIdleConns(32)
	}
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := sqlDB.PingContext(pingCtx); err != nil {
		_ = sqlDB.Close()
		return nil, fmt.Errorf("database: connect to %s: %w", d, err)
	}
	return db, nil
}

// sqliteDSN turns on what the portal relies on: WAL for concurrent readers,
// a busy timeout so writers queue instead of failing, foreign keys,
// temporary data in memory, and IMMEDIATE transactions so a transaction that
// reads then writes cannot fail half-way with SQLITE_BUSY.
func sqliteDSN(path string) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	// Statement journals (a statement inside a transaction that fires a
	// trigger or may fail half-way) in memory: in temporary files they were
	// about a tenth of an application's send, in write calls.
	q.Add("_pragma", "temp_store(MEMORY)")
	q.Set("_txlock", "immediate")
	// Times as text in the layout SQLite's date functions read
	// (2006-01-02 15:04:05.999999999-07:00), not Go's String() layout.
	q.Set("_time_format", "sqlite")
	return "file:" + path + "?" + q.Encode()
}

// DialectOf reports the dialect of an open database.
func DialectOf(db *gorm.DB) Dialect {
	if db.Dialector.Name() == "postgres" {
		return Postgres
	}
	return SQLite
}

// Migrate runs every embedded migration not yet applied, each in its own
// transaction. On PostgreSQL an advisory lock makes concurrent start-ups of
// several instances take turns.
func Migrate(ctx context.Context, db *gorm.DB) error {
	sqlDB, err := db.DB()
	if err != nil {
		return err
	}
	opts := []goose.ProviderOption{goose.WithGoMigrations(goMigrations(DialectOf(db))...)}
	dialect := goose.DialectSQLite3
	if DialectOf(db) == Postgres {
		dialect = goose.DialectPostgres
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	provider, err := goose.NewProvider(dialect, sqlDB, migrations.FS, opts...)
	if err != nil {
		return fmt.Errorf("database: migrations: %w", err)
	}
	if _, err := provider.Up(ctx); err != nil {
		return fmt.Errorf("database: migrate: %w", err)
	}
	return nil
}

// Ping reports whether the database answers; /readyz uses it.
func Ping(ctx context.Context, db *gorm.DB) error {
	sqlDB, err := db.DB()
	if err != nil {
		return err
	}
	return sqlDB.PingContext(ctx)
}

// Close closes the pool.
func Close(db *gorm.DB) error {
	sqlDB, err := db.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

// SQL returns the underlying pool, for tools that need database/sql.
func SQL(db *gorm.DB) (*sql.DB, error) { return db.DB() }

// LockClause is appended to a SELECT that claims rows for one worker: on
// PostgreSQL it skips rows another worker holds; SQLite has one writer at a
// time, so it needs nothing.
func LockClause(db *gorm.DB) string {
	if DialectOf(db) == Postgres {
		return " FOR UPDATE SKIP LOCKED"
	}
	return ""
}

// IsUniqueViolation reports whether err came from a UNIQUE constraint.
func IsUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return true
	}
	msg := err.Error()
	return strings.Contains(msg, "UNIQUE constraint failed") || strings.Contains(msg, "SQLSTATE 23505") ||
		strings.Contains(msg, "duplicate key value")
}

func newLogger(l *slog.Logger) logger.Interface {
	if l == nil {
		return logger.Discard
	}
	return logger.NewSlogLogger(l, logger.Config{
		SlowThreshold:             500 * time.Millisecond,
		LogLevel:                  logger.Warn,
		IgnoreRecordNotFoundError: true,
		// Parameters carry personal data; logs never do.
		ParameterizedQueries: true,
	})
}
