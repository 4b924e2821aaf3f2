package staff_test

import (
	"net/url"
	"testing"

	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
	"anchorpathways/internal/web/webtest"
)

// crew is the small network the staff tests stand on, built with the
// storetest factories: a coordinating hub, two employers, two housing
// providers, Castle Vale (B35 7, served by Pioneer), and one account per
// role. The accounts are MFA-exempt, as demo accounts are, so that tests of
// sessions sign in with a password alone in a demo-mode app; tests of the
// second factor make their own accounts with addStaff.
type crew struct {
	network, trust, council, pioneer, northside store.Organisation
	castleVale                                  store.NeighbourhoodDetail
	coordinator, officer, recruiter             storetest.StaffMember
}

func newCrew(t testing.TB, st *store.Store) crew {
	t.Helper()
	var c crew
	c.network = storetest.Organisation(t, st, store.KindCoordinator, storetest.Named("Birmingham Anchor Network"))
	c.trust = storetest.Organisation(t, st, store.KindEmployer, storetest.Named("University Hospitals Birmingham"))
	c.council = storetest.Organisation(t, st, store.KindEmployer, storetest.Named("Birmingham City Council"))
	c.pioneer = storetest.Organisation(t, st, store.KindHousingProvider, storetest.Named("Pioneer Housing Group"))
	c.northside = storetest.Organisation(t, st, store.KindHousingProvider, storetest.Named("Northside Homes"))
	c.castleVale = storetest.NeighbourhoodNamed(t, st, "Castle Vale", []store.Organisation{c.pioneer}, "B35 7")
	c.coordinator = storetest.Staff(t, st, portal.RoleCoordinator, c.network, storetest.MFAExempt())
	c.officer = storetest.Staff(t, st, portal.RoleHousingOfficer, c.pioneer, storetest.MFAExempt())
	c.recruiter = storetest.Staff(t, st, portal.RoleRecruiter, c.trust, storetest.MFAExempt())
	return c
}

// member is the crew's account with role.
func (c crew) member(role portal.Role) storetest.StaffMember {
	switch role {
	case portal.RoleCoordinator:
		return c.coordinator
	case portal.RoleHousingOfficer:
		return c.officer
	}
	return c.recruiter
}

// crewSignIn signs the crew's account with role in on c with its password
// (exempt, it goes straight to the dashboard in demo mode).
func crewSignIn(t testing.TB, app *staffApp, c *webtest.Client, role portal.Role) {
	t.Helper()
	m := app.crew.member(role)
	webtest.WantRedirect(t, staffLogin(c, m.User.Email, m.Password), "/staff")
}

// staffLoginForm is the sign-in form for m with its password.
func staffLoginForm(m storetest.StaffMember) url.Values {
	return url.Values{"email": {m.User.Email}, "password": {m.Password}}
}
