// Package page is what every page shares: the Page data each page embeds,
// the renderer (templates parsed once at boot, rendered to a buffer), form
// binding and validation, keyset cursors for lists, and the conflict page.
// It imports auth to fill a page's CSRF token, flash and staff header.
package page

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/i18n"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/web/auth"
	"anchorpathways/static"
	"anchorpathways/templates"
)

// Page is what every page's data embeds.
type Page struct {
	Title string
	// Staff is set on staff pages for the header: who is signed in.
	Staff    *StaffHeader
	CSRF     string
	Errors   *portal.ValidationError
	Back     string
	Flash    string
	Demo     bool
	SignedIn bool
	// L is the page's language (English on staff pages); Languages are the
	// header's links to this page in each language, on resident pages.
	L         *i18n.Locale
	Languages []LanguageLink
	// KeepLang carries the language on the page's links and forms.
	KeepLang bool
}

// StaffHeader names the signed-in staff member in the page header, and
// the page they are on (Path) for the menu.
type StaffHeader struct{ Name, Role, Organisation, Path string }

// NavLink is one entry of the staff menu; Current marks the page it is on.
type NavLink struct {
	Href, Label string
	Current     bool
}

// staffMenu is every staff menu entry and the roles it shows for (none:
// every role). The routes it names say who may open them (routes.go); the
// menu shows a role only what it may open (TestStaffMenuOpensForItsRole).
var staffMenu = []struct {
	href, label string
	roles       []portal.Role
}{
	{"/staff", "Applications", nil},
	{"/staff/referrals", "Referrals", []portal.Role{portal.RoleHousingOfficer}},
	{"/staff/reports", "Impact report", nil},
	{"/staff/organisations", "Organisations", []portal.Role{portal.RoleCoordinator}},
	{"/staff/neighbourhoods", "Neighbourhoods", []portal.Role{portal.RoleCoordinator}},
	{"/staff/pathways", "Pathways", []portal.Role{portal.RoleCoordinator}},
	{"/staff/users", "Staff", []portal.Role{portal.RoleCoordinator}},
	{"/staff/equality", "Equality monitoring", []portal.Role{portal.RoleCoordinator}},
	{"/staff/erasure-requests", "Erasure requests", []portal.Role{portal.RoleCoordinator}},
	{"/staff/retention", "How long data is kept", []portal.Role{portal.RoleCoordinator}},
	{"/staff/audit", "Audit log", []portal.Role{portal.RoleCoordinator}},
}

// Menu is the staff menu for h's role, the entry of the page h is on (or
// of the section it is in) marked current.
func (h *StaffHeader) Menu() []NavLink {
	if h == nil {
		return nil
	}
	var out []NavLink
	for _, m := range staffMenu {
		if len(m.roles) > 0 && !slices.Contains(m.roles, portal.Role(h.Role)) {
			continue
		}
		current := h.Path == m.href || (m.href != "/staff" && strings.HasPrefix(h.Path, m.href+"/"))
		out = append(out, NavLink{Href: m.href, Label: m.label, Current: current})
	}
	return out
}

// Err is the message for one field, "" when it has none.
func (p Page) Err(field string) string { return p.Errors.For(field) }

// TitleText is the <title>: an error prefix tells screen-reader users at once.
func (p Page) TitleText() string {
	// Plain T: a <title> shows no markup, and browsers set its direction.
	t := p.Title + " – " + p.locale().T("service_name")
	if !p.Errors.Empty() {
		t = p.locale().T("title_error_prefix", "Title", t)
	}
	return t
}

// T is message id in the page's language (see i18n.Locale.T).
func (p Page) T(id string, args ...any) string { return p.locale().Isolated(id, args...) }

// Href is a resident link that keeps the page's language when the resident
// chose one (?lang=), so no cookie is needed to remember it.
func (p Page) Href(path string) string {
	if !p.KeepLang {
		return path
	}
	return p.locale().Href(path)
}

// Lang is the page's language code, for the html element and forms.
func (p Page) Lang() string { return p.locale().Code }

// Dir is "rtl" or "ltr".
func (p Page) Dir() string { return p.locale().Dir }

func (p Page) locale() *i18n.Locale {
	if p.L == nil {
		return i18n.Words().Locale(i18n.Default)
	}
	return p.L
}

// Pager is any page's data: a struct embedding Page, so Render can fill
// the common part.
type Pager interface{ page() *Page }

func (p *Page) page() *Page { return p }

// Renderer holds the parsed templates. One is made at boot by web.New and
// shared by every area handler.
type Renderer struct {
	pages map[string]*template.Template
	store *store.Store
	auth  *auth.Auth
	demo  bool
}

// Deps is what the renderer needs besides the templates.
type Deps struct {
	Assets *static.Assets
	Store  *store.Store
	Auth   *auth.Auth
	Demo   bool
}

// optionLists are the answer lists templates name, so a page shows the
// same labels a form offered.
var optionLists = map[string][]portal.Option{
	"situations": portal.Situations, "sectors": portal.Sectors, "skills": portal.Skills,
	"interests": portal.Interests, "hours": portal.HoursOptions, "travel": portal.TravelOptions,
	"support": portal.SupportNeeds,
}

// Options is the answer list a template names ("situations", "sectors"…);
// it panics on an unknown name, so a typo fails the render test.
func Options(name string) []portal.Option {
	opts, ok := optionLists[name]
	if !ok {
		panic("unknown option list " + name)
	}
	return opts
}

// New parses every page with the layout and partials, once, at boot, and
// returns the template error if any page does not parse.
func New(d Deps) (*Renderer, error) {
	assets := d.Assets
	funcs := template.FuncMap{
		"asset":     func(name string) string { return assets.URL(name) },
		"date":      func(t time.Time) string { return t.Format("Monday 2 January 2006") },
		"shortdate": func(t time.Time) string { return t.Format("2 January 2006") },
		"datetime":  func(t time.Time) string { return t.Format("2 January 2006 at 3:04pm") },
		"label":     portal.LabelFor,
		"has":       slices.Contains[[]string],
		"join":      strings.Join,
		"plural": func(n int, one, many string) string {
			if n == 1 {
				return one
			}
			return many
		},
		"options": Options,
		"dict": func(kv ...any) map[string]any {
			m := make(map[string]any, len(kv)/2)
			for i := 0; i+1 < len(kv); i += 2 {
				m[kv[i].(string)] = kv[i+1]
			}
			return m
		},
	}
	base, err := template.New("layout").Funcs(funcs).ParseFS(templates.FS, "layout.html", "partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	names, err := fs.Glob(templates.FS, "pages/*/*.html")
	if err != nil {
		return nil, err
	}
	v := &Renderer{pages: make(map[string]*template.Template), store: d.Store, auth: d.Auth, demo: d.Demo}
	for _, name := range names {
		t, err := template.Must(base.Clone()).ParseFS(templates.FS, name)
		if err != nil {
			return nil, fmt.Errorf("templates: %w", err)
		}
		v.pages[strings.TrimSuffix(strings.TrimPrefix(name, "pages/"), path.Ext(name))] = t
	}
	return v, nil
}

// renderBuffers keeps page buffers between requests: growing a fresh one to
// a page's size on every request was a third of the pathway page's garbage.
// The response is written before the buffer goes back (HTMLBlob copies).
var renderBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// putRenderBuffer returns buf to the pool unless it grew unusually large.
func putRenderBuffer(buf *bytes.Buffer) {
	if buf.Cap() > 1<<20 {
		return
	}
	buf.Reset()
	renderBuffers.Put(buf)
}

// Render writes page name with data to a buffer first, so a template error
// becomes a clean 500 (the error comes back), never half a page. It fills
// data's Page: demo flag, CSRF token, staff header, and the flash, which it
// clears (so it returns the store's error if that fails).
func (r *Renderer) Render(c echo.Context, status int, name string, data Pager) error {
	t, ok := r.pages[name]
	if !ok {
		return fmt.Errorf("page: no template %q", name)
	}
	p := data.page()
	p.Demo = r.demo
	if _, staff := auth.StaffFrom(c); !staff && !strings.HasPrefix(c.Request().URL.Path, "/staff") {
		p.L = LocaleOf(c)
		p.KeepLang = Explicit(c)
		p.Languages = languageLinks(c, p.L)
		// Titles and validation messages are written in English in Go; an
		// English text in the catalogue finds its translation.
		p.Title = p.L.Translate(p.Title)
		if p.Errors != nil {
			for i, e := range p.Errors.Errors {
				p.Errors.Errors[i].Message = p.L.Translate(e.Message)
			}
		}
	}
	if st, ok := auth.StaffFrom(c); ok {
		p.CSRF = st.CSRFToken
		if st.MFAPassed {
			p.Staff = &StaffHeader{Name: st.User.FullName, Role: string(st.User.Role), Organisation: st.OrganisationName, Path: c.Request().URL.Path}
		}
		if st.Flash != "" && c.Request().Method == http.MethodGet {
			p.Flash = st.Flash
			if err := r.store.SetStaffFlash(c.Request().Context(), st.IDHash, ""); err != nil {
				return err
			}
		}
	} else if sess := auth.CurrentSession(c); sess != nil {
		p.CSRF = sess.Row.CSRFToken
		p.SignedIn = sess.Contact(r.store.Now()) != ""
		if sess.Data.Flash != "" && c.Request().Method == http.MethodGet {
			p.Flash = sess.Data.Flash
			sess.Data.Flash = ""
			if err := r.auth.Save(c, sess); err != nil {
				return err
			}
		}
	}
	buf := renderBuffers.Get().(*bytes.Buffer)
	defer putRenderBuffer(buf)
	if err := t.ExecuteTemplate(buf, "layout", data); err != nil {
		return fmt.Errorf("page: render %s: %w", name, err)
	}
	h := c.Response().Header()
	if auth.CurrentSession(c) != nil {
		h.Set("Cache-Control", "no-store")
	}
	return c.HTMLBlob(status, buf.Bytes())
}
