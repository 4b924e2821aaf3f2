package store_test

import (
	"context"
	"errors"
	"testing"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
)

// TestListApplicationsForScopesByRoleAndHidesNames: each role sees only
// its scope, drafts never appear, and recruiters see a name only once a
// place is offered.
func TestListApplicationsForScopesByRoleAndHidesNames(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		s := store.New(db).WithClock(newClock().now)
		mine := storetest.Pathway(t, s)
		theirs := storetest.Pathway(t, s)
		landlord := mine.Providers[0]

		sent := storetest.SubmittedApplication(t, s, mine, store.Contact{FullName: "Ada Sent", Mobile: storetest.UniqueMobile(), Channel: "sms"})
		offered := storetest.SubmittedApplication(t, s, mine, store.Contact{FullName: "Bea Offered", Mobile: storetest.UniqueMobile(), Channel: "sms"})
		if err := db.Exec(`UPDATE applications SET status = ? WHERE id = ?`, portal.StatusPlaceOffered, offered.ID).Error; err != nil {
			t.Fatal(err)
		}
		tenant, err := s.StartApplication(ctx, theirs.ID, store.Eligibility{Postcode: "SW1A 1AA", Tenant: landlord.ID, Over18: true, RightToWork: true},
			store.Contact{FullName: "Cy Tenant", Mobile: storetest.UniqueMobile(), Channel: "sms"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.SubmitApplication(ctx, tenant.ID, store.Messages{}); err != nil {
			t.Fatal(err)
		}
		storetest.Draft(t, s, mine) // a draft is no one's business yet

		recruiter := storetest.Staff(t, s, portal.RoleRecruiter, mine.Employer).User.Staff()
		officer := storetest.Staff(t, s, portal.RoleHousingOfficer, landlord).User.Staff()
		coordinator := storetest.Staff(t, s, portal.RoleCoordinator, store.Organisation{}).User.Staff()
		for _, tt := range []struct {
			name string
			who  portal.Staff
			want map[string]string // application ID -> name shown
		}{
			{"recruiter", recruiter, map[string]string{sent.ID: "", offered.ID: "Bea Offered"}},
			{"housing officer", officer, map[string]string{tenant.ID: "Cy Tenant"}},
			{"coordinator", coordinator, map[string]string{sent.ID: "Ada Sent", offered.ID: "Bea Offered", tenant.ID: "Cy Tenant"}},
		} {
			rows, err := s.ListApplicationsFor(ctx, tt.who, store.Cursor{}, 0)
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			got := map[string]string{}
			for _, r := range rows {
				got[r.ID] = r.FullName
			}
			if len(got) != len(tt.want) {
				t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
			}
			for id, name := range tt.want {
				if g, ok := got[id]; !ok || g != name {
					t.Errorf("%s: got name %q (listed %v) for %s, want %q", tt.name, g, ok, id, name)
				}
			}
		}
		_, err = s.ListApplicationsFor(ctx, portal.Staff{Role: "visitor"}, store.Cursor{}, 0)
		if !errors.Is(err, portal.ErrForbidden) {
			t.Errorf("an unknown role: got %v, want ErrForbidden", err)
		}
	})
}
