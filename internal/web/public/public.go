package public

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/store"
	"anchorpathways/internal/web/page"
)

// Template names, beside the handlers that use them.
const (
	tmplHome    = "public/home"
	tmplPathway = "public/pathway"
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
