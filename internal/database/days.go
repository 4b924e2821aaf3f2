package database

import "gorm.io/gorm"

// DaysBetween is the SQL for the number of days (a fraction) from the
// TIMESTAMP column expression from to the one to: date arithmetic is one of
// the few things the two dialects write differently. from and to must be
// column names written by the caller, never input.
func DaysBetween(db *gorm.DB, from, to string) string {
	if DialectOf(db) == Postgres {
		return "(EXTRACT(EPOCH FROM (" + to + " - " + from + ")) / 86400.0)"
	}
	return "(julianday(" + to + ") - julianday(" + from + "))"
}
