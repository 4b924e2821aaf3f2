package storetest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"anchorpathways/internal/store"
)

// Built is an open pathway and everything a Pathway call made for it.
type Built struct {
	store.ConsolePathway // the pathway as the console reads it back
	Employer             store.Organisation
	Providers            []store.Organisation // partner housing providers
	Neighbourhood        store.NeighbourhoodDetail
	Role                 store.Role
	Course               store.Course
	Cohort               store.Cohort // open for applications, Places places, none taken
}

// Postcode is a postcode inside the pathway's neighbourhood: a resident
// living there is eligible.
func (b Built) Postcode() string { return PostcodeIn(b.Neighbourhood.Sectors[0]) }

// Eligible is a set of eligibility answers that pass the pathway's check:
// living in its neighbourhood, not a partner's tenant, over 18, with the
// right to work.
func (b Built) Eligible() store.Eligibility {
	return store.Eligibility{Postcode: b.Postcode(), Tenant: "none", Over18: true, RightToWork: true}
}

// pathwayConfig is what PathwayOptions set.
type pathwayConfig struct {
	places    int
	employer  *store.Organisation
	providers []store.Organisation
	hood      *store.NeighbourhoodDetail
	sectors   []string
	closed    bool
	input     []func(*store.PathwayInput)
}

// PathwayOption changes what Pathway builds.
type PathwayOption func(*pathwayConfig)

// Places sets the cohort's capacity (10 unless set).
func Places(n int) PathwayOption { return func(c *pathwayConfig) { c.places = n } }

// OwnedBy makes employer (an employer) the pathway's owner instead of a new
// employer.
func OwnedBy(employer store.Organisation) PathwayOption {
	return func(c *pathwayConfig) { c.employer = &employer }
}

// PartneredWith makes providers (housing providers) the pathway's partners
// instead of one new housing provider; the first also serves the new
// neighbourhood, unless InNeighbourhood gives one.
func PartneredWith(providers ...store.Organisation) PathwayOption {
	return func(c *pathwayConfig) { c.providers = providers }
}

// InNeighbourhood targets an existing neighbourhood instead of a new one.
func InNeighbourhood(n store.NeighbourhoodDetail) PathwayOption {
	return func(c *pathwayConfig) { c.hood = &n }
}

// InSectors gives the new neighbourhood these normalised sectors instead of
// one UniqueSector.
func InSectors(sectors ...string) PathwayOption {
	return func(c *pathwayConfig) { c.sectors = sectors }
}

// Closed leaves the pathway a draft, never published (not on the public side).
func Closed() PathwayOption { return func(c *pathwayConfig) { c.closed = true } }

// WithInput edits the pathway's input (name, slug, prefix, copy) last,
// before it is created.
func WithInput(f func(*store.PathwayInput)) PathwayOption {
	return func(c *pathwayConfig) { c.input = append(c.input, f) }
}

// Pathway builds an open pathway through the console's methods: an owning
// employer, one partner housing provider, a neighbourhood served by it, one
// role, one course and one cohort open for applications (closing 18 days
// after the store's now, starting 28 days after it) with 10 places; options
// change any part. It returns the lot.
func Pathway(t testing.TB, st *store.Store, opts ...PathwayOption) Built {
	t.Helper()
	ctx := context.Background()
	c := pathwayConfig{places: 10}
	for _, o := range opts {
		o(&c)
	}
	var b Built
	if c.employer != nil {
		b.Employer = *c.employer
	} else {
		b.Employer = Organisation(t, st, store.KindEmployer)
	}
	if len(c.providers) > 0 {
		b.Providers = c.providers
	} else {
		b.Providers = []store.Organisation{Organisation(t, st, store.KindHousingProvider)}
	}
	if c.hood != nil {
		b.Neighbourhood = *c.hood
	} else {
		b.Neighbourhood = NeighbourhoodServedBy(t, st, b.Providers[:1], c.sectors...)
	}
	n := next()
	in := store.PathwayInput{
		Name: fmt.Sprintf("Pathway %d", n), Slug: fmt.Sprintf("pathway-%d", n), RefPrefix: prefix(n),
		EmployerID: b.Employer.ID, NeighbourhoodIDs: []string{b.Neighbourhood.ID}, FromSector: "hospitality",
		Summary: "A free course, then a guaranteed interview.", Description: "A route into work.",
		EligibilityText: "You can apply if you live in the area.",
	}
	for _, p := range b.Providers {
		in.ProviderIDs = append(in.ProviderIDs, p.ID)
	}
	for _, f := range c.input {
		f(&in)
	}
	id, err := st.CreatePathway(ctx, Actor(), in)
	if err != nil {
		t.Fatalf("storetest.Pathway: %v", err)
	}
	roleID, err := st.AddRole(ctx, Actor(), id, store.RoleInput{Title: Unique("Role"), Pay: "£24,071 a year", Hours: "Full time", Description: "A job.", Position: 1})
	if err != nil {
		t.Fatalf("storetest.Pathway: role: %v", err)
	}
	courseID, err := st.CreateCourse(ctx, Actor(), id, store.CourseInput{Name: Unique("Course"), Summary: "Two weeks.", Outcome: "A guaranteed interview."})
	if err != nil {
		t.Fatalf("storetest.Pathway: course: %v", err)
	}
	now := st.Now()
	day := func(d int) time.Time {
		return time.Date(now.Year(), now.Month(), now.Day(), 9, 30, 0, 0, time.UTC).AddDate(0, 0, d)
	}
	cohortID, err := st.CreateCohort(ctx, Actor(), courseID, store.CohortInput{StartsOn: day(28), EndsOn: day(39), ClosesAt: day(18),
		VenueName: "Community Hub", VenueAddress: "1 High Street", VenuePostcode: PostcodeIn(b.Neighbourhood.Sectors[0]), Capacity: c.places})
	if err != nil {
		t.Fatalf("storetest.Pathway: cohort: %v", err)
	}
	if b.ConsolePathway, err = st.PathwayForConsole(ctx, id); err != nil {
		t.Fatalf("storetest.Pathway: read back: %v", err)
	}
	if !c.closed { // a new pathway is a draft until published
		if err := st.PublishPathway(ctx, Actor(), id, b.Version); err != nil {
			t.Fatalf("storetest.Pathway: publish: %v", err)
		}
		if b.ConsolePathway, err = st.PathwayForConsole(ctx, id); err != nil {
			t.Fatalf("storetest.Pathway: read back: %v", err)
		}
	}
	b.Role, _ = b.RoleByID(roleID)
	for _, course := range b.Courses {
		if course.ID == courseID {
			b.Course = course.Course
			for _, co := range course.Cohorts {
				if co.ID == cohortID {
					b.Cohort = co
				}
			}
		}
	}
	if b.Role.ID == "" || b.Course.ID == "" || b.Cohort.ID == "" {
		t.Fatalf("storetest.Pathway: read back %+v without its role, course or cohort", b.ConsolePathway)
	}
	return b
}

// prefix is a three-letter reference prefix drawn from n.
func prefix(n int64) string {
	var sb strings.Builder
	for range 3 {
		sb.WriteByte(byte('A' + n%26))
		n /= 26
	}
	return sb.String()
}
