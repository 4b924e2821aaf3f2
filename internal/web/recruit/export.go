package recruit

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/store"
	"anchorpathways/internal/web/auth"
)

// A cohort's CSV for the employer's HR system: names only for those offered
// a place, every cell formula-safe, UTF-8 with a byte-order mark so that
// spreadsheet programs read names in any script. Never cached; audited by
// the store.

// FormulaSafe neutralises a cell a spreadsheet would run as a formula: one
// starting with = + - @, a tab or a carriage return gets a leading
// apostrophe, which spreadsheets show as text.
func FormulaSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// WriteCSV writes rows as formula-safe CSV with a UTF-8 byte-order mark.
func WriteCSV(rows [][]string) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("\uFEFF")
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	for _, r := range rows {
		safe := make([]string, len(r))
		for i, cell := range r {
			safe[i] = FormulaSafe(cell)
		}
		if err := w.Write(safe); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

// Export answers GET /staff/pathways/:id/cohorts/:cohort/export.csv (the
// employer's recruiters, coordinator).
func (h *Handler) Export(c echo.Context) error {
	rows, err := h.store.ExportCohort(c.Request().Context(), auth.Actor(c), c.Param("id"), c.Param("cohort"))
	if err != nil {
		return err
	}
	body, err := WriteCSV(append([][]string{store.ExportHeader}, rows...))
	if err != nil {
		return err
	}
	hd := c.Response().Header()
	hd.Set("Cache-Control", "no-store")
	hd.Set("Content-Disposition", `attachment; filename="cohort.csv"`)
	hd.Set("X-Content-Type-Options", "nosniff")
	return c.Blob(http.StatusOK, "text/csv; charset=utf-8", body)
}
