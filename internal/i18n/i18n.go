// Package i18n holds the words residents read, in each language the portal
// offers: the message files (locales/*.toml, embedded), CLDR plural rules
// (through go-i18n), dates and numbers per language, and the choice of a
// language from an address or an Accept-Language header. Staff pages stay
// in English.
package i18n

import (
	"embed"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

//go:embed locales/*.toml
var localeFiles embed.FS

// Language is one language a resident can choose.
type Language struct {
	// Code is the value of ?lang= and of residents.preferred_language.
	Code string
	// Name is the language's name in itself, as the header lists it.
	Name string
	// Dir is "rtl" or "ltr", for the html element's dir.
	Dir string
}

// RTL reports whether the language is written right to left.
func (l Language) RTL() bool { return l.Dir == "rtl" }

// Languages are the languages offered, English (the default) first.
var Languages = []Language{
	{"en", "English", "ltr"},
	{"ur", "اردو", "rtl"},
	{"pl", "Polski", "ltr"},
	{"ar", "العربية", "rtl"},
}

// Default is the language of residents who chose none.
const Default = "en"

// Catalogue is every language's messages.
type Catalogue struct {
	bundle  *goi18n.Bundle
	langs   []Language
	locales map[string]*Locale
	matcher language.Matcher
	// english maps each default-language text without parameters to its id,
	// so text written in English in Go (a validation message, a page title)
	// finds its translation: see Locale.Translate.
	english map[string]string
	// source is the default language's messages, for Pseudo.
	source []*goi18n.Message
	// base is source compiled: what a language without a message falls
	// back to.
	base map[string]*compiled
}

var (
	loadOnce sync.Once
	loaded   atomic.Pointer[Catalogue]
	loadErr  error
)

// Words is the catalogue of the embedded message files, parsed once. The
// files are part of the binary, so a parse error is a build fault: it
// panics, and TestLocales fails first.
func Words() *Catalogue {
	loadOnce.Do(func() {
		c, err := Load(localeFiles, Languages)
		if err == nil {
			loaded.Store(c)
		}
		loadErr = err
	})
	if loadErr != nil {
		panic(loadErr)
	}
	return loaded.Load()
}

// Load parses locales/<code>.toml in fsys for each language.
func Load(fsys fs.FS, langs []Language) (*Catalogue, error) {
	b := goi18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	c := &Catalogue{bundle: b, langs: langs, locales: map[string]*Locale{}, english: map[string]string{}}
	tags := make([]language.Tag, 0, len(langs))
	for _, l := range langs {
		if l.Code == Pseudo.Code {
			// Never matched from a header: only ?lang= reaches it. It
			// comes last (EnablePseudo), so the matcher's indexes into
			// langs stay right.
			if err := c.addPseudo(l); err != nil {
				return nil, err
			}
			continue
		}
		name := path.Join("locales", l.Code+".toml")
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("i18n: %w", err)
		}
		mf, err := b.ParseMessageFileBytes(data, name)
		if err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", name, err)
		}
		if l.Code == langs[0].Code {
			c.source = mf.Messages
			c.base = compileAll(nil, mf.Messages)
			for _, m := range mf.Messages {
				if _, dup := c.english[m.Other]; !dup && !strings.Contains(m.Other, "{{") {
					c.english[m.Other] = m.ID
				}
			}
		}
		tag := language.MustParse(l.Code)
		tags = append(tags, tag)
		c.locales[l.Code] = &Locale{Language: l, loc: goi18n.NewLocalizer(b, l.Code), printer: message.NewPrinter(numbering(tag)), words: c,
			msgs: compileAll(c.base, mf.Messages)}
	}
	c.matcher = language.NewMatcher(tags)
	return c, nil
}

// Languages lists the catalogue's languages, default first.
func (c *Catalogue) Languages() []Language { return c.langs }

// Known reports whether code is one of the catalogue's languages.
func (c *Catalogue) Known(code string) bool { _, ok := c.locales[code]; return ok }

// Locale is code's locale, or the default language's if code is unknown.
func (c *Catalogue) Locale(code string) *Locale {
	if l, ok := c.locales[code]; ok {
		return l
	}
	return c.locales[c.langs[0].Code]
}

// Match picks the best offered language for an Accept-Language header.
func (c *Catalogue) Match(acceptLanguage string) string {
	if acceptLanguage == "" {
		return c.langs[0].Code
	}
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return c.langs[0].Code
	}
	_, i, conf := c.matcher.Match(tags...)
	if conf == language.No {
		return c.langs[0].Code
	}
	return c.langs[i].Code
}

// numbering is the tag numbers are printed with. Arabic uses Western
// digits, as residents in the UK see them beside a number in Arabic text:
// references, phone numbers, postcodes and dates all use them; the
// grouping and decimal marks stay the language's own.
func numbering(tag language.Tag) language.Tag {
	if base, _ := tag.Base(); base.String() == "ar" {
		return language.MustParse("ar-u-nu-latn")
	}
	return tag
}

// Locale says things in one language.
type Locale struct {
	Language
	loc     *goi18n.Localizer
	printer *message.Printer
	words   *Catalogue
	msgs    map[string]*compiled
}

// Translate is English text, as Go code writes it (a validation message, a
// page title, an error page), in this language: the message whose English
// is exactly text. Text with no such message comes back unchanged.
func (l *Locale) Translate(text string) string {
	id, ok := l.words.english[text]
	if !ok {
		return text
	}
	return l.T(id)
}

// T is the message id in this language. args are name/value pairs for the
// message's template ({{.Name}}); a "Count" pair also picks the plural
// form by the language's CLDR rules. A message missing here falls back to
// English; one missing everywhere shows its id (TestLocales forbids both).
func (l *Locale) T(id string, args ...any) string {
	if m, ok := l.msgs[id]; ok && !m.slow && !counts(args) {
		return m.say(args)
	}
	return l.localize(id, args)
}

// counts reports whether args name a Count, which picks a plural form.
func counts(args []any) bool {
	for i := 0; i+1 < len(args); i += 2 {
		if k, _ := args[i].(string); k == "Count" {
			return true
		}
	}
	return false
}

// localize is T through go-i18n: plural forms, and what compile left.
func (l *Locale) localize(id string, args []any) string {
	cfg := &goi18n.LocalizeConfig{MessageID: id}
	if len(args) > 0 {
		data := make(map[string]any, len(args)/2)
		for i := 0; i+1 < len(args); i += 2 {
			k, _ := args[i].(string)
			data[k] = args[i+1]

			if k == "Count" {
				cfg.PluralCount = args[i+1]
			}
		}
		cfg.TemplateData = data
	}
	s, err := l.loc.Localize(cfg)
	if err != nil && s == "" {
		return id
	}
	return s
}

// Number formats n with the language's digits and separators.
func (l *Locale) Number(n int) string { return l.printer.Sprint(n) }

// Date is a long date: "Monday 2 January 2006" in English.
func (l *Locale) Date(t time.Time) string {
	return l.T("date_long", "Weekday", l.weekday(t), "Day", t.Day(), "Month", l.month(t), "Year", t.Year())
}

// ShortDate is a date without the weekday: "2 January 2006".
func (l *Locale) ShortDate(t time.Time) string {
	return l.T("date_short", "Day", t.Day(), "Month", l.month(t), "Year", t.Year())
}

// DayMonth is a date in the current year: "2 January", for text messages.
// A language may write the month as a number ({{.MonthNum}}, "02") where its
// names would cost a text message its cheaper alphabet (Polish).
func (l *Locale) DayMonth(t time.Time) string {
	return l.T("date_day_month", "Day", t.Day(), "Month", l.month(t), "MonthNum", fmt.Sprintf("%02d", int(t.Month())))
}

// DateTime is a date with a time: "2 January 2006 at 3:04pm".
func (l *Locale) DateTime(t time.Time) string {
	clock := t.Format("15:04")
	if l.Code == "en" {
		clock = t.Format("3:04pm")
	}
	return l.T("date_time", "Date", l.ShortDate(t), "Time", clock)
}

func (l *Locale) month(t time.Time) string {
	return l.T("month_" + strings.ToLower(t.Month().String()))
}

func (l *Locale) weekday(t time.Time) string {
	return l.T("weekday_" + strings.ToLower(t.Weekday().String()))
}

// Href is path with this language in its query (?lang=), so a link keeps
// the language without a cookie.
func (l *Locale) Href(p string) string {
	u, err := url.Parse(p)
	if err != nil {
		return p
	}
	q := u.Query()
	q.Set("lang", l.Code)
	u.RawQuery = q.Encode()
	return u.String()
}

// Isolated is T for a page: in a right-to-left language each string
// argument (a name, a reference, a date) is wrapped in Unicode first-strong
// isolates (FSI…PDI), the plain-text form of <bdi>, so Latin text inside
// Arabic or Urdu keeps its own direction. Text messages use T: isolates
// cost characters and old phones show them as boxes.
func (l *Locale) Isolated(id string, args ...any) string {
	if l.RTL() {
		for i := 1; i < len(args); i += 2 {
			if v, ok := args[i].(string); ok && args[i-1] != "Count" {
				args[i] = isolate(v)
			}
		}
	}
	return l.T(id, args...)
}

// isolate wraps v in FSI…PDI.
func isolate(v string) string {
	if v == "" {
		return v
	}
	return "\u2068" + v + "\u2069"
}
