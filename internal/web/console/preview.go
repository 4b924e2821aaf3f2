package console

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/portal"
	"anchorpathways/internal/web/page"
)

// Template names, beside the handlers that use them.
const (
	tmplConsoleRulesPreview = "console/rules-preview"
)

// ---- the ranking preview ------------------------------------------------------------------

type previewForm struct {
	Situation string
	Sectors   []string
	Skills    []string
	Interests []string
	Hours     string
	Travel    string
}

type rulesPreviewPage struct {
	page.Page
	Form        previewForm
	Asked       bool
	Suggestions []rankedPathway
}

// rankedPathway is one row of the preview: its place and the suggestion.
type rankedPathway struct {
	Rank int
	portal.Suggestion
}

// RulesPreview answers GET /staff/rules/preview (coordinator).
// Ranks every open pathway for a sample resident, as
// the application form would: a GET form that saves nothing.
func (h *Handler) RulesPreview(c echo.Context) error {
	q := c.QueryParams()
	one := func(key string, options []portal.Option) string {
		if v := q.Get(key); portal.Valid(options, v) {
			return v
		}
		return ""
	}
	many := func(key string, options []portal.Option) []string {
		var out []string
		for _, v := range q[key] {
			if portal.Valid(options, v) && len(out) < len(options) {
				out = append(out, v)
			}
		}
		return out
	}
	f := previewForm{Situation: one("situation", portal.Situations), Sectors: many("sectors", portal.Sectors), Skills: many("skills", portal.Skills),
		Interests: many("interests", portal.Interests), Hours: one("hours", portal.HoursOptions), Travel: one("travel", portal.TravelOptions)}
	p := &rulesPreviewPage{Page: page.Page{Title: "Preview the ranking", Back: consolePathwaysURL}, Form: f, Asked: len(q) > 0}
	if p.Asked {
		open, rules, err := h.store.RoutingPreview(c.Request().Context())
		if err != nil {
			return err
		}
		profile := portal.ResidentProfile{Situation: f.Situation, Sectors: f.Sectors, Skills: f.Skills, Interests: f.Interests, Hours: f.Hours, Travel: f.Travel}
		for i, sg := range portal.Rank(profile, open, rules) {
			p.Suggestions = append(p.Suggestions, rankedPathway{Rank: i + 1, Suggestion: sg})
		}
	}
	return h.views.Render(c, http.StatusOK, tmplConsoleRulesPreview, p)
}
