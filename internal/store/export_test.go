package store

import (
	"context"

	"gorm.io/gorm"

	"anchorpathways/internal/portal"
)

// StaffMoveForTest makes one staff move in its own transaction, so that the
// external tests can prove moveApplication's rules with the factories.
func (s *Store) StaffMoveForTest(ctx context.Context, st portal.Staff, t Target, to portal.Status, note string) (app Application, err error) {
	err = s.tx(ctx, func(tx *gorm.DB) error {
		app, err = moveApplication(tx, s.now(), t, staffMove(st, to, note))
		return err
	})
	return app, err
}

// ResidentMoveForTest makes one resident move (accepting a place, which is
// part A's page) so that tests can reach the course stage.
func (s *Store) ResidentMoveForTest(ctx context.Context, t Target, to portal.Status) (app Application, err error) {
	err = s.tx(ctx, func(tx *gorm.DB) error {
		app, err = moveApplication(tx, s.now(), t, move{actor: portal.ActorResident, to: to})
		return err
	})
	return app, err
}

// ImpactReportFromRows is the impact report read from every application
// and event (reports_oracle_test.go), the oracle of the tallies.
func (s *Store) ImpactReportFromRows(ctx context.Context, who portal.Staff, f ReportFilter) (ImpactReport, error) {
	return s.impactReportFromRows(ctx, who, f)
}
