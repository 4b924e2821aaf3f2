package page

import (
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"anchorpathways/internal/store"
)

// Lists page with keyset cursors ("after this row"), never OFFSET or
// COUNT(*): the cost of a page does not grow with the table.

// ListSize is the number of rows a staff list shows per page.
const ListSize = 25

// EncodeCursor is the "after" parameter of the page that follows the row
// (t, id).
func EncodeCursor(t time.Time, id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(t.UnixNano(), 10) + "|" + id))
}

// DecodeCursor reads a cursor; a malformed one means "from the start".
func DecodeCursor(s string) store.Cursor {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return store.Cursor{}
	}
	ns, id, ok := strings.Cut(string(b), "|")
	n, err := strconv.ParseInt(ns, 10, 64)
	if !ok || err != nil || id == "" {
		return store.Cursor{}
	}
	return store.Cursor{Time: time.Unix(0, n).UTC(), ID: id}
}
