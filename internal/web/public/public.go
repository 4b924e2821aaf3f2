package public

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/store"
	"anchorpathways/internal/web/page"
)

// Template names, beside the handlers that use them.
const (
	tmplHome          = "public/home"
	tmplPathway       = "public/pathway"
	tmplPrivacy       = "public/privacy"
	tmplAccessibility = "public/accessibility"
)

type homePage struct {
	page.Page
	Pathways []store.PathwayCard
	// English holds the ids of pathways whose summary shows in English.
	English map[string]bool
}

// Home answers GET / (public).
// Lists the open pathways. Public: no session, no cookie.
func (h *Handler) Home(c echo.Context) error {
	ctx := c.Request().Context()
	cards, err := h.store.ListOpenPathways(ctx)
	if err != nil {
		return err
	}
	ids := make([]string, len(cards))
	for i, p := range cards {
		ids[i] = p.ID
	}
	text, err := h.store.PathwayTextIn(ctx, page.LocaleOf(c).Code, ids...)
	if err != nil {
		return err
	}
	english := map[string]bool{}
	for i := range cards {
		t := text[cards[i].ID]
		cards[i].Name = or(t.Name, cards[i].Name)
		cards[i].Summary = or(t.Summary, cards[i].Summary)
		english[cards[i].ID] = t.Summary == ""
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=60")
	return h.views.Render(c, http.StatusOK, tmplHome, &homePage{Page: page.Page{Title: "Find a course that leads to a job"}, Pathways: cards, English: english})
}

type pathwayPage struct {
	page.Page
	Pathway store.PathwayPage
	// InEnglish: the coordinator has not given this pathway's summary and
	// description in the page's language, so they show in English.
	InEnglish bool
}

// Pathway answers GET /pathways/:slug (public).
// Shows one open pathway, in the page's language where the coordinator
// gave its text in it. Public: no session, no cookie.
func (h *Handler) Pathway(c echo.Context) error {
	ctx := c.Request().Context()
	p, err := h.store.PathwayBySlug(ctx, c.Param("slug"))
	if err != nil {
		return err
	}
	text, err := h.store.PathwayTextIn(ctx, page.LocaleOf(c).Code, p.ID)
	if err != nil {
		return err
	}
	t := text[p.ID]
	p.Name, p.Summary, p.Description = or(t.Name, p.Name), or(t.Summary, p.Summary), or(t.Description, p.Description)
	c.Response().Header().Set("Cache-Control", "public, max-age=60")
	return h.views.Render(c, http.StatusOK, tmplPathway, &pathwayPage{Page: page.Page{Title: p.Name, Back: "/"}, Pathway: p,
		InEnglish: t.Summary == "" || t.Description == ""})
}

// or is s, or fallback when s is empty.
func or(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}

// Healthz answers GET /healthz (public).
func (h *Handler) Healthz(c echo.Context) error {
	return c.String(http.StatusOK, "ok")
}

// Readyz answers GET /readyz (public).
// Answers 200 only while the database answers.
func (h *Handler) Readyz(c echo.Context) error {
	if h.ready != nil {
		if err := h.ready(c.Request().Context()); err != nil {
			return c.String(http.StatusServiceUnavailable, "database unavailable")
		}
	}
	return c.String(http.StatusOK, "ready")
}

// statementPage is the privacy notice or the accessibility statement: who
// runs the portal (ControllerName) and whom to contact.
type statementPage struct {
	page.Page
	ControllerName string
	Contact        *store.Organisation
	// Prepared is when the accessibility statement was last reviewed.
	Prepared time.Time
}

// Where residents complain, the same in every language: the data
// protection regulator, and the equality advice service the accessibility
// regulations name.
const (
	icoComplaints = "ico.org.uk/make-a-complaint"
	icoPhone      = "0303 123 1113"
	eassAddress   = "equalityadvisoryservice.com"
)

// ICO is the regulator's complaints address, shown as typed.
func (statementPage) ICO() string { return icoComplaints }

// ICOPhone is the regulator's helpline.
func (statementPage) ICOPhone() string { return icoPhone }

// EASS is the equality advice service's address, shown as typed.
func (statementPage) EASS() string { return eassAddress }

// accessibilityReviewed is when the accessibility statement was last
// prepared; change it with the statement.
var accessibilityReviewed = time.Date(2026, time.December, 4, 0, 0, 0, 0, time.UTC)

// statement renders a statement page with the network's contact.
func (h *Handler) statement(c echo.Context, tmpl, title string) error {
	nc, err := h.store.NetworkContactFor(c.Request().Context())
	if err != nil {
		return err
	}
	p := &statementPage{Page: page.Page{Title: title}, ControllerName: nc.Name, Contact: nc.Contact, Prepared: accessibilityReviewed}
	if p.ControllerName == "" {
		p.ControllerName = page.LocaleOf(c).T("network_coordinator")
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=60")
	return h.views.Render(c, http.StatusOK, tmpl, p)
}

// Privacy answers GET /privacy (public).
// The privacy notice: what the portal collects, why, who sees it, for how
// long, the resident's rights and the cookies it sets.
func (h *Handler) Privacy(c echo.Context) error {
	return h.statement(c, tmplPrivacy, "Privacy notice")
}

// Accessibility answers GET /accessibility (public).
// The accessibility statement the public sector accessibility regulations
// ask for: how accessible the portal is, known problems, how to report one.
func (h *Handler) Accessibility(c echo.Context) error {
	return h.statement(c, tmplAccessibility, "Accessibility statement")
}
