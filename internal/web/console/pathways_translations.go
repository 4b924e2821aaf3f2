package console

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/i18n"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/web/auth"
	"anchorpathways/internal/web/page"
)

// A pathway's name, summary and description in each resident language
// other than English. Residents see the English text, with a note in their
// language, wherever one is left empty.

const tmplConsolePathwayTranslations = "console/pathways-translations"

// translationsForm has one name, summary and description per language
// (store.TranslatedLanguages: Urdu, Polish, Arabic).
type translationsForm struct {
	NameUR        string `form:"name_ur" validate:"max=120" msg:"max=The Urdu name must be 120 characters or fewer"`
	SummaryUR     string `form:"summary_ur" validate:"max=300" msg:"max=The Urdu summary must be 300 characters or fewer"`
	DescriptionUR string `form:"description_ur" validate:"max=3000" msg:"max=The Urdu description must be 3,000 characters or fewer"`
	NamePL        string `form:"name_pl" validate:"max=120" msg:"max=The Polish name must be 120 characters or fewer"`
	SummaryPL     string `form:"summary_pl" validate:"max=300" msg:"max=The Polish summary must be 300 characters or fewer"`
	DescriptionPL string `form:"description_pl" validate:"max=3000" msg:"max=The Polish description must be 3,000 characters or fewer"`
	NameAR        string `form:"name_ar" validate:"max=120" msg:"max=The Arabic name must be 120 characters or fewer"`
	SummaryAR     string `form:"summary_ar" validate:"max=300" msg:"max=The Arabic summary must be 300 characters or fewer"`
	DescriptionAR string `form:"description_ar" validate:"max=3000" msg:"max=The Arabic description must be 3,000 characters or fewer"`
}

func (f translationsForm) byLanguage() map[string]store.PathwayTranslation {
	return map[string]store.PathwayTranslation{
		"ur": {Name: f.NameUR, Summary: f.SummaryUR, Description: f.DescriptionUR},
		"pl": {Name: f.NamePL, Summary: f.SummaryPL, Description: f.DescriptionPL},
		"ar": {Name: f.NameAR, Summary: f.SummaryAR, Description: f.DescriptionAR},
	}
}

func translationsFormOf(t map[string]store.PathwayTranslation) translationsForm {
	return translationsForm{
		NameUR: t["ur"].Name, SummaryUR: t["ur"].Summary, DescriptionUR: t["ur"].Description,
		NamePL: t["pl"].Name, SummaryPL: t["pl"].Summary, DescriptionPL: t["pl"].Description,
		NameAR: t["ar"].Name, SummaryAR: t["ar"].Summary, DescriptionAR: t["ar"].Description,
	}
}

// translationFields is one language's section of the form.
type translationFields struct {
	i18n.Language
	English                    string // the language's name in English
	Name, Summary, Description string
}

type translationsPage struct {
	page.Page
	Pathway store.ConsolePathway
	Form    translationsForm
}

// Sections lists the form's languages with their values.
func (p *translationsPage) Sections() []translationFields {
	english := map[string]string{"ur": "Urdu", "pl": "Polish", "ar": "Arabic"}
	by := p.Form.byLanguage()
	var out []translationFields
	for _, l := range store.TranslatedLanguages() {
		t := by[l.Code]
		out = append(out, translationFields{Language: l, English: english[l.Code], Name: t.Name, Summary: t.Summary, Description: t.Description})
	}
	return out
}

// PathwayTranslations answers GET /staff/pathways/:id/translations (coordinator).
func (h *Handler) PathwayTranslations(c echo.Context) error {
	ctx := c.Request().Context()
	p, err := h.store.PathwayForConsole(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	t, err := h.store.PathwayTranslations(ctx, p.ID)
	if err != nil {
		return err
	}
	return h.views.Render(c, http.StatusOK, tmplConsolePathwayTranslations, &translationsPage{
		Page: page.Page{Title: "Translations", Back: pathwayURL(p.ID)}, Pathway: p, Form: translationsFormOf(t)})
}

// PathwayTranslationsPost answers POST /staff/pathways/:id/translations
// (coordinator): it saves every language's text, then goes back to the
// pathway; a field too long is 422 with the input kept.
func (h *Handler) PathwayTranslationsPost(c echo.Context) error {
	ctx := c.Request().Context()
	p, err := h.store.PathwayForConsole(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	var f translationsForm
	if err := page.Bind(c, &f); err != nil {
		return err
	}
	page.TrimAll(&f)
	verr := page.Check(&f)
	if verr.Empty() {
		err = h.store.SavePathwayTranslations(ctx, auth.Actor(c), p.ID, f.byLanguage())
		if ve, ok := err.(*portal.ValidationError); ok {
			verr, err = ve, nil
		}
	}
	if err != nil {
		return err
	}
	if !verr.Empty() {
		return h.views.Render(c, http.StatusUnprocessableEntity, tmplConsolePathwayTranslations, &translationsPage{
			Page: page.Page{Title: "Translations", Back: pathwayURL(p.ID), Errors: verr}, Pathway: p, Form: f})
	}
	if err := h.auth.Flash(c, "Translations saved"); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, pathwayURL(p.ID))
}
