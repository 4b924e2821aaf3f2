package store

import (
	"context"

	"anchorpathways/internal/portal"
)

// PoolOfferableCohorts lists the cohorts of pathwayID that a bulk offer of
// places may name: those not started yet, soonest first, with their places
// taken, for staff who may work the pathway's pool (as PoolFor is scoped).
// Errors: portal.ErrNotFound.
func (s *Store) PoolOfferableCohorts(ctx context.Context, st portal.Staff, pathwayID string) (_ []PoolCohort, err error) {
	defer wrap(&err, "PoolOfferableCohorts")
	p, err := poolPathway(s.db.WithContext(ctx), st, pathwayID)
	if err != nil {
		return nil, err
	}
	now := s.now()
	var out []PoolCohort
	for _, c := range p.Cohorts {
		if c.StartsOn.After(now) {
			out = append(out, c)
		}
	}
	return out, nil
}
