package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/portal"
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
}

// StaffHeader names the signed-in staff member in the page header.
type StaffHeader struct{ Name, Role, Organisation string }

// IsCoordinator reports whether the console links show.
func (h *StaffHeader) IsCoordinator() bool { return h != nil && h.Role == "coordinator" }

// Err is the message for one field, "" when it has none.
func (p Page) Err(field string) string { return p.Errors.For(field) }

// TitleText is the <title>: an error prefix tells screen-reader users at once.
func (p Page) TitleText() string {
	t := p.Title + " – Anchor Pathways"
	if !p.Errors.Empty() {
		t = "Error: " + t
	}
	return t
}

// pager lets render fill the common part of any page's data.
type pager interface{ page() *Page }

func (p *Page) page() *Page { return p }

type views struct {
	pages map[string]*template.Template
}

// optionLists are the answer lists templates name, so a page shows the
// same labels a form offered.
var optionLists = map[string][]portal.Option{
	"situations": portal.Situations, "sectors": portal.Sectors, "skills": portal.Skills,
	"interests": portal.Interests, "hours": portal.HoursOptions, "travel": portal.TravelOptions,
	"support": portal.SupportNeeds,
}

// loadViews parses every page with the layout and partials, once, at boot.
func loadViews(assets *static.Assets) (*views, error) {
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
		"options": func(name string) []portal.Option {
			opts, ok := optionLists[name]
			if !ok {
				panic("unknown option list " + name)
			}
			return opts
		},
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
	v := &views{pages: make(map[string]*template.Template)}
	for _, name := range names {
		t, err := template.Must(base.Clone()).ParseFS(templates.FS, name)
		if err != nil {
			return nil, fmt.Errorf("templates: %w", err)
		}
		v.pages[strings.TrimSuffix(strings.TrimPrefix(name, "pages/"), path.Ext(name))] = t
	}
	return v, nil
}

// render writes a page to a buffer first, so a template error becomes a clean
// 500, never half a page.
func (s *Server) render(c echo.Context, status int, name string, data pager) error {
	t, ok := s.views.pages[name]
	if !ok {
		return fmt.Errorf("web: no template %q", name)
	}
	p := data.page()
	p.Demo = s.demo
	if st, ok := staffFrom(c); ok {
		p.CSRF = st.CSRFToken
		if st.MFAPassed {
			p.Staff = &StaffHeader{Name: st.User.FullName, Role: string(st.User.Role), Organisation: st.OrganisationName}
		}
		if st.Flash != "" && c.Request().Method == http.MethodGet {
			p.Flash = st.Flash
			if err := s.store.SetStaffFlash(c.Request().Context(), st.IDHash, ""); err != nil {
				return err
			}
		}
	} else if sess, ok := c.Get(ctxSession).(*session); ok {
		p.CSRF = sess.row.CSRFToken
		p.SignedIn = sess.contact(s.store.Now()) != ""
		if sess.data.Flash != "" && c.Request().Method == http.MethodGet {
			p.Flash = sess.data.Flash
			sess.data.Flash = ""
			if err := s.save(c, sess); err != nil {
				return err
			}
		}
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		return fmt.Errorf("web: render %s: %w", name, err)
	}
	h := c.Response().Header()
	if _, isSession := c.Get(ctxSession).(*session); isSession {
		h.Set("Cache-Control", "no-store")
	}
	return c.HTMLBlob(status, buf.Bytes())
}

// Template names, beside the handlers that use them.
const (
	tmplHome           = "public/home"
	tmplPathway        = "public/pathway"
	tmplEligibility    = "apply/eligibility"
	tmplNotEligible    = "apply/not-eligible"
	tmplAboutYou       = "apply/about-you"
	tmplAlreadyApplied = "apply/already-applied"
	tmplYourWork       = "apply/your-work"
	tmplSupport        = "apply/support"
	tmplChoose         = "apply/choose"
	tmplCourseDate     = "apply/course-date"
	tmplCheck          = "apply/check"
	tmplConfirmation   = "apply/confirmation"
	tmplStatusStart    = "status/start"
	tmplStatusCode     = "status/code"
	tmplStatusList     = "status/applications"
	tmplStatusWithdraw = "status/withdraw"
	tmplOutbox         = "dev/outbox"

	tmplStaffLogin        = "staff/login"
	tmplStaffCode         = "staff/code"
	tmplStaffMFASetup     = "staff/mfa-setup"
	tmplStaffRecovery     = "staff/recovery-codes"
	tmplStaffSetPassword  = "staff/set-password"
	tmplStaffLinkExpired  = "staff/link-expired"
	tmplStaffResetRequest = "staff/reset-request"
	tmplStaffDashboard    = "staff/dashboard"
	tmplStaffAudit        = "staff/audit"
	tmplError             = "errors/error"
)
