package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
)

// coordinator makes a network organisation and a coordinator in it, and
// returns the organisation and the coordinator acting.
func coordinator(t *testing.T, s *store.Store) (store.Organisation, store.Actor) {
	t.Helper()
	network := storetest.Organisation(t, s, store.KindCoordinator)
	return network, storetest.Staff(t, s, portal.RoleCoordinator, network).Actor()
}

func wantField(t *testing.T, err error, field string) {
	t.Helper()
	var v *portal.ValidationError
	if !errors.As(err, &v) || !v.Has(field) {
		t.Fatalf("got %v, want a validation error on %s", err, field)
	}
}

func auditCount(t *testing.T, db *gorm.DB, targetID string) int64 {
	t.Helper()
	var n int64
	if err := db.Model(&store.AuditEntry{}).Where("target_id = ?", targetID).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func TestOrganisationChanges(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		s := store.New(db).WithClock(newClock().now)
		network, a := coordinator(t, s)
		pioneer := storetest.Organisation(t, s, store.KindHousingProvider)
		northside := storetest.Organisation(t, s, store.KindHousingProvider)
		p := storetest.Pathway(t, s, storetest.PartneredWith(pioneer))
		trust := p.Employer
		officer := storetest.Staff(t, s, portal.RoleHousingOfficer, pioneer).User
		storetest.Staff(t, s, portal.RoleRecruiter, trust)
		// The fixtures' own audit rows, so that only this test's changes count.
		base := map[string]int64{pioneer.ID: auditCount(t, db, pioneer.ID), trust.ID: auditCount(t, db, trust.ID), network.ID: auditCount(t, db, network.ID)}

		_, err := s.CreateOrganisation(ctx, a, store.OrganisationInput{Name: strings.ToUpper(pioneer.Name), Kind: store.KindHousingProvider})
		wantField(t, err, "name")
		o, err := s.CreateOrganisation(ctx, a, store.OrganisationInput{Name: "Acme Skills", Kind: store.KindTrainingProvider})
		if err != nil {
			t.Fatal(err)
		}
		in := store.OrganisationInput{Name: "Acme Skills Academy", Kind: store.KindEmployer, ContactEmail: "hi@acme.example"}
		if _, err := s.UpdateOrganisation(ctx, a, o.ID, o.Version+1, in); !errors.Is(err, portal.ErrConflict) {
			t.Fatalf("stale version: got %v, want ErrConflict", err)
		}
		got, err := s.UpdateOrganisation(ctx, a, o.ID, o.Version, in)
		if err != nil || got.Version != 2 || got.Name != in.Name {
			t.Fatalf("got %+v, %v", got, err)
		}
		if _, err := s.UpdateOrganisation(ctx, a, o.ID, o.Version, store.OrganisationInput{Name: "Lost Update", Kind: store.KindEmployer}); !errors.Is(err, portal.ErrConflict) {
			t.Fatalf("second save at the old version: got %v, want ErrConflict", err)
		}
		if now, _ := s.OrganisationByID(ctx, o.ID); now.Name != in.Name || now.ContactEmail != in.ContactEmail {
			t.Errorf("got %+v, want the first save kept", now)
		}

		// The kind must keep fitting the organisation's staff and pathways.
		pioneer, _ = s.OrganisationByID(ctx, pioneer.ID)
		_, err = s.UpdateOrganisation(ctx, a, pioneer.ID, pioneer.Version, store.OrganisationInput{Name: pioneer.Name, Kind: store.KindEmployer})
		wantField(t, err, "kind")
		trust, _ = s.OrganisationByID(ctx, trust.ID)
		if err := db.Exec(`DELETE FROM staff_users WHERE organisation_id = ?`, trust.ID).Error; err != nil {
			t.Fatal(err)
		}
		_, err = s.UpdateOrganisation(ctx, a, trust.ID, trust.Version, store.OrganisationInput{Name: trust.Name, Kind: store.KindTrainingProvider})
		wantField(t, err, "kind")

		// Removal: never one's own organisation; others' staff signed out at once.
		wantField(t, s.RemoveOrganisation(ctx, a, network.ID), "organisation")
		if err := s.StartStaffSession(ctx, "session-hash", "csrf", officer, true); err != nil {
			t.Fatal(err)
		}
		if err := s.RemoveOrganisation(ctx, a, pioneer.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.LoadStaffSession(ctx, "session-hash"); !errors.Is(err, portal.ErrNotFound) {
			t.Errorf("got %v, want the officer's session gone", err)
		}
		if err := s.RemoveOrganisation(ctx, a, pioneer.ID); !errors.Is(err, portal.ErrNotFound) {
			t.Errorf("removing twice: got %v, want ErrNotFound", err)
		}
		if _, err := s.OrganisationByID(ctx, pioneer.ID); !errors.Is(err, portal.ErrNotFound) {
			t.Errorf("got %v, want a removed organisation not found", err)
		}
		_, err = s.CreateOrganisation(ctx, a, store.OrganisationInput{Name: pioneer.Name, Kind: store.KindHousingProvider})
		wantField(t, err, "name")
		providers, err := s.ListOrganisations(ctx, store.OrganisationFilter{Kind: store.KindHousingProvider})
		if err != nil || len(providers) != 1 || providers[0].ID != northside.ID {
			t.Errorf("got %+v, %v; want only %s left", providers, err, northside.Name)
		}

		// One audit row per change that happened, none for refusals.
		for id, want := range map[string]int64{o.ID: 2, pioneer.ID: base[pioneer.ID] + 1, trust.ID: base[trust.ID], network.ID: base[network.ID]} {
			if n := auditCount(t, db, id); n != want {
				t.Errorf("%s: got %d audit rows, want %d", id, n, want)
			}
		}
	})
}

func TestNeighbourhoodChanges(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		s := store.New(db).WithClock(newClock().now)
		_, a := coordinator(t, s)
		trust := storetest.Organisation(t, s, store.KindEmployer)
		pioneer := storetest.Organisation(t, s, store.KindHousingProvider, storetest.Named("Pioneer Housing Group"))
		northside := storetest.Organisation(t, s, store.KindHousingProvider, storetest.Named("Northside Homes"))
		castleVale := storetest.NeighbourhoodServedBy(t, s, []store.Organisation{pioneer}, "B35 7")

		_, err := s.CreateNeighbourhood(ctx, a, store.NeighbourhoodInput{Name: "Erdington", Sectors: []string{"B23 6"}, ProviderIDs: []string{trust.ID}})
		wantField(t, err, "providers")
		_, err = s.CreateNeighbourhood(ctx, a, store.NeighbourhoodInput{Name: strings.ToLower(castleVale.Name), Sectors: []string{"B23 6"}, ProviderIDs: []string{pioneer.ID}})
		wantField(t, err, "name")
		n, err := s.CreateNeighbourhood(ctx, a, store.NeighbourhoodInput{Name: "Erdington", Sectors: []string{"B23 6", "B24 9", "B23 6"},
			ProviderIDs: []string{northside.ID, pioneer.ID, pioneer.ID}})
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.NeighbourhoodByID(ctx, n.ID)
		if err != nil || len(got.Sectors) != 2 || len(got.Providers) != 2 || got.Providers[0].Name != "Northside Homes" {
			t.Fatalf("got %+v, %v; want two sectors and two providers by name", got, err)
		}
		if _, err := s.UpdateNeighbourhood(ctx, a, n.ID, 7, store.NeighbourhoodInput{Name: "X", Sectors: []string{"B1 1"}, ProviderIDs: []string{pioneer.ID}}); !errors.Is(err, portal.ErrConflict) {
			t.Fatalf("got %v, want ErrConflict", err)
		}
		up, err := s.UpdateNeighbourhood(ctx, a, n.ID, 1, store.NeighbourhoodInput{Name: "Erdington North", Sectors: []string{"B24 0"}, ProviderIDs: []string{pioneer.ID}})
		if err != nil || up.Version != 2 {
			t.Fatalf("got %+v, %v", up, err)
		}
		got, _ = s.NeighbourhoodByID(ctx, n.ID)
		if got.Name != "Erdington North" || len(got.Sectors) != 1 || got.Sectors[0] != "B24 0" || len(got.Providers) != 1 {
			t.Errorf("got %+v", got)
		}
		found, err := s.ListNeighbourhoods(ctx, store.NeighbourhoodFilter{Search: "b24"})
		if err != nil || len(found) != 1 || found[0].ID != n.ID {
			t.Errorf("search by sector: got %+v, %v", found, err)
		}
		if c := auditCount(t, db, n.ID); c != 2 {
			t.Errorf("got %d audit rows, want 2", c)
		}
	})
}

func TestStaffAccountChanges(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		s := store.New(db).WithClock(newClock().now)
		_, a := coordinator(t, s)
		recruiter := storetest.Staff(t, s, portal.RoleRecruiter, storetest.Organisation(t, s, store.KindEmployer))
		base := auditCount(t, db, recruiter.User.ID)

		acc, err := s.StaffAccountByID(ctx, recruiter.User.ID)
		if err != nil || !acc.Active || acc.OrganisationKind != store.KindEmployer {
			t.Fatalf("got %+v, %v", acc, err)
		}
		wantField(t, s.ChangeStaffRole(ctx, a, acc.ID, acc.Version, portal.RoleCoordinator), "role")
		if err := s.ChangeStaffRole(ctx, a, acc.ID, acc.Version+1, portal.RoleRecruiter); !errors.Is(err, portal.ErrConflict) {
			t.Errorf("got %v, want ErrConflict", err)
		}
		if err := s.ChangeStaffRole(ctx, a, acc.ID, acc.Version, portal.RoleRecruiter); err != nil {
			t.Errorf("no change: got %v", err)
		}

		wantField(t, s.DisableStaff(ctx, a, a.Staff.ID), "account")
		u, _ := s.StaffByID(ctx, acc.ID)
		if err := s.StartStaffSession(ctx, "recruiter-session", "csrf", u, true); err != nil {
			t.Fatal(err)
		}
		if err := s.DisableStaff(ctx, a, acc.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.LoadStaffSession(ctx, "recruiter-session"); !errors.Is(err, portal.ErrNotFound) {
			t.Errorf("got %v, want the session ended", err)
		}
		if err := s.DisableStaff(ctx, a, acc.ID); !errors.Is(err, portal.ErrConflict) {
			t.Errorf("disabling twice: got %v, want ErrConflict", err)
		}
		acc, _ = s.StaffAccountByID(ctx, acc.ID)
		wantField(t, s.ChangeStaffRole(ctx, a, acc.ID, acc.Version, portal.RoleRecruiter), "role")
		if n := auditCount(t, db, acc.ID); n != base+1 {
			t.Errorf("got %d audit rows, want %d (the disabling)", n, base+1)
		}
	})
}

func TestConsoleListsPageByNameAndSearchLiterally(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		s := store.New(db).WithClock(newClock().now)
		_, a := coordinator(t, s)
		storetest.Organisation(t, s, store.KindHousingProvider, storetest.Named("Northside Homes"))
		storetest.Organisation(t, s, store.KindEmployer)
		for i, name := range []string{"100% Homes", "100 Homes", "A_B Trust", "AXB Trust"} {
			if _, err := s.CreateOrganisation(ctx, a, store.OrganisationInput{Name: name, Kind: store.KindEmployer}); err != nil {
				t.Fatalf("%d: %v", i, err)
			}
		}
		for q, want := range map[string]int{"0%": 1, "a_b": 1, "homes": 3, `\`: 0} {
			got, err := s.ListOrganisations(ctx, store.OrganisationFilter{Search: q})
			if err != nil || len(got) != want {
				t.Errorf("search %q: got %d (%v), want %d", q, len(got), err, want)
			}
		}
		all, err := s.ListOrganisations(ctx, store.OrganisationFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var paged []string
		f := store.OrganisationFilter{Limit: 2}
		for range 10 {
			page, err := s.ListOrganisations(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range page {
				paged = append(paged, o.Name)
			}
			if len(page) < 2 {
				break
			}
			f.AfterName, f.AfterID = page[1].Name, page[1].ID
		}
		if fmt.Sprint(paged) != fmt.Sprint(names(all)) {
			t.Errorf("pages: got %v, want %v", paged, names(all))
		}
	})
}

func names(orgs []store.Organisation) []string {
	out := make([]string, len(orgs))
	for i, o := range orgs {
		out[i] = o.Name
	}
	return out
}
