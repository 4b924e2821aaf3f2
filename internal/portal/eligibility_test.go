package portal

import (
	"slices"
	"testing"
)

func TestCheckEligibility(t *testing.T) {
	rules := EligibilityRules{Sectors: []string{"B35 7", "B44 0"}, ProviderIDs: []string{"pioneer", "northside"}, AreaNames: []string{"Castle Vale", "Kingstanding"}}
	const (
		area  = "This course is for people who live in Castle Vale or Kingstanding or rent their home from one of our partner housing providers."
		age   = "You need to be 18 or over to join this course."
		right = "The jobs this course leads to need the right to work in the UK."
	)
	ok := EligibilityAnswers{Postcode: "B35 7PR", Tenant: "none", Over18: true, RightToWork: true}
	with := func(f func(*EligibilityAnswers)) EligibilityAnswers { a := ok; f(&a); return a }
	for _, tt := range []struct {
		name  string
		rules EligibilityRules
		in    EligibilityAnswers
		want  []string
	}{
		{"lives in a sector", rules, ok, nil},
		{"loosely written postcode in a sector", rules, with(func(a *EligibilityAnswers) { a.Postcode = "b440ab" }), nil},
		{"outside, not a tenant", rules, with(func(a *EligibilityAnswers) { a.Postcode = "SW1A 1AA" }), []string{area}},
		{"outside, a partner's tenant", rules, with(func(a *EligibilityAnswers) { a.Postcode, a.Tenant = "SW1A 1AA", "northside" }), nil},
		{"outside, another landlord's tenant", rules, with(func(a *EligibilityAnswers) { a.Postcode, a.Tenant = "SW1A 1AA", "elsewhere" }), []string{area}},
		{"no postcode, no tenancy", rules, with(func(a *EligibilityAnswers) { a.Postcode, a.Tenant = "", "" }), []string{area}},
		{"under 18", rules, with(func(a *EligibilityAnswers) { a.Over18 = false }), []string{age}},
		{"no right to work", rules, with(func(a *EligibilityAnswers) { a.RightToWork = false }), []string{right}},
		{"every rule failed, in order", rules, EligibilityAnswers{Postcode: "SW1A 1AA", Tenant: "none"}, []string{area, age, right}},
		{"a pathway with no areas", EligibilityRules{}, ok, []string{"This course is for people who live in the areas we serve or rent their home from one of our partner housing providers."}},
		{"one area", EligibilityRules{Sectors: []string{"B44 0"}, AreaNames: []string{"Kingstanding"}}, ok,
			[]string{"This course is for people who live in Kingstanding or rent their home from one of our partner housing providers."}},
	} {
		if got := CheckEligibility(tt.rules, tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestAreaList(t *testing.T) {
	for _, tt := range []struct {
		in   []string
		want string
	}{
		{nil, "the areas we serve"},
		{[]string{"A"}, "A"},
		{[]string{"A", "B"}, "A or B"},
		{[]string{"A", "B", "C"}, "A, B or C"},
	} {
		if got := areaList(tt.in); got != tt.want {
			t.Errorf("areaList(%q): got %q, want %q", tt.in, got, tt.want)
		}
	}
}
