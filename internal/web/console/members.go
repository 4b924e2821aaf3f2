package console

// The coordinator's console: organisations, neighbourhoods and staff
// accounts. Every route here is coordinator-only (routes.go).

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/web/page"
)

// organisationKinds are the kinds of network member, for forms and lists.
var organisationKinds = []portal.Option{
	{Value: store.KindHousingProvider, Label: "Housing provider"},
	{Value: store.KindEmployer, Label: "Employer"},
	{Value: store.KindTrainingProvider, Label: "Training provider"},
	{Value: store.KindCoordinator, Label: "Network coordinator"},
}

// ---- lists: search and name-ordered keyset pages ------------------------------------

// memberList is what every console list page has: the search and the
// cursor of the next page.
type memberList struct {
	page.Page
	Q     string
	Next  string // cursor of the next page, "" on the last
	Paged bool   // not the first page
}

// encodeNameCursor is a keyset position in a name-ordered list.
func encodeNameCursor(name, id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(name + "\x00" + id))
}

// decodeNameCursor reads a cursor; a malformed one means "from the start".
func decodeNameCursor(s string) (name, id string) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || !utf8.Valid(b) {
		return "", ""
	}
	name, id, ok := strings.Cut(string(b), "\x00")
	if !ok || id == "" {
		return "", ""
	}
	return name, id
}

// readMemberList reads ?q= (trimmed, bounded) and ?after=.
func readMemberList(c echo.Context, title string) (l memberList, afterName, afterID string) {
	q := strings.TrimSpace(c.QueryParam("q"))
	if utf8.RuneCountInString(q) > 100 {
		q = string([]rune(q)[:100])
	}
	afterName, afterID = decodeNameCursor(c.QueryParam("after"))
	return memberList{Page: page.Page{Title: title}, Q: q, Paged: afterID != ""}, afterName, afterID
}

// ---- shared field rules -------------------------------------------------------------------

// cleanMemberName tidies the name of an organisation or a place: white space
// collapsed, no hidden characters, at least one letter, at most max runes.
func cleanMemberName(s string, max int) (string, error) {
	s = strings.Join(strings.Fields(s), " ")
	switch {
	case s == "":
		return "", errors.New("Enter a name")
	case utf8.RuneCountInString(s) > max:
		return "", fmt.Errorf("Name must be %d characters or fewer", max)
	}
	letter := false
	for _, r := range s {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == utf8.RuneError {
			return "", errors.New("Name must not include hidden characters – try typing it again instead of pasting it")
		}
		letter = letter || unicode.IsLetter(r)
	}
	if !letter {
		return "", errors.New("Name must include at least one letter")
	}
	return s, nil
}

// cleanContactPhone checks a UK phone number (landline or mobile) written any
// common way and returns it with its spacing tidied.
func cleanContactPhone(s string) (string, error) {
	s = strings.Join(strings.Fields(s), " ")
	var digits strings.Builder
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits.WriteRune(r)
		case r == '+' && i == 0, r == ' ', r == '-', r == '(', r == ')':
		default:
			return "", errors.New("Enter a UK phone number, like 0121 496 0000")
		}
	}
	d := digits.String()
	if strings.HasPrefix(s, "+") {
		if !strings.HasPrefix(d, "44") {
			return "", errors.New("Enter a UK phone number, like 0121 496 0000")
		}
		d = "0" + strings.TrimPrefix(strings.TrimPrefix(d, "44"), "0")
	}
	if !strings.HasPrefix(d, "0") || len(d) < 10 || len(d) > 11 {
		return "", errors.New("Enter a UK phone number, like 0121 496 0000")
	}
	return s, nil
}

// validationOf returns the validation errors a store call refused with, or
// nil for any other error.
func validationOf(err error) *portal.ValidationError {
	var v *portal.ValidationError
	if errors.As(err, &v) {
		return v
	}
	return nil
}
