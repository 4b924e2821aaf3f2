package i18n

import (
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// messages parses one embedded file as go-i18n does.
func messages(t *testing.T, code string) map[string]*goi18n.Message {
	t.Helper()
	data, err := fs.ReadFile(localeFiles, path.Join("locales", code+".toml"))
	if err != nil {
		t.Fatal(err)
	}
	mf, err := goi18n.ParseMessageFileBytes(data, code+".toml", map[string]goi18n.UnmarshalFunc{"toml": toml.Unmarshal})
	if err != nil {
		t.Fatalf("%s: %v", code, err)
	}
	out := map[string]*goi18n.Message{}
	for _, m := range mf.Messages {
		out[m.ID] = m
	}
	return out
}

var placeholder = regexp.MustCompile(`\{\{\.\w+\}\}`)

func placeholders(m *goi18n.Message) []string {
	var all []string
	for _, s := range []string{m.Zero, m.One, m.Two, m.Few, m.Many, m.Other} {
		all = append(all, placeholder.FindAllString(s, -1)...)
	}
	slices.Sort(all)
	return slices.Compact(all)
}

// TestLocales: every id in English exists in every language, with every
// plural form that language's CLDR rules need, no id exists only in a
// translation, the parameters match, and every translated entry carries
// its review mark.
func TestLocales(t *testing.T) {
	en := messages(t, Default)
	if len(en) < 100 {
		t.Fatalf("English has %d messages: the file did not parse as expected", len(en))
	}
	for _, l := range Languages[1:] {
		t.Run(l.Code, func(t *testing.T) {
			got := messages(t, l.Code)
			rules := pluralRules(l.Code)
			for id, want := range en {
				m, ok := got[id]
				if !ok {
					t.Errorf("%s is missing %q (English: %q)", l.Code, id, want.Other)
					continue
				}
				if !strings.Contains(m.Description, "awaiting review") && !strings.Contains(m.Description, "reviewed by") {
					t.Errorf("%s %q: description %q, want the review mark", l.Code, id, m.Description)
				}
				if m.Other == "" {
					t.Errorf("%s %q has no text", l.Code, id)
				}
				if want.One != "" { // a plural message: every form the language needs
					for _, form := range rules {
						if text := formText(m, form); text == "" {
							t.Errorf("%s %q lacks plural form %q", l.Code, id, form)
						}
					}
				}
				// Text messages may leave out a detail to fit two SMS parts.
				gotP, wantP := placeholders(m), placeholders(want)
				if strings.HasPrefix(id, "msg_") || strings.HasPrefix(id, "date_") {
					for _, p := range gotP {
						if !slices.Contains(wantP, p) && p != "{{.MonthNum}}" {
							t.Errorf("%s %q has %s, which English does not", l.Code, id, p)
						}
					}
				} else if !slices.Equal(gotP, wantP) && want.One == "" {
					t.Errorf("%s %q has parameters %v, want %v", l.Code, id, gotP, wantP)
				}
			}
			for id := range got {
				if _, ok := en[id]; !ok {
					t.Errorf("%s has %q, which English does not", l.Code, id)
				}
			}
		})
	}
}

func formText(m *goi18n.Message, form string) string {
	switch form {
	case "zero":
		return m.Zero
	case "one":
		return m.One
	case "two":
		return m.Two
	case "few":
		return m.Few
	case "many":
		return m.Many
	}
	return m.Other
}

// pluralRules are the CLDR cardinal categories each language uses.
func pluralRules(code string) []string {
	switch code {
	case "ar":
		return []string{"zero", "one", "two", "few", "many", "other"}
	case "pl":
		return []string{"one", "few", "many", "other"}
	}
	return []string{"one", "other"}
}

func TestFilesMarkedForReview(t *testing.T) {
	for _, l := range Languages[1:] {
		data, _ := fs.ReadFile(localeFiles, path.Join("locales", l.Code+".toml"))
		if !strings.Contains(string(data[:min(400, len(data))]), "AWAITING REVIEW BY A NATIVE SPEAKER") {
			t.Errorf("%s.toml does not say at its top that it awaits review", l.Code)
		}
	}
}

func TestPlurals(t *testing.T) {
	w := Words()
	tests := []struct {
		lang string
		n    int
		want string
	}{
		{"en", 1, "1 place left."}, {"en", 3, "3 places left."},
		{"pl", 1, "Zostało 1 miejsce."}, {"pl", 3, "Zostały 3 miejsca."}, {"pl", 5, "Zostało 5 miejsc."}, {"pl", 22, "Zostały 22 miejsca."},
		{"ar", 2, "بقي مكانان."}, {"ar", 11, "بقي 11 مكانًا."},
		{"ur", 1, "1 جگہ باقی ہے۔"},
	}
	for _, tt := range tests {
		l := w.Locale(tt.lang)
		if got := l.T("places_left_count", "Count", tt.n, "N", l.Number(tt.n)); got != tt.want {
			t.Errorf("%s %d: got %q, want %q", tt.lang, tt.n, got, tt.want)
		}
	}
}

func TestDates(t *testing.T) {
	d := time.Date(2026, 3, 2, 14, 5, 0, 0, time.UTC)
	w := Words()
	tests := []struct{ lang, long, dateTime string }{
		{"en", "Monday 2 March 2026", "2 March 2026 at 2:05pm"},
		{"pl", "poniedziałek, 2 marca 2026", "2 marca 2026, godz. 14:05"},
		{"ar", "الاثنين 2 مارس 2026", "2 مارس 2026 الساعة 14:05"},
	}
	for _, tt := range tests {
		l := w.Locale(tt.lang)
		if got := l.Date(d); got != tt.long {
			t.Errorf("%s Date: got %q, want %q", tt.lang, got, tt.long)
		}
		if got := l.DateTime(d); got != tt.dateTime {
			t.Errorf("%s DateTime: got %q, want %q", tt.lang, got, tt.dateTime)
		}
	}
}

func TestMatch(t *testing.T) {
	w := Words()
	tests := []struct{ header, want string }{
		{"", "en"}, {"ar-SA,ar;q=0.9,en;q=0.5", "ar"}, {"pl-PL", "pl"}, {"ur-PK, en-GB;q=0.8", "ur"},
		{"fr-FR", "en"}, {"de, pl;q=0.5", "pl"}, {"garbage;;", "en"},
	}
	for _, tt := range tests {
		if got := w.Match(tt.header); got != tt.want {
			t.Errorf("Match(%q) = %q, want %q", tt.header, got, tt.want)
		}
	}
}

func TestTranslateAndIsolate(t *testing.T) {
	ar := Words().Locale("ar")
	if got := ar.Translate("Enter your postcode"); got != "أدخل رمزك البريدي" {
		t.Errorf("Translate: got %q", got)
	}
	if got := ar.Translate("A sentence no message has"); got != "A sentence no message has" {
		t.Errorf("Translate of unknown text: got %q", got)
	}
	if got := ar.Isolated("to_pathway", "Name", "Hospitality to Health"); got != "لدورة \u2068Hospitality to Health\u2069" {
		t.Errorf("Isolated: got %q", got)
	}
	if got := Words().Locale("en").Isolated("to_pathway", "Name", "X"); got != "to X" {
		t.Errorf("English is not isolated: got %q", got)
	}
	_ = language.English
}

func TestPseudo(t *testing.T) {
	EnablePseudo()
	l := Words().Locale(Pseudo.Code)
	if l.Code != Pseudo.Code {
		t.Fatal("EnablePseudo did not add the pseudo-language")
	}
	got := l.T("starts_on", "Date", "2 March")
	if !strings.HasPrefix(got, "[Şŧȧrŧş 2 March") || len([]rune(got)) < len("Starts 2 March")*13/10 {
		t.Errorf("pseudo starts_on: got %q", got)
	}
	if got := l.T("places_left_count", "Count", 2, "N", "2"); !strings.Contains(got, "2 plȧƈḗş") {
		t.Errorf("pseudo plural: got %q", got)
	}
}

func TestPseudoIsNeverMatched(t *testing.T) {
	EnablePseudo()
	for _, h := range []string{"en-XA", "en-GB", "en-US,en;q=0.9"} {
		if got := Words().Match(h); got != "en" {
			t.Errorf("Match(%q) = %q, want en", h, got)
		}
	}
}
