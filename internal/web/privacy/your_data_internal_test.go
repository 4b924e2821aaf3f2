package privacy

import (
	"testing"

	"anchorpathways/internal/i18n"
)

// TestValueMessagesExist: every message the your-data page names for a
// stored value is in every language (a missing one would show its id).
func TestValueMessagesExist(t *testing.T) {
	for key, values := range valueMessages {
		for v, id := range values {
			for _, l := range i18n.Words().Languages() {
				if got := i18n.Words().Locale(l.Code).T(id); got == id || got == "" {
					t.Errorf("%s.%s = %q: message %s is missing in %s", key[0], key[1], v, id, l.Code)
				}
			}
		}
	}
}
