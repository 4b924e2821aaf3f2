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

// pathways are the two pathways the pathway console tests stand on, with
// the routing rules the preview ranks them by.
type pathways struct {
	// hth is Hospitality to Health (the trust's, with Pioneer, in Castle
	// Vale): two roles (hth.Role first), a course and an open cohort of 10.
	hth storetest.Built
	// rtc is Retail to Council Services (the council's).
	rtc storetest.Built
	// hthSector is Hospitality to Health's rule for the hospitality sector.
	hthSector store.RoutingRuleRow
	// rules holds the IDs of every rule made here.
	rules map[string]bool
}

// rule sets every field of a routing rule.
func rule(factor, value string, weight int, reason string) storetest.RuleOption {
	return func(in *store.RuleInput) {
		*in = store.RuleInput{Factor: factor, Value: value, Weight: weight, Reason: reason}
	}
}

// named sets a pathway's name, slug, reference prefix and sector.
func named(name, slug, prefix, from string) storetest.PathwayOption {
	return storetest.WithInput(func(in *store.PathwayInput) {
		in.Name, in.Slug, in.RefPrefix, in.FromSector = name, slug, prefix, from
	})
}

// newPathways builds Hospitality to Health and Retail to Council Services
// in n. For a resident who worked in retail, has customer service skills,
// wants customer service work full time, Retail scores 30 (sector) + 15
// (skill) + 25 (interest) + 5 (hours) = 75 and Health 10 (skill).
func newPathways(t testing.TB, app *webtest.App, n network) pathways {
	t.Helper()
	st := app.Store
	p := pathways{rules: map[string]bool{}}
	p.hth = storetest.Pathway(t, st, storetest.OwnedBy(n.trust), storetest.PartneredWith(n.pioneer), storetest.InNeighbourhood(n.castleVale),
		named("Hospitality to Health", "hospitality-to-health", "HTH", "hospitality"))
	if _, err := st.AddRole(t.Context(), storetest.Actor(), p.hth.ID, store.RoleInput{Title: "Ward host", Pay: "£24,071 a year", Hours: "Part time, days",
		Description: "Serve meals and drinks to patients.", Position: 2}); err != nil {
		t.Fatal(err)
	}
	p.rtc = storetest.Pathway(t, st, storetest.OwnedBy(n.council), storetest.PartneredWith(n.pioneer), storetest.InNeighbourhood(n.castleVale),
		named("Retail to Council Services", "retail-to-council", "RTC", "retail"))
	p.hthSector = storetest.RoutingRule(t, st, p.hth.ID, rule("sector", "hospitality", 30, "You have worked in hospitality: hospital catering teams value that experience."))
	p.rules[p.hthSector.ID] = true
	for _, r := range []struct {
		pathway string
		opt     storetest.RuleOption
	}{
		{p.hth.ID, rule("skill", "customer_service", 10, "Your customer service skills help you look after patients and visitors.")},
		{p.rtc.ID, rule("sector", "retail", 30, "You have worked in retail: council customer service teams use the same skills.")},
		{p.rtc.ID, rule("skill", "customer_service", 15, "Your customer service skills are what council service centres need most.")},
		{p.rtc.ID, rule("interest", "customer_service_roles", 25, "You want customer service work: this pathway leads to council adviser jobs.")},
		{p.rtc.ID, rule("hours", "full_time", 5, "The council roles are mostly full time, which suits you.")},
	} {
		p.rules[storetest.RoutingRule(t, st, r.pathway, r.opt).ID] = true
	}
	return p
}
