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

// auditRetentionVersion lets the retention job delete audit rows older than
// two years, and nothing else.
const auditRetentionVersion = 22

// AuditKeptFor is how long the audit log is kept; the trigger refuses to
// delete a younger row, by the database's own clock.
const AuditKeptFor = "2 years"

// goMigrations are the migrations written in Go, for dialect d.
func goMigrations(d Dialect) []*goose.Migration {
	return []*goose.Migration{appendOnlyMigration(d), reportTallyMigration(d), auditRetentionMigration(d), backfillFitMigration(d)}
}

// auditRetentionMigration replaces the audit log's refusal to delete with a
// refusal to delete any row younger than AuditKeptFor by the database's
// clock: the retention job removes the older ones (AuditOlderThanKept);
// updates and truncation stay refused.
func auditRetentionMigration(d Dialect) *goose.Migration {
	stmts := map[Dialect][]string{
		SQLite: {
			`DROP TRIGGER audit_log_no_delete`,
			`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log WHEN julianday(OLD.occurred_at) >= julianday('now', '-2 years')
			BEGIN SELECT RAISE(ABORT, 'audit_log rows are kept for 2 years'); END`,
		},
		Postgres: {
			`CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
			BEGIN
				IF TG_OP = 'DELETE' AND OLD.occurred_at < (now() AT TIME ZONE 'UTC') - interval '2 years' THEN RETURN OLD; END IF;
				RAISE EXCEPTION 'audit_log is append-only, and its rows are kept for 2 years';
			END $$`,
		},
	}[d]
	return goose.NewGoMigration(auditRetentionVersion, &goose.GoFunc{RunTx: func(ctx context.Context, tx *sql.Tx) error {
		for _, s := range stmts {
			if _, err := tx.ExecContext(ctx, s); err != nil {
				return err
			}
		}
		return nil
	}}, nil)
}

// AuditOlderThanKept is the condition, in d's SQL, of the audit rows the
// trigger lets go: older than AuditKeptFor by the database's clock.
func AuditOlderThanKept(d Dialect) string {
	if d == Postgres {
		return "occurred_at < (now() AT TIME ZONE 'UTC') - interval '2 years'"
	}
	return "julianday(occurred_at) < julianday('now', '-2 years')"
}

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
