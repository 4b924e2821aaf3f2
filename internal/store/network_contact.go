package store

import (
	"context"
	"fmt"
)

// NetworkContact is who runs the portal for the network, as the privacy
// notice and the accessibility statement name it: the coordinating
// organisation (Name, the data controller) and, of the coordinating
// organisations, the first a resident can reach (Contact: nil when none
// has an email address or phone number).
type NetworkContact struct {
	Name    string
	Contact *Organisation
}

// NetworkContactFor returns the network's contact, from the coordinating
// organisations in name order. Anyone may call it. Name is "" when the
// network has no coordinating organisation yet.
func (s *Store) NetworkContactFor(ctx context.Context) (NetworkContact, error) {
	orgs, err := s.ListOrganisations(ctx, OrganisationFilter{Kind: KindCoordinator, Limit: 10})
	if err != nil {
		return NetworkContact{}, fmt.Errorf("store: NetworkContactFor: %w", err)
	}
	var nc NetworkContact
	if len(orgs) > 0 {
		nc.Name = orgs[0].Name
	}
	nc.Contact = Reachable(orgs)
	return nc, nil
}

// Reachable is the first of orgs with an email address or phone number, or
// nil.
func Reachable(orgs []Organisation) *Organisation {
	for i, o := range orgs {
		if o.ContactEmail != "" || o.ContactPhone != "" {
			return &orgs[i]
		}
	}
	return nil
}
