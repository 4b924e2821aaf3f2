package privacy

import "time"

// validMonth reports whether s is a month written 2026-01.
func validMonth(s string) bool {
	_, err := time.Parse("2006-01", s)
	return err == nil
}
