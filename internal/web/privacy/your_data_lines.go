package privacy

import (
	"encoding/json"
	"strings"

	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
)

// Lines is row's value in column col of t as the page shows it, a line each:
// an application's answers, support and suggested pathways (stored as JSON)
// as one line per question, in the page's language, the way "check your
// answers" showed them; any other value is the one line Cell gives. The
// journey's own bookkeeping (which steps were done) is left to the file.
func (p *yourDataPage) Lines(t store.DataTable, col int, v string) []string {
	if t.Table == "applications" {
		var lines []string
		switch t.Columns[col] {
		case "answers":
			var a store.Answers
			if json.Unmarshal([]byte(v), &a) == nil {
				lines = p.answerLines(a)
			}
		case "support_needs":
			var s store.Support
			if json.Unmarshal([]byte(v), &s) == nil {
				lines = p.supportLines(s)
			}
		case "routing":
			var ss []portal.Suggestion
			if json.Unmarshal([]byte(v), &ss) == nil {
				lines = p.routingLines(ss)
			}
		}
		if len(lines) > 0 {
			return lines
		}
	}
	return []string{p.Cell(t, col, v)}
}

// InEnglish reports whether column col of t is shown in English on a page in
// another language: the suggested pathways' reasons are the coordinator's
// words, written in English, so a screen reader should read them as such.
func (p *yourDataPage) InEnglish(t store.DataTable, col int) bool {
	return p.Lang() != "en" && t.Table == "applications" && t.Columns[col] == "routing"
}

// line is one question and its answer.
func (p *yourDataPage) line(question, answer string) string { return p.T(question) + ": " + answer }

// yesNo is a true/false answer as yes or no.
func (p *yourDataPage) yesNo(b bool) string {
	if b {
		return p.T("yes")
	}
	return p.T("no")
}

func (p *yourDataPage) answerLines(a store.Answers) []string {
	out := []string{p.line("over18", p.yesNo(a.Over18)), p.line("right_to_work", p.yesNo(a.RightToWork))}
	if a.Situation != "" {
		out = append(out, p.line("work_situation", p.Label("situations", a.Situation)))
	}
	if a.Sectors != nil || a.Years != "" {
		out = append(out, p.line("work_you_have_done", p.Labels("sectors", a.Sectors)))
	}
	if a.Years != "" {
		// The journey's answers to "how many years" are years_<value>.
		out = append(out, p.line("years_in_jobs", p.T("years_"+a.Years)))
	}
	if a.Skills != nil {
		out = append(out, p.line("skills", p.Labels("skills", a.Skills)))
	}
	if a.Interests != nil {
		out = append(out, p.line("jobs_you_would_like", p.Labels("interests", a.Interests)))
	}
	if a.Hours != "" {
		out = append(out, p.line("hours", p.Label("hours", a.Hours)))
	}
	if a.Travel != "" {
		out = append(out, p.line("travel", p.Label("travel", a.Travel)))
	}
	return out
}

func (p *yourDataPage) supportLines(s store.Support) []string {
	if len(s.Needs) == 0 && s.Details == "" {
		return nil
	}
	out := []string{p.line("support_that_helps", p.Labels("support", s.Needs))}
	if s.Details != "" {
		out = append(out, p.line("anything_else", s.Details))
	}
	return out
}

// routingLines are the pathways suggested from the answers, each with how
// closely the answers matched and the reasons (in the coordinator's words).
func (p *yourDataPage) routingLines(ss []portal.Suggestion) []string {
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		l := s.Name + " (" + p.Number(s.Score) + ")"
		if len(s.Reasons) > 0 {
			l += ": " + strings.Join(s.Reasons, " ")
		}
		out = append(out, l)
	}
	return out
}
