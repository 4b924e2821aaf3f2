package portal

// Organisation kinds: what a network member is. The values are stored in
// organisations.kind and must match that column's CHECK constraint.
const (
	KindHousingProvider  = "housing_provider"
	KindEmployer         = "employer"
	KindTrainingProvider = "training_provider"
	KindCoordinator      = "coordinator"
)

// OrganisationKinds lists every kind, for forms.
func OrganisationKinds() []Option {
	return []Option{
		{KindHousingProvider, "Housing provider"},
		{KindEmployer, "Employer"},
		{KindTrainingProvider, "Training provider"},
		{KindCoordinator, "Network coordinator"},
	}
}

// ValidOrganisationKind reports whether kind is one of the kinds above.
func ValidOrganisationKind(kind string) bool { return Valid(OrganisationKinds(), kind) }
