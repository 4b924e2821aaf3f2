package portal

// Role is what a staff member may do, and over which organisation's data.
type Role string

// Staff roles.
const (
	// RoleCoordinator runs the network: every organisation's data, except
	// equality answers, which exist only as aggregates.
	RoleCoordinator Role = "coordinator"
	// RoleHousingOfficer sees the progress of their own organisation's tenants.
	RoleHousingOfficer Role = "housing_officer"
	// RoleRecruiter works the applications to their own organisation's pathways.
	RoleRecruiter Role = "recruiter"
)

// Roles lists every role, for forms.
func Roles() []Option {
	return []Option{
		{string(RoleCoordinator), "Coordinator"},
		{string(RoleHousingOfficer), "Housing officer"},
		{string(RoleRecruiter), "Recruiter"},
	}
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return Valid(Roles(), string(r)) }

// Label is the role in plain English.
func (r Role) Label() string { return LabelFor(Roles(), string(r)) }

// Staff is a signed-in staff member: who is acting, for which organisation.
type Staff struct {
	ID             string
	Email          string
	Name           string
	Role           Role
	OrganisationID string
}

// RoleFitsOrganisation reports whether a role can belong to an organisation
// of the given kind: coordinators to the network, housing officers to
// housing providers, recruiters to employers or training providers.
func RoleFitsOrganisation(r Role, kind string) bool {
	switch r {
	case RoleCoordinator:
		return kind == KindCoordinator
	case RoleHousingOfficer:
		return kind == KindHousingProvider
	case RoleRecruiter:
		return kind == KindEmployer || kind == KindTrainingProvider
	}
	return false
}
