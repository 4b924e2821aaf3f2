package portal

import "testing"

func TestOrganisationKinds(t *testing.T) {
	for _, tt := range []struct {
		kind string
		want bool
	}{
		{KindHousingProvider, true},
		{KindEmployer, true},
		{KindTrainingProvider, true},
		{KindCoordinator, true},
		{"council", false},
		{"", false},
	} {
		if got := ValidOrganisationKind(tt.kind); got != tt.want {
			t.Errorf("ValidOrganisationKind(%q): got %v, want %v", tt.kind, got, tt.want)
		}
	}
	// Every kind fits at least one role, or its organisations could have no staff.
	for _, k := range OrganisationKinds() {
		fits := false
		for _, r := range Roles() {
			fits = fits || RoleFitsOrganisation(Role(r.Value), k.Value)
		}
		if !fits {
			t.Errorf("kind %s fits no role", k.Value)
		}
	}
}
