package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"gorm.io/gorm"
)

// The floors are what this machine allows any implementation, measured in
// the same run as the bare handler: a case's ratio cannot rise above its
// floor's, whatever the portal's code does.
//
//   - page-floor serves the pathway page's own bytes, fetched once from the
//     portal, compressed per request as the portal compresses (level 1),
//     with no database, template or portal middleware.
//   - commit-floor answers a POST with the least a send must write, on the
//     run's own database through the portal's pool: update one row and
//     insert one (the application's status and its confirmation message)
//     atomically, with no session, form or template. On PostgreSQL that is
//     one statement (one round trip); SQLite has no round trips, so it is a
//     transaction of two.

// floorPage returns a server of the page floor for the bytes at pageURL.
func floorPage(c *http.Client, pageURL string) (base string, stop func(), err error) {
	res, err := c.Get(pageURL)
	if err != nil {
		return "", nil, err
	}
	body, err := io.ReadAll(res.Body)
	_ = res.Body.Close()
	if err != nil {
		return "", nil, err
	}
	if res.StatusCode != http.StatusOK {
		return "", nil, fmt.Errorf("GET %s: status %d", pageURL, res.StatusCode)
	}
	e := bareEcho()
	e.Use(middleware.GzipWithConfig(middleware.GzipConfig{Level: 1}))
	e.GET("/page", func(c echo.Context) error { return c.HTMLBlob(http.StatusOK, body) })
	return serve(e)
}

// floorRows is how many rows the commit floor spreads its updates over, so
// that its clients seldom wait for one another's row.
const floorRows = 4096

// floorCommit makes the commit floor's two tables in db (the run's own
// database, dropped with it) and returns a server of the floor.
func floorCommit(ctx context.Context, db *gorm.DB) (base string, stop func(), err error) {
	for _, q := range []string{
		"CREATE TABLE loadtest_floor_rows (id integer PRIMARY KEY, n integer NOT NULL)",
		"CREATE TABLE loadtest_floor_log (row_id integer NOT NULL, n integer NOT NULL)",
	} {
		if err := db.WithContext(ctx).Exec(q).Error; err != nil {
			return "", nil, fmt.Errorf("commit floor: %w", err)
		}
	}
	rows := make([]map[string]any, floorRows)
	for i := range rows {
		rows[i] = map[string]any{"id": i, "n": 0}
	}
	if err := db.WithContext(ctx).Table("loadtest_floor_rows").CreateInBatches(rows, 500).Error; err != nil {
		return "", nil, fmt.Errorf("commit floor: %w", err)
	}
	e := bareEcho()
	e.POST("/commit", func(c echo.Context) error {
		id, err := strconv.Atoi(c.FormValue("id"))
		if err != nil {
			return echo.ErrBadRequest
		}
		id %= floorRows
		db := db.WithContext(c.Request().Context())
		if db.Dialector.Name() == "postgres" {
			// One statement, one round trip: the least a send can cost.
			err = db.Exec(`WITH u AS (UPDATE loadtest_floor_rows SET n = n + 1 WHERE id = ? RETURNING id)
				INSERT INTO loadtest_floor_log (row_id, n) SELECT id, 1 FROM u`, id).Error
		} else {
			err = db.Transaction(func(tx *gorm.DB) error {
				if err := tx.Exec("UPDATE loadtest_floor_rows SET n = n + 1 WHERE id = ?", id).Error; err != nil {
					return err
				}
				return tx.Exec("INSERT INTO loadtest_floor_log (row_id, n) VALUES (?, 1)", id).Error
			})
		}
		if err != nil {
			return err
		}
		return c.HTML(http.StatusOK, barePage)
	})
	return serve(e)
}
