package database

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/pressly/goose/v3"

	"anchorpathways/internal/portal"
)

// backfillFitVersion fills applications.fit_score and sectors_done (added
// by 00014 for the recruiters' pool) for the applications sent before them:
// they held 0 and "", so the pool ranked them last and its sector filter
// never found them. Both are derived from the JSON the application already
// holds, as sending derives them (portal.FitScore, portal.SectorsDone), so
// this is Go.
const backfillFitVersion = 23

func backfillFitMigration(d Dialect) *goose.Migration {
	return goose.NewGoMigration(backfillFitVersion, &goose.GoFunc{RunTx: func(ctx context.Context, tx *sql.Tx) error {
		return backfillFit(ctx, tx, d)
	}}, nil)
}

// backfillFit is the migration's work, in tx on dialect d.
func backfillFit(ctx context.Context, tx *sql.Tx, d Dialect) error {
	update := "UPDATE applications SET fit_score = ?, sectors_done = ? WHERE id = ?"
	if d == Postgres {
		update = "UPDATE applications SET fit_score = $1, sectors_done = $2 WHERE id = $3"
	}
	type row struct {
		id, pathway string
		fit         int
		sectors     string
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, pathway_id, answers, routing FROM applications
		WHERE submitted_at IS NOT NULL AND fit_score = 0 AND sectors_done = ''`)
	if err != nil {
		return err
	}
	var todo []row
	for rows.Next() {
		var r row
		var answers, routing string
		if err := rows.Scan(&r.id, &r.pathway, &answers, &routing); err != nil {
			_ = rows.Close()
			return err
		}
		var a struct {
			Sectors []string `json:"sectors"`
		}
		var ss []portal.Suggestion
		// An application erased or made anonymous holds {} and []: it
		// gets 0 and "", as it has.
		_ = json.Unmarshal([]byte(answers), &a)
		_ = json.Unmarshal([]byte(routing), &ss)
		r.fit, r.sectors = portal.FitScore(ss, r.pathway), portal.SectorsDone(a.Sectors)
		if r.fit != 0 || r.sectors != "" {
			todo = append(todo, r)
		}
	}
	if err := rows.Err(); err != nil {
		_ = rows.Close()
		return err
	}
	if err := rows.Close(); err != nil {
		return err
	}
	for _, r := range todo {
		if _, err := tx.ExecContext(ctx, update, r.fit, r.sectors, r.id); err != nil {
			return fmt.Errorf("application %s: %w", r.id, err)
		}
	}
	return nil
}
