// Package migrations holds the SQL that is the schema: numbered, forward-only
// files run in order at start-up, each in its own transaction. The same files
// run on SQLite and PostgreSQL, so they use only SQL both understand.
package migrations

import "embed"

// FS holds every migration file.
//
//go:embed *.sql
var FS embed.FS
