package portal

import (
	"errors"
	"strings"
)

// The three errors the web layer maps to HTTP responses, once, at the edge.
// Wrap them with fmt.Errorf("...: %w", ErrX) and test with errors.Is.
var (
	// ErrNotFound means the thing does not exist or the caller may not know it exists.
	ErrNotFound = errors.New("not found")
	// ErrForbidden means the thing exists but this actor may not do that to it.
	ErrForbidden = errors.New("forbidden")
	// ErrConflict means the request clashes with the current state: a move the
	// state machine does not allow, a stale version, or a duplicate.
	ErrConflict = errors.New("conflict")
)

// FieldError is one problem with one form field, in plain English that tells
// the user how to fix it.
type FieldError struct{ Field, Message string }

// ValidationError collects field errors in the order the fields appear on the
// page, which is the order the GOV.UK error summary lists them.
// The zero value is ready to use.
type ValidationError struct{ Errors []FieldError }

// Error joins every message, for logs and tests; pages use Errors and For.
func (v *ValidationError) Error() string {
	if v.Empty() {
		return "validation failed"
	}
	var b strings.Builder
	b.WriteString("validation failed: ")
	for i, e := range v.Errors {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(e.Field)
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	return b.String()
}

// Add records message against field. Only the first message per field is
// kept: GOV.UK pages show one error per field, the most basic one first.
func (v *ValidationError) Add(field, message string) {
	if v.Has(field) {
		return
	}
	v.Errors = append(v.Errors, FieldError{Field: field, Message: message})
}

// AddErr records err's text against field when err is not nil, so the
// Normalise functions' errors can be collected in one line each.
func (v *ValidationError) AddErr(field string, err error) {
	if err != nil {
		v.Add(field, err.Error())
	}
}

// For returns the message for field, or "" if the field has none.
func (v *ValidationError) For(field string) string {
	if v == nil {
		return ""
	}
	for _, e := range v.Errors {
		if e.Field == field {
			return e.Message
		}
	}
	return ""
}

// Has reports whether field has a message.
func (v *ValidationError) Has(field string) bool {
	if v == nil {
		return false
	}
	for _, e := range v.Errors {
		if e.Field == field {
			return true
		}
	}
	return false
}

// Empty reports whether there are no errors; a nil *ValidationError is empty.
func (v *ValidationError) Empty() bool { return v == nil || len(v.Errors) == 0 }

// Err returns nil when there are no errors and v otherwise, so a validator
// can end with `return v.Err()` without returning a typed nil in an error.
func (v *ValidationError) Err() error {
	if v.Empty() {
		return nil
	}
	return v
}
