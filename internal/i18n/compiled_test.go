package i18n

import (
	"testing"
	"testing/fstest"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
)

// argsFor is every parameter of id's English text, given a value: strings
// and ints in turn, as pages and messages pass them.
func argsFor(m *goi18n.Message) []any {
	var args []any
	for i, p := range placeholders(m) {
		name := p[3 : len(p)-2]
		if i%2 == 0 {
			args = append(args, name, "Ada <Lovelace> & co")
		} else {
			args = append(args, name, 1234+i)
		}
	}
	return args
}

// TestCompiledSaysWhatGoI18nSays: for every message in every language, with
// its parameters, without them, with one missing and with a Count, the
// compiled fast path gives exactly what go-i18n gives.
func TestCompiledSaysWhatGoI18nSays(t *testing.T) {
	EnablePseudo()
	w := Words()
	ids := messages(t, Default)
	fast := 0
	for _, lang := range w.Languages() {
		l := w.Locale(lang.Code)
		for id := range ids {
			args := argsFor(ids[id])
			cases := [][]any{args, nil}
			if len(args) > 2 {
				cases = append(cases, args[2:], append(append([]any(nil), args...), "Extra"))
			}
			for _, a := range cases {
				if got, want := l.T(id, a...), l.localize(id, a); got != want {
					t.Errorf("%s %s %v: compiled %q, go-i18n %q", lang.Code, id, a, got, want)
				}
			}
			if m := l.msgs[id]; m != nil && !m.slow {
				fast++
			}
		}
	}
	if fast < len(ids)*len(w.Languages())*9/10 {
		t.Errorf("only %d of %d messages take the fast path", fast, len(ids)*len(w.Languages()))
	}
}

// TestCompiledFallsBackToTheDefault: a message a language lacks is said in
// English, and a plural one by its CLDR form, as go-i18n does.
func TestCompiledFallsBackToTheDefault(t *testing.T) {
	fsys := fstest.MapFS{
		"locales/en.toml": {Data: []byte("a = \"Hello {{.Name}}\"\nb = \"Only in English, {{.Name}}\"\n[n]\none = \"{{.N}} place\"\nother = \"{{.N}} places\"\n")},
		"locales/pl.toml": {Data: []byte("a = \"Dzień dobry {{.Name}}\"\n")},
	}
	c, err := Load(fsys, []Language{{"en", "English", "ltr"}, {"pl", "Polski", "ltr"}})
	if err != nil {
		t.Fatal(err)
	}
	pl := c.Locale("pl")
	for _, tt := range []struct {
		id   string
		args []any
		want string
	}{
		{"a", []any{"Name", "Ewa"}, "Dzień dobry Ewa"},
		{"b", []any{"Name", "Ewa"}, "Only in English, Ewa"},
		{"a", nil, "Dzień dobry <no value>"},
		{"n", []any{"Count", 1, "N", "1"}, "1 place"},
		{"missing", nil, "missing"},
	} {
		if got := pl.T(tt.id, tt.args...); got != tt.want {
			t.Errorf("T(%q, %v) = %q, want %q", tt.id, tt.args, got, tt.want)
		}
		if got := pl.localize(tt.id, tt.args); got != tt.want {
			t.Errorf("go-i18n %q: %q, want %q (the test's expectation is wrong)", tt.id, got, tt.want)
		}
	}
}

// BenchmarkT says a message with two parameters, compiled and through
// go-i18n: divide their ns/op. It reports; it asserts nothing.
func BenchmarkT(b *testing.B) {
	l := Words().Locale("pl")
	b.Run("compiled", func(b *testing.B) {
		for b.Loop() {
			_ = l.T("date_range", "From", "2 March 2027", "To", "30 March 2027")
		}
	})
	b.Run("go-i18n", func(b *testing.B) {
		for b.Loop() {
			_ = l.localize("date_range", []any{"From", "2 March 2027", "To", "30 March 2027"})
		}
	})
}
