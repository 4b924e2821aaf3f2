package portal

import (
	"slices"
	"testing"
)

var (
	hth    = PathwayOption{ID: "p-hth", Name: "Hospitality to Health"}
	retail = PathwayOption{ID: "p-ret", Name: "Retail to Reception"}
	care   = PathwayOption{ID: "p-care", Name: "Care to Health"}
)

func TestRank(t *testing.T) {
	kitchen := ResidentProfile{
		Situation: "at_risk",
		Sectors:   []string{"hospitality"},
		Skills:    []string{"food_hygiene", "customer_service"},
		Interests: []string{"catering", "ward_host"},
		Hours:     "full_time",
		Travel:    "30",
	}
	tests := []struct {
		name     string
		profile  ResidentProfile
		pathways []PathwayOption
		rules    []RoutingRule
		want     []Suggestion
	}{
		{
			name:     "no rules: all pathways, score 0, by name",
			profile:  kitchen,
			pathways: []PathwayOption{retail, hth, care},
			want: []Suggestion{
				{PathwayID: "p-care", Name: "Care to Health"},
				{PathwayID: "p-hth", Name: "Hospitality to Health"},
				{PathwayID: "p-ret", Name: "Retail to Reception"},
			},
		},
		{
			name:    "no pathways",
			profile: kitchen,
			rules:   []RoutingRule{{PathwayID: "p-hth", Factor: FactorSector, Value: "hospitality", Weight: 5}},
			want:    []Suggestion{},
		},
		{
			name:     "every factor matches and sums; reasons by weight",
			profile:  kitchen,
			pathways: []PathwayOption{retail, hth},
			rules: []RoutingRule{
				{PathwayID: "p-hth", Factor: FactorSituation, Value: "at_risk", Weight: 1, Reason: "Situation"},
				{PathwayID: "p-hth", Factor: FactorSector, Value: "hospitality", Weight: 10, Reason: "You worked in hospitality"},
				{PathwayID: "p-hth", Factor: FactorSkill, Value: "food_hygiene", Weight: 8, Reason: "Food hygiene"},
				{PathwayID: "p-hth", Factor: FactorInterest, Value: "ward_host", Weight: 6, Reason: "Ward host"},
				{PathwayID: "p-hth", Factor: FactorHours, Value: "full_time", Weight: 2, Reason: "Full time"},
				{PathwayID: "p-hth", Factor: FactorTravel, Value: "30", Weight: 3, Reason: "Near you"},
				{PathwayID: "p-ret", Factor: FactorSkill, Value: "customer_service", Weight: 4, Reason: "Customer service"},
			},
			want: []Suggestion{
				{PathwayID: "p-hth", Name: "Hospitality to Health", Score: 30,
					Reasons: []string{"You worked in hospitality", "Food hygiene", "Ward host", "Near you", "Full time", "Situation"}},
				{PathwayID: "p-ret", Name: "Retail to Reception", Score: 4, Reasons: []string{"Customer service"}},
			},
		},
		{
			name:     "non-matching values and unknown factors score nothing",
			profile:  kitchen,
			pathways: []PathwayOption{hth},
			rules: []RoutingRule{
				{PathwayID: "p-hth", Factor: FactorSector, Value: "retail", Weight: 10, Reason: "Retail"},
				{PathwayID: "p-hth", Factor: FactorHours, Value: "any", Weight: 10, Reason: "Any hours"},
				{PathwayID: "p-hth", Factor: FactorSituation, Value: "At_risk", Weight: 10, Reason: "Case matters"},
				{PathwayID: "p-hth", Factor: "mood", Value: "hospitality", Weight: 10, Reason: "Unknown factor"},
			},
			want: []Suggestion{{PathwayID: "p-hth", Name: "Hospitality to Health"}},
		},
		{
			name:     "negative weights lower the score and hide their reason",
			profile:  kitchen,
			pathways: []PathwayOption{hth, care},
			rules: []RoutingRule{
				{PathwayID: "p-care", Factor: FactorHours, Value: "full_time", Weight: -3, Reason: "Shifts are part time"},
				{PathwayID: "p-hth", Factor: FactorSector, Value: "hospitality", Weight: 2, Reason: "Hospitality"},
				{PathwayID: "p-hth", Factor: FactorTravel, Value: "30", Weight: 0, Reason: "Zero weight hidden"},
			},
			want: []Suggestion{
				{PathwayID: "p-hth", Name: "Hospitality to Health", Score: 2, Reasons: []string{"Hospitality"}},
				{PathwayID: "p-care", Name: "Care to Health", Score: -3},
			},
		},
		{
			name:     "rules for other pathways are ignored",
			profile:  kitchen,
			pathways: []PathwayOption{hth},
			rules:    []RoutingRule{{PathwayID: "p-gone", Factor: FactorSector, Value: "hospitality", Weight: 50, Reason: "Gone"}},
			want:     []Suggestion{{PathwayID: "p-hth", Name: "Hospitality to Health"}},
		},
		{
			name:     "duplicate and blank reasons removed, ties alphabetical",
			profile:  kitchen,
			pathways: []PathwayOption{hth},
			rules: []RoutingRule{
				{PathwayID: "p-hth", Factor: FactorSkill, Value: "food_hygiene", Weight: 2, Reason: "Kitchen work"},
				{PathwayID: "p-hth", Factor: FactorSector, Value: "hospitality", Weight: 5, Reason: " Kitchen work "},
				{PathwayID: "p-hth", Factor: FactorInterest, Value: "catering", Weight: 2, Reason: "Catering"},
				{PathwayID: "p-hth", Factor: FactorInterest, Value: "ward_host", Weight: 1, Reason: "  "},
			},
			want: []Suggestion{{PathwayID: "p-hth", Name: "Hospitality to Health", Score: 10,
				Reasons: []string{"Kitchen work", "Catering"}}},
		},
		{
			name:     "ties by name then ID; duplicate pathway IDs once",
			profile:  ResidentProfile{},
			pathways: []PathwayOption{{"b", "Same"}, {"a", "Same"}, {"c", "Earlier"}, {"a", "Duplicate"}},
			want: []Suggestion{
				{PathwayID: "c", Name: "Earlier"},
				{PathwayID: "a", Name: "Same"},
				{PathwayID: "b", Name: "Same"},
			},
		},
		{
			name:     "a value listed twice in the profile counts once",
			profile:  ResidentProfile{Skills: []string{"teamwork", "teamwork"}},
			pathways: []PathwayOption{hth},
			rules:    []RoutingRule{{PathwayID: "p-hth", Factor: FactorSkill, Value: "teamwork", Weight: 3, Reason: "Teamwork"}},
			want:     []Suggestion{{PathwayID: "p-hth", Name: "Hospitality to Health", Score: 3, Reasons: []string{"Teamwork"}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Rank(tt.profile, tt.pathways, tt.rules)
			if !equalSuggestions(got, tt.want) {
				t.Errorf("Rank() =\n%+v\nwant\n%+v", got, tt.want)
			}
			// Reversing the inputs must not change the result.
			p, r := slices.Clone(tt.pathways), slices.Clone(tt.rules)
			slices.Reverse(p)
			slices.Reverse(r)
			if !hasDuplicateIDs(tt.pathways) {
				if again := Rank(tt.profile, p, r); !equalSuggestions(again, got) {
					t.Errorf("Rank(reversed inputs) =\n%+v\nwant\n%+v", again, got)
				}
			}
		})
	}
}

func equalSuggestions(a, b []Suggestion) bool {
	return slices.EqualFunc(a, b, func(x, y Suggestion) bool {
		return x.PathwayID == y.PathwayID && x.Name == y.Name && x.Score == y.Score && slices.Equal(x.Reasons, y.Reasons)
	})
}

func hasDuplicateIDs(ps []PathwayOption) bool {
	seen := map[string]bool{}
	for _, p := range ps {
		if seen[p.ID] {
			return true
		}
		seen[p.ID] = true
	}
	return false
}

func TestFactors(t *testing.T) {
	want := []Factor{"situation", "sector", "skill", "interest", "hours", "travel"}
	if got := Factors(); !slices.Equal(got, want) {
		t.Errorf("Factors() = %v, want %v", got, want)
	}
	tests := []struct {
		f    Factor
		want bool
	}{
		{FactorSituation, true}, {FactorTravel, true}, {"", false}, {"Sector", false},
	}
	for _, tt := range tests {
		if got := tt.f.Valid(); got != tt.want {
			t.Errorf("Factor(%q).Valid() = %v, want %v", tt.f, got, tt.want)
		}
	}
}

func TestExplain(t *testing.T) {
	ranked := []Suggestion{
		{PathwayID: "p-hth", Name: "Hospitality to Health", Score: 10, Reasons: []string{"You worked in hospitality"}},
		{PathwayID: "p-ret", Name: "Retail to Reception"},
		{PathwayID: "p-care", Name: "Care to Health"},
		{PathwayID: "p-none", Name: "Nowhere in particular"},
	}
	hoods := map[string][]string{
		"p-hth":  {"Castle Vale"},
		"p-ret":  {"Castle Vale"},
		"p-care": {"Kingstanding", " Castle Vale ", "Erdington", "Castle Vale", ""},
	}
	got := Explain(ranked, hoods)
	want := [][]string{
		{"You worked in hospitality"},
		{"Open to anyone who lives in Castle Vale."},
		{"Open to anyone who lives in Castle Vale, Erdington or Kingstanding."},
		{"You can apply for this course."},
	}
	if len(got) != len(want) {
		t.Fatalf("Explain returned %d suggestions, want %d", len(got), len(want))
	}
	for i := range want {
		if !slices.Equal(got[i].Reasons, want[i]) {
			t.Errorf("%s: got reasons %q, want %q", got[i].PathwayID, got[i].Reasons, want[i])
		}
		if len(got[i].Reasons) == 0 || got[i].Reasons[0] == "" {
			t.Errorf("%s: an empty reason", got[i].PathwayID)
		}
	}
	if ranked[1].Reasons != nil {
		t.Errorf("Explain changed its input: %+v", ranked[1])
	}
}

func TestGeneralReason(t *testing.T) {
	tests := []struct {
		hoods []string
		want  string
	}{
		{nil, "You can apply for this course."},
		{[]string{"  "}, "You can apply for this course."},
		{[]string{"Castle Vale"}, "Open to anyone who lives in Castle Vale."},
		{[]string{"Kingstanding", "Castle Vale"}, "Open to anyone who lives in Castle Vale or Kingstanding."},
	}
	for _, tt := range tests {
		if got := GeneralReason(tt.hoods); got != tt.want {
			t.Errorf("GeneralReason(%q) = %q, want %q", tt.hoods, got, tt.want)
		}
	}
}
