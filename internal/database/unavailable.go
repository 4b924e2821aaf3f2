package database

import (
	"context"
	"database/sql/driver"
	"errors"
	"net"
	"strings"
)

// IsUnavailable reports whether err means the database cannot be reached
// or is too busy to answer now, rather than that a query was wrong: a dial
// or network error, a PostgreSQL connection failure or shutdown, too many
// connections, SQLite still locked when its busy timeout ran out, or a
// deadline that ran out while waiting for the database. The web edge
// answers these with 503 and Retry-After, so clients and load balancers
// retry instead of reporting a bug. Any caller may use it; nil is false.
func IsUnavailable(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, driver.ErrBadConn) {
		return true
	}
	// pgx's connect errors wrap the dial error, so this covers a server
	// that is not there as well as a network that drops mid-query.
	var netErr *net.OpError
	if errors.As(err, &netErr) {
		return true
	}
	// PostgreSQL's errors (pgx's PgError, also inside a connect error) say
	// what happened by SQLSTATE; asking by method keeps this package free
	// of the driver's types.
	var pg interface{ SQLState() string }
	if errors.As(err, &pg) {
		// Class 08 is "connection exception"; 57P01-57P03 are shutdowns and
		// "cannot connect now"; 53300 is too many connections.
		code := pg.SQLState()
		switch {
		case strings.HasPrefix(code, "08"), code == "57P01", code == "57P02", code == "57P03", code == "53300":
			return true
		}
		return false
	}
	// The SQLite driver's errors carry the result code; the low byte is the
	// primary code (extended codes add to it).
	var coded interface{ Code() int }
	if errors.As(err, &coded) {
		switch coded.Code() & 0xff {
		case sqliteBusy, sqliteLocked:
			return true
		}
	}
	return strings.Contains(err.Error(), "database is locked")
}

// SQLite's primary result codes for "another connection holds the lock".
const (
	sqliteBusy   = 5
	sqliteLocked = 6
)
