package page

import (
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/i18n"
	"anchorpathways/internal/portal"
)

const ctxLocale = "page.locale"

// chosen is the language of one request and whether the resident chose it
// (?lang= or a form's lang field) rather than their browser's header.
type chosen struct {
	loc      *i18n.Locale
	explicit bool
}

// SetLocale records the request's language (web's language middleware).
func SetLocale(c echo.Context, loc *i18n.Locale, explicit bool) {
	c.Set(ctxLocale, chosen{loc: loc, explicit: explicit})
}

// LocaleOf is the request's language: English when none was set (staff
// pages, and requests the middleware did not see).
func LocaleOf(c echo.Context) *i18n.Locale {
	if ch, ok := c.Get(ctxLocale).(chosen); ok {
		return ch.loc
	}
	return i18n.Words().Locale(i18n.Default)
}

// Explicit reports whether the request named its language.
func Explicit(c echo.Context) bool {
	ch, _ := c.Get(ctxLocale).(chosen)
	return ch.explicit
}

// LanguageLink is one entry of the header's language list.
type LanguageLink struct {
	i18n.Language
	Href    string
	Current bool
}

// languageLinks lists every language, each linking to this page in it.
func languageLinks(c echo.Context, cur *i18n.Locale) []LanguageLink {
	p := c.Request().URL.Path
	// A question page answered by POST shows its GET on a switch; the
	// resend and sign-out actions have no page of their own.
	p = strings.TrimSuffix(p, "/resend")
	out := make([]LanguageLink, 0, len(i18n.Languages))
	for _, l := range i18n.Words().Languages() {
		loc := i18n.Words().Locale(l.Code)
		out = append(out, LanguageLink{Language: l, Href: loc.Href(p), Current: l.Code == cur.Code})
	}
	return out
}

// Date is a long date in the page's language ("Monday 2 January 2006").
func (p Page) Date(t time.Time) string { return p.locale().Date(t) }

// ShortDate is a date without the weekday ("2 January 2006").
func (p Page) ShortDate(t time.Time) string { return p.locale().ShortDate(t) }

// DateTime is a date and time ("2 January 2006 at 3:04pm").
func (p Page) DateTime(t time.Time) string { return p.locale().DateTime(t) }

// Number is n in the page's digits.
func (p Page) Number(n int) string { return p.locale().Number(n) }

// Opts is the answer list name ("situations"…) with labels in the page's
// language: message ids opt_<list>_<value>.
func (p Page) Opts(name string) []portal.Option {
	opts := Options(name)
	out := make([]portal.Option, len(opts))
	for i, o := range opts {
		out[i] = portal.Option{Value: o.Value, Label: p.T(OptionID(name, o.Value))}
	}
	return out
}

// Label is value's label in answer list name, in the page's language.
func (p Page) Label(name, value string) string {
	if !portal.Valid(Options(name), value) {
		return ""
	}
	return p.T(OptionID(name, value))
}

// Labels lists the labels of the answers chosen from list name, in the
// page's language, or "None".
func (p Page) Labels(name string, values []string) string {
	if len(values) == 0 {
		return p.T("none")
	}
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = p.Label(name, v)
	}
	return strings.Join(out, p.T("list_separator"))
}

// OptionID is the message id of an answer's label.
func OptionID(list, value string) string { return "opt_" + list + "_" + value }

// StatusLabel is an application status in the page's language.
func (p Page) StatusLabel(s portal.Status) string { return p.T("status_" + string(s)) }

// NextStep is what happens next at status s, in the page's language.
func (p Page) NextStep(s portal.Status) string { return p.T("next_" + string(s)) }

// Translate is English text written in Go (a reason, a message) in the
// page's language, when the catalogue has that exact English text.
func (p Page) Translate(text string) string { return p.locale().Translate(text) }
