package web

import (
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"anchorpathways/internal/store"
)

// Lists page with keyset cursors ("after this row"), never OFFSET or
// COUNT(*): the cost of a page does not grow with the table.

func encodeCursor(t time.Time, id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(t.UnixNano(), 10) + "|" + id))
}

// decodeCursor reads a cursor; a malformed one means "from the start".
func decodeCursor(s string) store.Cursor {
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
