package store_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
)

// pathwayConsole returns a store on db with one open pathway (its cohort of
// 10 places) and a coordinator to act on it.
func pathwayConsole(t *testing.T, db *gorm.DB) (*store.Store, storetest.Built, store.Actor) {
	t.Helper()
	s := store.New(db).WithClock(newClock().now)
	_, a := coordinator(t, s)
	return s, storetest.Pathway(t, s, storetest.Places(10)), a
}

func consoleAuditCount(t *testing.T, db *gorm.DB, targetID string) int64 {
	t.Helper()
	var n int64
	if err := db.Table("audit_log").Where("target_id = ?", targetID).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func consoleCohortRow(t *testing.T, db *gorm.DB, id string) store.Cohort {
	t.Helper()
	var c store.Cohort
	if err := db.Where("id = ?", id).Take(&c).Error; err != nil {
		t.Fatal(err)
	}
	return c
}

// TestUpdateCohortNeverBelowPlacesTaken: the UPDATE itself refuses a
// capacity under the places taken, even when the caller's check passed on
// an older count (a place taken between the form and the save).
func TestUpdateCohortNeverBelowPlacesTaken(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		s, p, a := pathwayConsole(t, db)
		co, err := s.CohortForConsole(ctx, p.Cohort.ID)
		if err != nil {
			t.Fatal(err)
		}
		base := consoleAuditCount(t, db, co.ID)
		if err := db.Exec(`UPDATE cohorts SET places_taken = 6 WHERE id = ?`, co.ID).Error; err != nil {
			t.Fatal(err)
		}
		in := store.CohortInput{StartsOn: co.StartsOn, EndsOn: co.EndsOn, ClosesAt: co.ClosesAt, VenueName: "Hall", VenuePostcode: "B35 7PR", Capacity: 5}
		err = s.UpdateCohort(ctx, a, co.ID, co.Version, in)
		var verr *portal.ValidationError
		if !errors.As(err, &verr) || !verr.Has("capacity") {
			t.Fatalf("got %v, want a capacity error", err)
		}
		if got := consoleCohortRow(t, db, co.ID); got.Capacity != 10 || got.Version != co.Version || got.VenueName == "Hall" {
			t.Errorf("got %+v, want it unchanged", got)
		}
		in.Capacity = 6
		if err := s.UpdateCohort(ctx, a, co.ID, co.Version, in); err != nil {
			t.Fatal(err)
		}
		if got := consoleCohortRow(t, db, co.ID); got.Capacity != 6 || got.Version != co.Version+1 {
			t.Errorf("got %+v, want capacity 6 at the next version", got)
		}
		// The old version again: a conflict, not an overwrite.
		in.Capacity = 20
		if err := s.UpdateCohort(ctx, a, co.ID, co.Version, in); !errors.Is(err, portal.ErrConflict) {
			t.Errorf("got %v, want ErrConflict", err)
		}
		if n := consoleAuditCount(t, db, co.ID); n != base+1 {
			t.Errorf("got %d audit rows, want %d for the one change made", n, base+1)
		}
		if err := s.UpdateCohort(ctx, a, "no-such-cohort", 1, in); !errors.Is(err, portal.ErrNotFound) {
			t.Errorf("got %v, want ErrNotFound", err)
		}
	})
}

// TestConcurrentCohortEditsOneWins: of many edits from the same version,
// exactly one is saved and audited; the rest are conflicts.
func TestConcurrentCohortEditsOneWins(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		s, p, a := pathwayConsole(t, db)
		co, err := s.CohortForConsole(ctx, p.Cohort.ID)
		if err != nil {
			t.Fatal(err)
		}
		base := consoleAuditCount(t, db, co.ID)
		var wg sync.WaitGroup
		errs := make([]error, 8)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				in := store.CohortInput{StartsOn: co.StartsOn, EndsOn: co.EndsOn, ClosesAt: co.ClosesAt, VenueName: "Hall", VenuePostcode: "B35 7PR", Capacity: 10 + i}
				errs[i] = s.UpdateCohort(ctx, a, co.ID, co.Version, in)
			}()
		}
		wg.Wait()
		saved := 0
		for _, err := range errs {
			switch {
			case err == nil:
				saved++
			case errors.Is(err, portal.ErrConflict), consoleWriteRefused(err):
			default:
				t.Errorf("got %v, want nil or ErrConflict", err)
			}
		}
		if saved != 1 {
			t.Errorf("got %d saved edits, want 1", saved)
		}
		if n := consoleAuditCount(t, db, co.ID); n != base+1 {
			t.Errorf("got %d audit rows, want %d", n, base+1)
		}
		if got := consoleCohortRow(t, db, co.ID); got.Version != co.Version+1 {
			t.Errorf("got version %d, want %d", got.Version, co.Version+1)
		}
	})
}

// consoleWriteRefused reports a serialisation failure some databases answer a
// concurrent write with: the edit was refused, which is also safe.
func consoleWriteRefused(err error) bool {
	return err != nil && (strings.Contains(err.Error(), "SQLSTATE 40001") || strings.Contains(err.Error(), "database is locked"))
}

func TestCreatePathwayChecksWhatOnlyTheDatabaseKnows(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		s, p, a := pathwayConsole(t, db)
		trust, pioneer := p.Employer, p.Providers[0]
		var before int64
		if err := db.Table("audit_log").Where("target_type = ?", store.TargetPathway).Count(&before).Error; err != nil {
			t.Fatal(err)
		}
		in := store.PathwayInput{Name: "Care to Health", Slug: p.Slug, RefPrefix: "CTH", EmployerID: pioneer.ID,
			ProviderIDs: []string{trust.ID}, NeighbourhoodIDs: []string{"no-such-hood"}, FromSector: "care", Summary: "s", Description: "d", EligibilityText: "e"}
		_, err := s.CreatePathway(ctx, a, in)
		var verr *portal.ValidationError
		if !errors.As(err, &verr) {
			t.Fatalf("got %v, want a validation error", err)
		}
		for _, f := range []string{"slug", "employer_id", "providers", "neighbourhoods"} {
			if !verr.Has(f) {
				t.Errorf("got %v, want an error for %s", verr, f)
			}
		}
		var n int64
		if err := db.Table("audit_log").Where("target_type = ?", store.TargetPathway).Count(&n).Error; err != nil || n != before {
			t.Errorf("got %d audit rows (%v), want %d: none for a refused change", n, err, before)
		}
		in.Slug, in.EmployerID, in.ProviderIDs, in.NeighbourhoodIDs = "care-to-health", trust.ID, []string{pioneer.ID, pioneer.ID}, []string{p.Neighbourhood.ID}
		id, err := s.CreatePathway(ctx, a, in)
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.PathwayForConsole(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if got.EmployerName != trust.Name || len(got.ProviderIDs) != 1 || len(got.NeighbourhoodIDs) != 1 || got.IsOpen {
			t.Errorf("got %+v", got)
		}
		// A new pathway is a draft, not on the public side, and saving it
		// again does not publish it (PublishPathway does, after its checks).
		if got.State() != store.PathwayDraft {
			t.Errorf("got state %q, want %q", got.State(), store.PathwayDraft)
		}
		if _, err := s.PathwayBySlug(ctx, "care-to-health"); !errors.Is(err, portal.ErrNotFound) {
			t.Errorf("got %v, want a draft pathway not found", err)
		}
		in.Summary = "A new summary"
		if err := s.UpdatePathway(ctx, a, id, got.Version, in); err != nil {
			t.Fatal(err)
		}
		if _, err := s.PathwayBySlug(ctx, "care-to-health"); !errors.Is(err, portal.ErrNotFound) {
			t.Errorf("got %v, want the edited draft still not found", err)
		}
		if err := s.UpdatePathway(ctx, a, id, got.Version, in); !errors.Is(err, portal.ErrConflict) {
			t.Errorf("got %v, want ErrConflict", err)
		}
		if n := consoleAuditCount(t, db, id); n != 2 {
			t.Errorf("got %d audit rows, want 2", n)
		}
	})
}
