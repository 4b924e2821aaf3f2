package console_test

import (
	"testing"

	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
	"anchorpathways/internal/web/webtest"
)

// coordinatorEmail is the network coordinator's address: audit rows of
// console changes name it.
const coordinatorEmail = "cora@network.example"

// network is the small anchor network the console tests stand on, built
// with the storetest factories (names chosen so pages read as they would).
type network struct {
	hub, pioneer, northside, trust, council store.Organisation
	castleVale                              store.NeighbourhoodDetail
	// Every account has enrolled a second factor and signs in with it.
	coordinator, officer, recruiter storetest.StaffMember
}

// withContact sets an organisation's contact email.
func withContact(email string) storetest.OrgOption {
	return func(in *store.OrganisationInput) { in.ContactEmail = email }
}

// newNetwork builds the network: the coordinating hub, two housing
// providers, two employers, Castle Vale (B35 7, served by Pioneer), and a
// coordinator (of the hub), housing officer (of Pioneer) and recruiter (of
// the trust).
func newNetwork(t testing.TB, app *webtest.App) network {
	t.Helper()
	st := app.Store
	var n network
	n.hub = storetest.Organisation(t, st, store.KindCoordinator, storetest.Named("Birmingham Anchor Network"))
	n.pioneer = storetest.Organisation(t, st, store.KindHousingProvider, storetest.Named("Pioneer Housing Group"))
	n.northside = storetest.Organisation(t, st, store.KindHousingProvider, storetest.Named("Northside Homes"))
	n.trust = storetest.Organisation(t, st, store.KindEmployer, storetest.Named("University Hospitals Birmingham"), withContact("recruitment@uhb.example"))
	n.council = storetest.Organisation(t, st, store.KindEmployer, storetest.Named("Birmingham City Council"))
	n.castleVale = storetest.NeighbourhoodNamed(t, st, "Castle Vale", []store.Organisation{n.pioneer}, "B35 7")
	n.coordinator = storetest.Staff(t, st, portal.RoleCoordinator, n.hub, storetest.EnrolledMFA(),
		storetest.Email(coordinatorEmail), storetest.FullName("Cora Ordinator"))
	n.officer = storetest.Staff(t, st, portal.RoleHousingOfficer, n.pioneer, storetest.EnrolledMFA(),
		storetest.Email("housing.officer@pioneer.example"), storetest.FullName("Hamid Officer"))
	n.recruiter = storetest.Staff(t, st, portal.RoleRecruiter, n.trust, storetest.EnrolledMFA(),
		storetest.Email("rita@uhb.example"), storetest.FullName("Rita Cruiter"))
	return n
}
