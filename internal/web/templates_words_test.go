package web

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"anchorpathways/templates"
)

// residentTemplates are the templates of pages a resident sees (the rest are
// staff pages, in English only).
var residentTemplates = []string{"pages/apply/", "pages/public/", "pages/respond/", "pages/status/", "pages/sustain/",
	"pages/errors/", "pages/privacy/your-data.html", "pages/privacy/equality.html"}

// TestResidentTemplatesHaveNoLiteralWords: every word on a resident page
// comes through $.T (or a value translated in Go). Words typed straight into
// a resident template would stay English in every language, and the other
// language tests only see the pages their journeys reach.
func TestResidentTemplatesHaveNoLiteralWords(t *testing.T) {
	actions := regexp.MustCompile(`(?s)\{\{.*?\}\}`)
	words := regexp.MustCompile(`>([^<>]*\p{L}{2,}[^<>]*)<`)
	checked := 0
	err := fs.WalkDir(templates.FS, "pages", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
			return err
		}
		resident := false
		for _, prefix := range residentTemplates {
			resident = resident || strings.HasPrefix(path, prefix)
		}
		if !resident {
			return nil
		}
		checked++
		b, err := fs.ReadFile(templates.FS, path)
		if err != nil {
			return err
		}
		for _, m := range words.FindAllStringSubmatch(actions.ReplaceAllString(string(b), ""), -1) {
			t.Errorf("%s: %q is written in the template, not through $.T", path, strings.TrimSpace(m[1]))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 20 {
		t.Errorf("checked %d resident templates; the list of their folders is out of date", checked)
	}
}
