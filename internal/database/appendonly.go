package database

import (
	"context"
	"database/sql"

	"github.com/pressly/goose/v3"
)

// appendOnlyVersion is the migration that makes the audit log append-only.
// Triggers are written differently in each dialect, so this one migration is
// Go, numbered among the SQL files; everything else stays in SQL.
const appendOnlyVersion = 3

// appendOnlyMigration refuses UPDATE and DELETE on audit_log, so the portal
// (or anyone with its credentials) cannot rewrite history.
func appendOnlyMigration(d Dialect) *goose.Migration {
	stmts := map[Dialect][]string{
		SQLite: {
			`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,
			`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,
		},
		Postgres: {
			`CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
			BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`,
			`CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
			FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`,
			`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
			FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`,
		},
	}[d]
	return goose.NewGoMigration(appendOnlyVersion, &goose.GoFunc{RunTx: func(ctx context.Context, tx *sql.Tx) error {
		for _, s := range stmts {
			if _, err := tx.ExecContext(ctx, s); err != nil {
				return err
			}
		}
		return nil
	}}, nil)
}
