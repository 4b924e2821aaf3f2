package portal

import (
	"slices"
	"testing"
)

func TestVocabularies(t *testing.T) {
	tests := []struct {
		name       string
		options    []Option
		wantValues []string
	}{
		{"Situations", Situations, []string{"employed", "at_risk", "furloughed", "unemployed", "other"}},
		{"Sectors", Sectors, []string{"hospitality", "retail", "care", "cleaning", "security", "transport", "construction", "office", "health", "other"}},
		{"Skills", Skills, []string{"food_hygiene", "customer_service", "cleaning", "cash_handling", "teamwork", "driving", "first_aid", "computer", "caring", "languages"}},
		{"Interests", Interests, []string{"healthcare_support", "ward_host", "catering", "domestic", "porter", "admin", "customer_service_roles", "facilities"}},
		{"HoursOptions", HoursOptions, []string{"full_time", "part_time", "any"}},
		{"TravelOptions", TravelOptions, []string{"30", "60", "any"}},
		{"SupportNeeds", SupportNeeds, []string{"childcare", "travel_costs", "adjustments", "language", "digital", "other"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, o := range tt.options {
				got = append(got, o.Value)
				if o.Label == "" {
					t.Errorf("%s: option %q has no label", tt.name, o.Value)
				}
			}
			if !slices.Equal(got, tt.wantValues) {
				t.Errorf("%s values = %v, want %v", tt.name, got, tt.wantValues)
			}
		})
	}
}

func TestFixedLabels(t *testing.T) {
	tests := []struct {
		options      []Option
		value, label string
	}{
		{Situations, "at_risk", "At risk of redundancy"},
		{Interests, "healthcare_support", "Healthcare support worker"},
		{Interests, "domestic", "Cleaning (domestic)"},
		{TravelOptions, "30", "Up to 30 minutes"},
		{TravelOptions, "60", "Up to 1 hour"},
		{TravelOptions, "any", "More than 1 hour is fine"},
		{SupportNeeds, "adjustments", "Adjustments for a disability or health condition"},
		{SupportNeeds, "language", "Help with English"},
		{SupportNeeds, "digital", "Help using a computer or phone"},
	}
	for _, tt := range tests {
		if got := LabelFor(tt.options, tt.value); got != tt.label {
			t.Errorf("LabelFor(%q) = %q, want %q", tt.value, got, tt.label)
		}
	}
}

func TestValid(t *testing.T) {
	tests := []struct {
		options []Option
		value   string
		want    bool
	}{
		{Sectors, "hospitality", true},
		{Sectors, "Hospitality", false},
		{Sectors, "", false},
		{Sectors, "food_hygiene", false},
		{nil, "x", false},
	}
	for _, tt := range tests {
		if got := Valid(tt.options, tt.value); got != tt.want {
			t.Errorf("Valid(%q) = %v, want %v", tt.value, got, tt.want)
		}
	}
}

func TestValidAll(t *testing.T) {
	tests := []struct {
		name   string
		values []string
		want   bool
	}{
		{"none", nil, true},
		{"all known", []string{"cleaning", "caring"}, true},
		{"repeated", []string{"caring", "caring"}, true},
		{"one unknown", []string{"cleaning", "juggling"}, false},
		{"empty string", []string{""}, false},
	}
	for _, tt := range tests {
		if got := ValidAll(Skills, tt.values); got != tt.want {
			t.Errorf("ValidAll(Skills, %q) = %v, want %v", tt.values, got, tt.want)
		}
	}
}

func TestLabelFor(t *testing.T) {
	tests := []struct {
		options []Option
		value   string
		want    string
	}{
		{HoursOptions, "part_time", "Part time"},
		{HoursOptions, "nights", ""},
		{nil, "part_time", ""},
	}
	for _, tt := range tests {
		if got := LabelFor(tt.options, tt.value); got != tt.want {
			t.Errorf("LabelFor(%q) = %q, want %q", tt.value, got, tt.want)
		}
	}
}

func TestOptionsFor(t *testing.T) {
	tests := []struct {
		f    Factor
		want []Option
	}{
		{FactorSituation, Situations},
		{FactorSector, Sectors},
		{FactorSkill, Skills},
		{FactorInterest, Interests},
		{FactorHours, HoursOptions},
		{FactorTravel, TravelOptions},
		{"mood", nil},
	}
	for _, tt := range tests {
		if got := OptionsFor(tt.f); !slices.Equal(got, tt.want) {
			t.Errorf("OptionsFor(%q) = %v, want %v", tt.f, got, tt.want)
		}
	}
}
