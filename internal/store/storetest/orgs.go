package storetest

import (
	"context"
	"strings"
	"testing"

	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
)

// OrgOption changes an organisation before it is created.
type OrgOption func(*store.OrganisationInput)

// Named sets an organisation's name.
func Named(name string) OrgOption { return func(in *store.OrganisationInput) { in.Name = name } }

// Organisation creates an organisation of kind (store.KindEmployer, ...)
// through CreateOrganisation, named "<Kind> <n>" unless an option says
// otherwise, and returns it.
func Organisation(t testing.TB, st *store.Store, kind string, opts ...OrgOption) store.Organisation {
	t.Helper()
	label := strings.ToUpper(kind[:1]) + strings.ReplaceAll(kind[1:], "_", " ")
	in := store.OrganisationInput{Name: Unique(label), Kind: kind, ContactEmail: UniqueEmail("contact")}
	for _, o := range opts {
		o(&in)
	}
	org, err := st.CreateOrganisation(context.Background(), Actor(), in)
	if err != nil {
		t.Fatalf("storetest.Organisation(%s): %v", kind, err)
	}
	return org
}

// Neighbourhood creates a neighbourhood through CreateNeighbourhood, made
// of sectors (normalised, "B35 7"), or of one UniqueSector when none are
// given, served by providers (or by a new housing provider when none are
// given), and returns it with its sectors and providers.
func Neighbourhood(t testing.TB, st *store.Store, sectors ...string) store.NeighbourhoodDetail {
	t.Helper()
	return NeighbourhoodServedBy(t, st, nil, sectors...)
}

// NeighbourhoodServedBy is Neighbourhood served by the given housing
// providers (a new one when providers is empty).
func NeighbourhoodServedBy(t testing.TB, st *store.Store, providers []store.Organisation, sectors ...string) store.NeighbourhoodDetail {
	t.Helper()
	return NeighbourhoodNamed(t, st, Unique("Neighbourhood"), providers, sectors...)
}

// NeighbourhoodNamed is NeighbourhoodServedBy with the given name, for a
// test whose pages must show a name it chose.
func NeighbourhoodNamed(t testing.TB, st *store.Store, name string, providers []store.Organisation, sectors ...string) store.NeighbourhoodDetail {
	t.Helper()
	if len(sectors) == 0 {
		sectors = []string{UniqueSector()}
	}
	for _, s := range sectors {
		if n, err := portal.NormaliseSector(s); err != nil || n != s {
			t.Fatalf("storetest.Neighbourhood: sector %q is not normalised (%q, %v)", s, n, err)
		}
	}
	if len(providers) == 0 {
		providers = []store.Organisation{Organisation(t, st, store.KindHousingProvider)}
	}
	ids := make([]string, len(providers))
	for i, p := range providers {
		ids[i] = p.ID
	}
	n, err := st.CreateNeighbourhood(context.Background(), Actor(), store.NeighbourhoodInput{Name: name, Sectors: sectors, ProviderIDs: ids})
	if err != nil {
		t.Fatalf("storetest.Neighbourhood: %v", err)
	}
	return n
}
