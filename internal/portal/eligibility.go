package portal

import (
	"slices"
	"strings"
)

// EligibilityAnswers is what a resident says on the eligibility page.
// store.Eligibility has the same fields in the same order, so either
// converts to the other.
type EligibilityAnswers struct {
	Postcode    string // normalised
	Tenant      string // a partner housing provider's ID, or "none"
	Over18      bool
	RightToWork bool
}

// EligibilityRules are what a pathway asks of the people who join it: to
// live in one of its postcode sectors or rent from one of its partner
// housing providers. AreaNames are its neighbourhoods' names, in the order
// the resident is told them.
type EligibilityRules struct {
	Sectors     []string // normalised, "B35 7"
	ProviderIDs []string
	AreaNames   []string
}

// CheckEligibility returns the plain-English reasons, one per rule failed,
// why a resident with answers a cannot join a pathway with rules r; none
// means they can. Anyone may call it; it does no I/O.
func CheckEligibility(r EligibilityRules, a EligibilityAnswers) []string {
	var why []string
	sector := PostcodeSector(a.Postcode)
	lives := sector != "" && slices.Contains(r.Sectors, sector)
	rents := a.Tenant != "" && a.Tenant != "none" && slices.Contains(r.ProviderIDs, a.Tenant)
	if !lives && !rents {
		why = append(why, "This course is for people who live in "+areaList(r.AreaNames)+" or rent their home from one of our partner housing providers.")
	}
	if !a.Over18 {
		why = append(why, "You need to be 18 or over to join this course.")
	}
	if !a.RightToWork {
		why = append(why, "The jobs this course leads to need the right to work in the UK.")
	}
	return why
}

// areaList joins names as a sentence does ("A, B or C").
func areaList(names []string) string {
	switch len(names) {
	case 0:
		return "the areas we serve"
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}
