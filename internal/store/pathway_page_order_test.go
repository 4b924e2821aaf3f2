package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
)

// TestPathwayPageComesInPageOrder: a pathway's page lists its roles by
// position then title, its cohorts by start, its providers and
// neighbourhoods by name and each neighbourhood's sectors in order, and the
// public list comes by pathway name, whatever order they were added in.
func TestPathwayPageComesInPageOrder(t *testing.T) {
	for _, n := range dbtest.All(t) {
		t.Run(n.Name, func(t *testing.T) {
			ctx := context.Background()
			st := store.New(n.DB)
			zed := storetest.Organisation(t, st, store.KindHousingProvider, storetest.Named(storetest.Unique("Zed Homes")))
			able := storetest.Organisation(t, st, store.KindHousingProvider, storetest.Named(storetest.Unique("Able Homes")))
			s1, s2 := storetest.UniqueSector(), storetest.UniqueSector()
			bravo := storetest.NeighbourhoodNamed(t, st, storetest.Unique("Bravo"), []store.Organisation{zed}, s2, s1)
			alpha := storetest.NeighbourhoodNamed(t, st, storetest.Unique("Alpha"), []store.Organisation{able})
			b := storetest.Pathway(t, st, storetest.PartneredWith(zed, able), storetest.InNeighbourhood(bravo),
				storetest.WithInput(func(in *store.PathwayInput) {
					in.Name = storetest.Unique("Zulu pathway")
					in.NeighbourhoodIDs = []string{bravo.ID, alpha.ID}
				}))
			first := storetest.Pathway(t, st, storetest.WithInput(func(in *store.PathwayInput) { in.Name = storetest.Unique("Alpha pathway") }))
			for _, r := range []store.RoleInput{{Title: "Porter", Position: 3}, {Title: "Domestic", Position: 2}, {Title: "Cook", Position: 2}} {
				r.Pay, r.Hours, r.Description = "£24,071 a year", "Full time", "A job."
				if _, err := st.AddRole(ctx, storetest.Actor(), b.ID, r); err != nil {
					t.Fatal(err)
				}
			}
			for _, start := range []int{40, 35} {
				day := b.Cohort.StartsOn.AddDate(0, 0, start-28)
				if _, err := st.CreateCohort(ctx, storetest.Actor(), b.Course.ID, store.CohortInput{StartsOn: day, EndsOn: day.AddDate(0, 0, 10),
					ClosesAt: b.Cohort.ClosesAt, VenueName: "Hub", VenueAddress: "1 High Street", VenuePostcode: b.Postcode(), Capacity: 5}); err != nil {
					t.Fatal(err)
				}
			}
			p, err := st.PathwayBySlug(ctx, b.Slug)
			if err != nil {
				t.Fatal(err)
			}
			var roles []string
			for _, r := range p.Roles {
				roles = append(roles, r.Title)
			}
			if want := []string{b.Role.Title, "Cook", "Domestic", "Porter"}; !slices.Equal(roles, want) {
				t.Errorf("roles %q, want %q", roles, want)
			}
			var starts []time.Time
			for _, c := range p.Cohorts {
				starts = append(starts, c.StartsOn)
			}
			if len(starts) != 3 || !slices.IsSortedFunc(starts, time.Time.Compare) || !starts[0].Equal(b.Cohort.StartsOn) {
				t.Errorf("cohorts start %v, want three from %v, soonest first", starts, b.Cohort.StartsOn)
			}
			if len(p.Providers) != 2 || p.Providers[0].ID != able.ID || p.Providers[1].ID != zed.ID {
				t.Errorf("providers %+v, want %s then %s", p.Providers, able.Name, zed.Name)
			}
			if len(p.Neighbourhoods) != 2 || p.Neighbourhoods[0].ID != alpha.ID || p.Neighbourhoods[1].ID != bravo.ID {
				t.Fatalf("neighbourhoods %+v, want %s then %s", p.Neighbourhoods, alpha.Name, bravo.Name)
			}
			if got, want := p.Neighbourhoods[1].Sectors, []string{min(s1, s2), max(s1, s2)}; !slices.Equal(got, want) {
				t.Errorf("sectors %q, want %q", got, want)
			}
			if p.CreatedAt.IsZero() || p.Cohorts[0].ClosesAt.IsZero() || p.Providers[0].CreatedAt.IsZero() || p.Neighbourhoods[0].UpdatedAt.IsZero() {
				t.Errorf("times came back empty: %+v", p)
			}
			list, err := st.ListOpenPathways(ctx)
			if err != nil {
				t.Fatal(err)
			}
			at := func(id string) int {
				return slices.IndexFunc(list, func(c store.PathwayCard) bool { return c.ID == id })
			}
			if i, j := at(first.ID), at(b.ID); i < 0 || j < 0 || i > j {
				t.Errorf("open list has %q at %d and %q at %d: want them both, by name", first.Name, i, b.Name, j)
			}
			if j := at(b.ID); j >= 0 && (len(list[j].Roles) != 4 || list[j].NextCohort == nil || !list[j].NextCohort.StartsOn.Equal(b.Cohort.StartsOn)) {
				t.Errorf("card %+v: want 4 roles and the soonest cohort", list[j])
			}
		})
	}
}
