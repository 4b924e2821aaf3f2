package console

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/web/auth"
	"anchorpathways/internal/web/page"
)

// Template names, beside the handlers that use them.
const (
	tmplConsoleRules      = "console/rules-list"
	tmplConsoleRuleForm   = "console/rules-form"
	tmplConsoleRuleDelete = "console/rules-delete"
)

// ---- routing rules ------------------------------------------------------------------------

// factorLabels name the factors as the application form asks them.
var factorLabels = map[portal.Factor]string{
	portal.FactorSituation: "Work situation now",
	portal.FactorSector:    "Kinds of work done",
	portal.FactorSkill:     "Skills",
	portal.FactorInterest:  "Jobs they would like",
	portal.FactorHours:     "Hours they can work",
	portal.FactorTravel:    "How long they can travel",
}

// factorGroup is one factor and its answers, for the rule form's selects.
type factorGroup struct {
	Factor  string
	Label   string
	Options []portal.Option
}

func factorGroups() []factorGroup {
	var out []factorGroup
	for _, f := range portal.Factors() {
		out = append(out, factorGroup{Factor: string(f), Label: factorLabels[f], Options: portal.OptionsFor(f)})
	}
	return out
}

// ruleRow is a rule as the list shows it.
type ruleRow struct {
	store.RoutingRuleRow
	FactorLabel string
	ValueLabel  string
}

func ruleRowOf(r store.RoutingRuleRow) ruleRow {
	f := portal.Factor(r.Factor)
	return ruleRow{RoutingRuleRow: r, FactorLabel: factorLabels[f], ValueLabel: portal.LabelFor(portal.OptionsFor(f), r.Value)}
}

type rulesPage struct {
	page.Page
	Pathway store.ConsolePathway
	Rules   []ruleRow
}

// Rules answers GET /staff/pathways/:id/rules (coordinator).
func (h *Handler) Rules(c echo.Context) error {
	ctx := c.Request().Context()
	p, err := h.store.PathwayForConsole(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	rules, err := h.store.RulesOfPathway(ctx, p.ID)
	if err != nil {
		return err
	}
	pg := &rulesPage{Page: page.Page{Title: "Routing rules for " + p.Name, Back: pathwayURL(p.ID)}, Pathway: p}
	for _, r := range rules {
		pg.Rules = append(pg.Rules, ruleRowOf(r))
	}
	return h.views.Render(c, http.StatusOK, tmplConsoleRules, pg)
}

type ruleForm struct {
	Factor  string `form:"factor" validate:"required" msg:"*=Select what the rule looks at"`
	Value   string `form:"value" validate:"required,max=40" msg:"*=Select the answer the rule matches"`
	Weight  string `form:"weight" validate:"required,max=4" msg:"required=Enter the weight, from -100 to 100;max=Weight must be a whole number from -100 to 100"`
	Reason  string `form:"reason" validate:"max=300" msg:"max=Reason must be 300 characters or fewer"`
	Version int    `form:"version"`
}

type ruleFormPage struct {
	page.Page
	PathwayID   string
	PathwayName string
	RuleID      string // "" for a new rule
	Form        ruleForm
	Groups      []factorGroup
}

func readRuleForm(c echo.Context) (ruleForm, store.RuleInput, *portal.ValidationError, error) {
	var f ruleForm
	if err := page.Bind(c, &f); err != nil {
		return f, store.RuleInput{}, nil, err
	}
	page.TrimAll(&f)
	verr := page.Check(&f)
	factor := portal.Factor(f.Factor)
	if !verr.Has("factor") && !factor.Valid() {
		verr.Add("factor", "Select what the rule looks at")
	}
	if !verr.Has("factor") && !verr.Has("value") && !portal.Valid(portal.OptionsFor(factor), f.Value) {
		verr.Add("value", "Select an answer from the list under "+factorLabels[factor])
	}
	w, err := strconv.Atoi(strings.TrimPrefix(f.Weight, "+"))
	if !verr.Has("weight") && (err != nil || w < -100 || w > 100) {
		verr.Add("weight", "Weight must be a whole number from -100 to 100")
	}
	if !verr.Has("weight") && w > 0 && f.Reason == "" {
		verr.Add("reason", "Enter the reason residents see when this rule matches")
	}
	verr.Errors = page.Ordered(verr.Errors, "factor", "value", "weight", "reason")
	return f, store.RuleInput{Factor: f.Factor, Value: f.Value, Weight: w, Reason: f.Reason}, verr, nil
}

func (h *Handler) renderRuleForm(c echo.Context, status int, p *ruleFormPage) error {
	p.Title, p.Back, p.Groups = "Add a routing rule", pathwayURL(p.PathwayID)+"/rules", factorGroups()
	if p.RuleID != "" {
		p.Title = "Change the routing rule"
	}
	return h.views.Render(c, status, tmplConsoleRuleForm, p)
}

// RuleNew answers GET /staff/pathways/:id/rules/new (coordinator).
func (h *Handler) RuleNew(c echo.Context) error {
	p, err := h.store.PathwayForConsole(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return h.renderRuleForm(c, http.StatusOK, &ruleFormPage{PathwayID: p.ID, PathwayName: p.Name})
}

// RuleNewPost answers POST /staff/pathways/:id/rules/new (coordinator).
func (h *Handler) RuleNewPost(c echo.Context) error {
	ctx := c.Request().Context()
	p, err := h.store.PathwayForConsole(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	f, in, verr, err := readRuleForm(c)
	if err != nil {
		return err
	}
	if verr.Empty() {
		_, err = h.store.CreateRoutingRule(ctx, auth.Actor(c), p.ID, in)
		if err == nil {
			if err := h.auth.Flash(c, "Routing rule saved"); err != nil {
				return err
			}
			return c.Redirect(http.StatusSeeOther, pathwayURL(p.ID)+"/rules")
		}
		if !errors.As(err, &verr) {
			return err
		}
	}
	return h.renderRuleForm(c, http.StatusUnprocessableEntity, &ruleFormPage{Page: page.Page{Errors: verr}, PathwayID: p.ID, PathwayName: p.Name, Form: f})
}

// ruleWithPathway loads a rule and its pathway.
func (h *Handler) ruleWithPathway(c echo.Context) (store.RoutingRuleRow, store.ConsolePathway, error) {
	r, err := h.store.RuleForConsole(c.Request().Context(), c.Param("id"))
	if err != nil {
		return r, store.ConsolePathway{}, err
	}
	p, err := h.store.PathwayForConsole(c.Request().Context(), r.PathwayID)
	return r, p, err
}

// RuleEdit answers GET /staff/rules/:id/edit (coordinator).
func (h *Handler) RuleEdit(c echo.Context) error {
	r, p, err := h.ruleWithPathway(c)
	if err != nil {
		return err
	}
	f := ruleForm{Factor: r.Factor, Value: r.Value, Weight: strconv.Itoa(r.Weight), Reason: r.Reason, Version: r.Version}
	return h.renderRuleForm(c, http.StatusOK, &ruleFormPage{PathwayID: p.ID, PathwayName: p.Name, RuleID: r.ID, Form: f})
}

// RuleEditPost answers POST /staff/rules/:id/edit (coordinator).
func (h *Handler) RuleEditPost(c echo.Context) error {
	ctx := c.Request().Context()
	r, p, err := h.ruleWithPathway(c)
	if err != nil {
		return err
	}
	f, in, verr, err := readRuleForm(c)
	if err != nil {
		return err
	}
	if verr.Empty() {
		err = h.store.UpdateRoutingRule(ctx, auth.Actor(c), r.ID, f.Version, in)
		switch {
		case err == nil:
			if err := h.auth.Flash(c, "Routing rule saved"); err != nil {
				return err
			}
			return c.Redirect(http.StatusSeeOther, pathwayURL(p.ID)+"/rules")
		case errors.Is(err, portal.ErrConflict):
			mine := ruleRowOf(store.RoutingRuleRow{Factor: f.Factor, Value: f.Value})
			return h.ruleConflict(c, [4]string{mine.FactorLabel, mine.ValueLabel, f.Weight, f.Reason}, p.ID)
		case !errors.As(err, &verr):
			return err
		}
	}
	return h.renderRuleForm(c, http.StatusUnprocessableEntity, &ruleFormPage{Page: page.Page{Errors: verr}, PathwayID: p.ID, PathwayName: p.Name, RuleID: r.ID, Form: f})
}

// ruleConflict shows a rule changed by someone else; yours is what this
// person asked for: looks at, answer, weight, reason.
func (h *Handler) ruleConflict(c echo.Context, yours [4]string, pathwayID string) error {
	now, err := h.store.RuleForConsole(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	saved := ruleRowOf(now)
	return h.views.Conflict(c, "routing rule", "/staff/rules/"+now.ID+"/edit", pathwayURL(pathwayID)+"/rules", []page.ConflictRow{
		{Field: "Looks at", Yours: yours[0], Current: saved.FactorLabel},
		{Field: "Answer", Yours: yours[1], Current: saved.ValueLabel},
		{Field: "Weight", Yours: yours[2], Current: strconv.Itoa(now.Weight)},
		{Field: "Reason shown to residents", Yours: yours[3], Current: now.Reason},
	})
}

type ruleDeletePage struct {
	page.Page
	Rule        ruleRow
	PathwayName string
}

// RuleDelete answers GET /staff/rules/:id/delete (coordinator).
func (h *Handler) RuleDelete(c echo.Context) error {
	r, p, err := h.ruleWithPathway(c)
	if err != nil {
		return err
	}
	return h.views.Render(c, http.StatusOK, tmplConsoleRuleDelete, &ruleDeletePage{Page: page.Page{Title: "Delete the routing rule", Back: pathwayURL(p.ID) + "/rules"}, Rule: ruleRowOf(r), PathwayName: p.Name})
}

// RuleDeletePost answers POST /staff/rules/:id/delete (coordinator).
func (h *Handler) RuleDeletePost(c echo.Context) error {
	r, p, err := h.ruleWithPathway(c)
	if err != nil {
		return err
	}
	version, _ := strconv.Atoi(c.FormValue("version"))
	err = h.store.DeleteRoutingRule(c.Request().Context(), auth.Actor(c), r.ID, version)
	if errors.Is(err, portal.ErrConflict) {
		const del = "(delete the rule)"
		return h.ruleConflict(c, [4]string{del, del, del, del}, p.ID)
	}
	if err != nil {
		return err
	}
	if err := h.auth.Flash(c, "Routing rule deleted"); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, pathwayURL(p.ID)+"/rules")
}
