package reports

import (
	"bytes"
	"encoding/csv"
	"strings"

	"github.com/labstack/echo/v4"
)

// formulaSafe keeps a spreadsheet from running a cell as a formula: a cell
// that starts with = + - @ or a control character is prefixed with '.
// Names (a pathway's, a neighbourhood's) are typed by staff and could.
func formulaSafe(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}

// writeCSV sends t as a CSV file, with a byte-order mark so spreadsheet
// programs read it as UTF-8.
func writeCSV(c echo.Context, filename string, t Table) error {
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	w := csv.NewWriter(&buf)
	rows := append([][]string{t.Head}, t.Rows...)
	for _, row := range rows {
		safe := make([]string, len(row))
		for i, cell := range row {
			safe[i] = formulaSafe(cell)
		}
		if err := w.Write(safe); err != nil {
			return err
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	h.Set("Cache-Control", "no-store")
	return c.Blob(200, "text/csv; charset=utf-8", buf.Bytes())
}
