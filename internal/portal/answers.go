package portal

import "slices"

// Option is one answer a form offers: the value stored and matched by
// routing rules, and the plain-English label shown.
type Option struct{ Value, Label string }

// The fixed answer vocabularies, shared by forms, routing rules and
// templates. Values are stored: never change or reuse one; add new ones.
// Treat these slices as read-only.
var (
	// Situations: "What is your work situation now?"
	Situations = []Option{
		{"employed", "In work"},
		{"at_risk", "At risk of redundancy"},
		{"furloughed", "On furlough or reduced hours"},
		{"unemployed", "Not working at the moment"},
		{"other", "Something else"},
	}
	// Sectors: "Which kinds of work have you done?"
	Sectors = []Option{
		{"hospitality", "Hospitality (hotels, restaurants, cafés, bars)"},
		{"retail", "Shops and retail"},
		{"care", "Care work"},
		{"cleaning", "Cleaning"},
		{"security", "Security"},
		{"transport", "Driving and transport"},
		{"construction", "Building and construction"},
		{"office", "Office work"},
		{"health", "Health services"},
		{"other", "Something else"},
	}
	// Skills: "What can you already do?"
	Skills = []Option{
		{"food_hygiene", "Food hygiene or kitchen work"},
		{"customer_service", "Customer service"},
		{"cleaning", "Cleaning"},
		{"cash_handling", "Handling cash or payments"},
		{"teamwork", "Working in a team"},
		{"driving", "Driving (with a full UK licence)"},
		{"first_aid", "First aid"},
		{"computer", "Using a computer"},
		{"caring", "Caring for someone"},
		{"languages", "Speaking a language other than English"},
	}
	// Interests: "Which jobs would you like to do?" NHS entry roles and the
	// roles of other anchor employers such as councils and universities.
	Interests = []Option{
		{"healthcare_support", "Healthcare support worker"},
		{"ward_host", "Ward host (serving food and drinks to patients)"},
		{"catering", "Catering and kitchen work"},
		{"domestic", "Cleaning (domestic)"},
		{"porter", "Porter (moving patients and equipment)"},
		{"admin", "Admin and reception"},
		{"customer_service_roles", "Customer service"},
		{"facilities", "Facilities, security and maintenance"},
	}
	// HoursOptions: "How many hours can you work?"
	HoursOptions = []Option{
		{"full_time", "Full time"},
		{"part_time", "Part time"},
		{"any", "Either"},
	}
	// TravelOptions: "How long can you travel to work?"
	TravelOptions = []Option{
		{"30", "Up to 30 minutes"},
		{"60", "Up to 1 hour"},
		{"any", "More than 1 hour is fine"},
	}
	// SupportNeeds: "Would any of these help you?" Never shown to recruiters.
	SupportNeeds = []Option{
		{"childcare", "Childcare"},
		{"travel_costs", "Help with travel costs"},
		{"adjustments", "Adjustments for a disability or health condition"},
		{"language", "Help with English"},
		{"digital", "Help using a computer or phone"},
		{"other", "Something else"},
	}
)

// Valid reports whether value is one of options' values.
func Valid(options []Option, value string) bool {
	return slices.ContainsFunc(options, func(o Option) bool { return o.Value == value })
}

// ValidAll reports whether every value is one of options' values. It is
// true for no values: whether an answer is required is the form's call.
func ValidAll(options []Option, values []string) bool {
	for _, v := range values {
		if !Valid(options, v) {
			return false
		}
	}
	return true
}

// LabelFor returns value's label, or "" if value is not one of options.
func LabelFor(options []Option, value string) string {
	for _, o := range options {
		if o.Value == value {
			return o.Label
		}
	}
	return ""
}

// OptionsFor returns the vocabulary a routing rule's Value for f must come
// from, so the rule editor can offer and check it; nil for an unknown factor.
func OptionsFor(f Factor) []Option {
	switch f {
	case FactorSituation:
		return Situations
	case FactorSector:
		return Sectors
	case FactorSkill:
		return Skills
	case FactorInterest:
		return Interests
	case FactorHours:
		return HoursOptions
	case FactorTravel:
		return TravelOptions
	}
	return nil
}
