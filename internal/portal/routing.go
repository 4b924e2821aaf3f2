package portal

import (
	"cmp"
	"slices"
	"strings"
)

// Factor is the part of a resident's profile a routing rule looks at. The
// values match routing_rules.factor's CHECK constraint.
type Factor string

// The factors.
const (
	FactorSituation Factor = "situation"
	FactorSector    Factor = "sector"
	FactorSkill     Factor = "skill"
	FactorInterest  Factor = "interest"
	FactorHours     Factor = "hours"
	FactorTravel    Factor = "travel"
)

// Factors returns every factor, in the order the application form asks.
func Factors() []Factor {
	return []Factor{FactorSituation, FactorSector, FactorSkill, FactorInterest, FactorHours, FactorTravel}
}

// Valid reports whether f is one of the factors above.
func (f Factor) Valid() bool { return slices.Contains(Factors(), f) }

// RoutingRule is one coordinator-edited rule: a resident whose profile has
// Value for Factor gets Weight added to PathwayID's score, and is shown
// Reason when Weight is positive.
type RoutingRule struct {
	ID, PathwayID string
	Factor        Factor
	Value         string
	Weight        int
	Reason        string
}

// ResidentProfile is what the application form learned about the resident,
// as option values (see answers.go).
type ResidentProfile struct {
	Situation                  string
	Sectors, Skills, Interests []string
	Hours, Travel              string
}

// has reports whether p has value for f. Values match exactly: "any" hours
// does not match a "full_time" rule; write a rule for "any" if it should.
func (p ResidentProfile) has(f Factor, value string) bool {
	switch f {
	case FactorSituation:
		return p.Situation == value
	case FactorSector:
		return slices.Contains(p.Sectors, value)
	case FactorSkill:
		return slices.Contains(p.Skills, value)
	case FactorInterest:
		return slices.Contains(p.Interests, value)
	case FactorHours:
		return p.Hours == value
	case FactorTravel:
		return p.Travel == value
	}
	return false
}

// PathwayOption is a pathway a resident could be routed to.
type PathwayOption struct{ ID, Name string }

// Suggestion is one ranked pathway with its score and the reasons to show.
type Suggestion struct {
	PathwayID, Name string
	Score           int
	Reasons         []string
}

// FitScore is the routing score of pathwayID among routing, kept in
// applications.fit_score so that the recruiters' pool ranks by an index; 0
// when routing did not score it.
func FitScore(routing []Suggestion, pathwayID string) int {
	for _, sg := range routing {
		if sg.PathwayID == pathwayID {
			return sg.Score
		}
	}
	return 0
}

// SectorsDone is the sectors a resident has worked in as ",a,b," (or ""),
// kept in applications.sectors_done for the pool's exact sector filter
// (LIKE '%,care,%').
func SectorsDone(sectors []string) string {
	if len(sectors) == 0 {
		return ""
	}
	return "," + strings.Join(sectors, ",") + ","
}

// Rank scores every pathway by the sum of the weights of the rules that match
// the profile (a rule matches when the profile has its Factor/Value; each
// rule counts once), and returns all the given pathways, highest score
// first, ties by name then ID, so the result does not depend on the order of
// pathways or rules. Reasons are the positive-weight matching rules' Reason
// texts, highest weight first (ties alphabetical), blanks and duplicates
// removed; nil if none. Negative weights lower a score silently, since "you
// said you cannot work nights" is not a reason to show as a match. Rules for
// pathways not in pathways are ignored, as are rules with an unknown factor;
// a pathway listed twice is returned once (its first entry).
func Rank(p ResidentProfile, pathways []PathwayOption, rules []RoutingRule) []Suggestion {
	type hit struct {
		weight int
		reason string
	}
	index := make(map[string]int, len(pathways))
	out := make([]Suggestion, 0, len(pathways))
	for _, pw := range pathways {
		if _, dup := index[pw.ID]; dup {
			continue
		}
		index[pw.ID] = len(out)
		out = append(out, Suggestion{PathwayID: pw.ID, Name: pw.Name})
	}
	hits := make([][]hit, len(out))
	for _, r := range rules {
		i, ok := index[r.PathwayID]
		if !ok || !p.has(r.Factor, r.Value) {
			continue
		}
		out[i].Score += r.Weight
		if reason := strings.TrimSpace(r.Reason); r.Weight > 0 && reason != "" {
			hits[i] = append(hits[i], hit{r.Weight, reason})
		}
	}
	for i := range out {
		slices.SortFunc(hits[i], func(a, b hit) int {
			return cmp.Or(cmp.Compare(b.weight, a.weight), strings.Compare(a.reason, b.reason))
		})
		for _, h := range hits[i] {
			if !slices.Contains(out[i].Reasons, h.reason) {
				out[i].Reasons = append(out[i].Reasons, h.reason)
			}
		}
	}
	slices.SortFunc(out, func(a, b Suggestion) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), strings.Compare(a.Name, b.Name), strings.Compare(a.PathwayID, b.PathwayID))
	})
	return out
}

// GeneralReason is what a suggestion says when no rule gave it a reason:
// who the pathway is open to, from the names of its neighbourhoods
// ("Open to anyone who lives in Castle Vale"), or, with none, that the
// resident may apply (suggestions are only pathways they are eligible for).
func GeneralReason(neighbourhoods []string) string {
	var names []string
	for _, n := range neighbourhoods {
		if n = strings.TrimSpace(n); n != "" && !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	switch len(names) {
	case 0:
		return "You can apply for this course."
	case 1:
		return "Open to anyone who lives in " + names[0] + "."
	}
	return "Open to anyone who lives in " + strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1] + "."
}

// Explain gives every suggestion a reason to show: one that Rank left
// without any gets GeneralReason of its pathway's neighbourhoods (keyed by
// pathway ID), so a resident is never shown a course with no word on why.
// Suggestions with reasons are unchanged; s itself is not modified.
func Explain(s []Suggestion, neighbourhoods map[string][]string) []Suggestion {
	out := slices.Clone(s)
	for i := range out {
		if len(out[i].Reasons) == 0 {
			out[i].Reasons = []string{GeneralReason(neighbourhoods[out[i].PathwayID])}
		}
	}
	return out
}
