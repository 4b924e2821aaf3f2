package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
)

// TestConsoleErrorsNameTheUseCase: an error from a console, dashboard or
// audit method says which use case failed, and errors.Is and errors.As
// still find the portal error inside it.
func TestConsoleErrorsNameTheUseCase(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		s := store.New(db).WithClock(newClock().now)
		network, a := coordinator(t, s)
		p := storetest.Pathway(t, s)
		rule := storetest.RoutingRule(t, s, p.ID)
		cohortIn := store.CohortInput{StartsOn: p.Cohort.StartsOn, EndsOn: p.Cohort.EndsOn, ClosesAt: p.Cohort.ClosesAt, VenuePostcode: p.Postcode(), Capacity: 5}
		gone, cancel := context.WithCancel(ctx)
		cancel() // a request that went away: every query fails
		cancelled := func(err error) bool { return errors.Is(err, context.Canceled) }
		validation := func(err error) bool { var v *portal.ValidationError; return errors.As(err, &v) }
		notFound := func(err error) bool { return errors.Is(err, portal.ErrNotFound) }
		conflict := func(err error) bool { return errors.Is(err, portal.ErrConflict) }
		for _, tt := range []struct {
			op   string
			err  error
			kind func(error) bool
		}{
			{"OrganisationByID", second(s.OrganisationByID(ctx, "nope")), notFound},
			{"CreateOrganisation", second(s.CreateOrganisation(ctx, a, store.OrganisationInput{Name: network.Name, Kind: store.KindEmployer})), validation},
			{"UpdateOrganisation", second(s.UpdateOrganisation(ctx, a, network.ID, 99, store.OrganisationInput{Name: "X", Kind: store.KindCoordinator})), conflict},
			{"RemoveOrganisation", s.RemoveOrganisation(ctx, a, network.ID), validation},
			{"NeighbourhoodByID", second(s.NeighbourhoodByID(ctx, "nope")), notFound},
			{"CreateNeighbourhood", second(s.CreateNeighbourhood(ctx, a, store.NeighbourhoodInput{Name: "N", Sectors: []string{"B1 1"}})), validation},
			{"UpdateNeighbourhood", second(s.UpdateNeighbourhood(ctx, a, p.Neighbourhood.ID, 99, store.NeighbourhoodInput{})), conflict},
			{"StaffAccountByID", second(s.StaffAccountByID(ctx, "nope")), notFound},
			{"ChangeStaffRole", s.ChangeStaffRole(ctx, a, "nope", 1, portal.RoleRecruiter), notFound},
			{"DisableStaff", s.DisableStaff(ctx, a, a.Staff.ID), validation},
			{"PathwayForConsole", second(s.PathwayForConsole(ctx, "nope")), notFound},
			{"CreatePathway", second(s.CreatePathway(ctx, a, store.PathwayInput{Slug: p.Slug, EmployerID: p.Employer.ID})), validation},
			{"UpdatePathway", s.UpdatePathway(ctx, a, p.ID, 99, p.Input()), conflict},
			{"AddRole", second(s.AddRole(ctx, a, "nope", store.RoleInput{})), notFound},
			{"UpdateRole", s.UpdateRole(ctx, a, p.ID, p.Role.ID, 99, store.RoleInput{}), conflict},
			{"RemoveRole", s.RemoveRole(ctx, a, p.ID, "nope", p.Version), notFound},
			{"CourseForConsole", second(s.CourseForConsole(ctx, "nope")), notFound},
			{"CreateCourse", second(s.CreateCourse(ctx, a, "nope", store.CourseInput{})), notFound},
			{"UpdateCourse", s.UpdateCourse(ctx, a, p.Course.ID, 99, store.CourseInput{}), conflict},
			{"CohortForConsole", second(s.CohortForConsole(ctx, "nope")), notFound},
			{"CreateCohort", second(s.CreateCohort(ctx, a, "nope", cohortIn)), notFound},
			{"UpdateCohort", s.UpdateCohort(ctx, a, p.Cohort.ID, 99, cohortIn), conflict},
			{"RuleForConsole", second(s.RuleForConsole(ctx, "nope")), notFound},
			{"CreateRoutingRule", second(s.CreateRoutingRule(ctx, a, p.ID, store.RuleInput{Factor: rule.Factor, Value: rule.Value, Weight: 1})), validation},
			{"UpdateRoutingRule", s.UpdateRoutingRule(ctx, a, rule.ID, 99, store.RuleInput{Factor: rule.Factor, Value: rule.Value}), conflict},
			{"DeleteRoutingRule", s.DeleteRoutingRule(ctx, a, rule.ID, 99), conflict},
			{"ListOrganisations", second(s.ListOrganisations(gone, store.OrganisationFilter{})), cancelled},
			{"ListNeighbourhoods", second(s.ListNeighbourhoods(gone, store.NeighbourhoodFilter{})), cancelled},
			{"ListStaff", second(s.ListStaff(gone, store.StaffFilter{})), cancelled},
			{"ListPathwaysForConsole", second(s.ListPathwaysForConsole(gone, store.PathwayListFilter{})), cancelled},
			{"ChoicesForPathway", second(s.ChoicesForPathway(gone)), cancelled},
			{"RulesOfPathway", second(s.RulesOfPathway(gone, p.ID)), cancelled},
			{"RoutingPreview", third(s.RoutingPreview(gone)), cancelled},
			{"Audit", s.Audit(gone, a, store.AuditViewed, "pathway", p.ID, nil, nil), cancelled},
			{"ListAudit", second(s.ListAudit(gone, store.AuditFilter{})), cancelled},
			{"ListApplicationsFor", second(s.ListApplicationsFor(gone, a.Staff, store.Cursor{}, 0)), cancelled},
			{"ListApplicationsFor", second(s.ListApplicationsFor(ctx, portal.Staff{Role: "visitor"}, store.Cursor{}, 0)), func(err error) bool { return errors.Is(err, portal.ErrForbidden) }},
		} {
			if tt.err == nil {
				t.Errorf("%s: got no error, want one", tt.op)
				continue
			}
			if want := "store: " + tt.op + ": "; !strings.HasPrefix(tt.err.Error(), want) {
				t.Errorf("%s: got %q, want it to start %q", tt.op, tt.err, want)
			}
			if !tt.kind(tt.err) {
				t.Errorf("%s: got %v, which errors.Is/As no longer recognise", tt.op, tt.err)
			}
		}
	})
}

// second is the error of a two-result call.
func second[T any](_ T, err error) error { return err }

// third is the error of a three-result call.
func third[T, U any](_ T, _ U, err error) error { return err }
