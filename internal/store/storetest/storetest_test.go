package storetest_test

import (
	"context"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
)

// TestPathwaysCoexist: two pathways built in one database are both open,
// each with its own cohort of the places asked for, and each eligible only
// to its own neighbourhood.
func TestPathwaysCoexist(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		st := store.New(db)
		a := storetest.Pathway(t, st)
		b := storetest.Pathway(t, st, storetest.Places(3), storetest.PartneredWith(a.Providers...))
		cards, err := st.ListOpenPathways(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := len(cards), 2; got != want {
			t.Fatalf("got %d open pathways, want %d", got, want)
		}
		for _, tc := range []struct {
			built  storetest.Built
			places int
			other  storetest.Built
		}{{a, 10, b}, {b, 3, a}} {
			page, err := st.PathwayBySlug(ctx, tc.built.Slug)
			if err != nil {
				t.Fatal(err)
			}
			if len(page.Cohorts) != 1 || page.Cohorts[0].ID != tc.built.Cohort.ID || page.Cohorts[0].PlacesLeft() != tc.places {
				t.Errorf("%s: got cohorts %+v, want one open cohort of %d", tc.built.Slug, page.Cohorts, tc.places)
			}
			if got := page.Check(tc.built.Eligible()); len(got) != 0 {
				t.Errorf("%s: got %v for its own neighbourhood, want eligible", tc.built.Slug, got)
			}
			if got := page.Check(tc.other.Eligible()); len(got) != 1 {
				t.Errorf("%s: got %v for another neighbourhood, want one reason", tc.built.Slug, got)
			}
			if got, want := page.EmployerName, tc.built.Employer.Name; got != want {
				t.Errorf("got employer %q, want %q", got, want)
			}
		}
		app := storetest.SubmittedApplication(t, st, a)
		if app.Status != portal.StatusSubmitted || app.Reference == nil || app.CohortID == nil || *app.CohortID != a.Cohort.ID {
			t.Errorf("got %+v, want a submitted application to the cohort", app)
		}
		r := storetest.RoutingRule(t, st, a.ID)
		if got, err := st.RulesOfPathway(ctx, a.ID); err != nil || len(got) != 1 || got[0].ID != r.ID {
			t.Errorf("got rules %+v, %v; want the one made", got, err)
		}
	})
}

// TestStaffSignsInWithWhatItReturns: the password matches the stored hash,
// the account fits a new organisation of the right kind, and an enrolled
// account's TOTP helper yields codes its secret accepts.
func TestStaffSignsInWithWhatItReturns(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		st := store.New(db)
		for _, role := range []portal.Role{portal.RoleCoordinator, portal.RoleHousingOfficer, portal.RoleRecruiter} {
			m := storetest.Staff(t, st, role, store.Organisation{}, storetest.EnrolledMFA())
			got, err := st.StaffByEmail(context.Background(), m.User.Email)
			if err != nil {
				t.Fatal(err)
			}
			if !portal.PasswordMatches(m.Password, got.PasswordHash) || got.Role != role || !got.TOTPEnabled || got.TOTPSecret != m.TOTPSecret {
				t.Errorf("%s: got %+v, want an active enrolled account that the password opens", role, got)
			}
			at := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
			if !validAt(m.TOTP(t, at), m.TOTPSecret, at) {
				t.Errorf("%s: the TOTP helper's code does not validate", role)
			}
			if err := st.UseRecoveryCode(context.Background(), m.User.ID, m.RecoveryCodes[0]); err != nil {
				t.Errorf("%s: recovery code: %v", role, err)
			}
		}
		plain := storetest.Staff(t, st, portal.RoleRecruiter, store.Organisation{})
		if plain.User.TOTPEnabled || plain.User.MFAExempt || plain.TOTPSecret != "" {
			t.Errorf("got %+v, want no second factor by default", plain.User)
		}
	})
}

func validAt(code, secret string, at time.Time) bool {
	ok, _ := totp.ValidateCustom(code, secret, at, totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	return ok
}

// TestChosenNamesAndPasswords: NeighbourhoodNamed keeps the name and
// sectors asked for, served by the providers given, and Password sets the
// password that opens the account.
func TestChosenNamesAndPasswords(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		st := store.New(db)
		p := storetest.Organisation(t, st, store.KindHousingProvider)
		n := storetest.NeighbourhoodNamed(t, st, "Castle Vale", []store.Organisation{p}, "B35 7")
		if n.Name != "Castle Vale" || len(n.Sectors) != 1 || n.Sectors[0] != "B35 7" || len(n.Providers) != 1 {
			t.Errorf("got %+v, want Castle Vale (B35 7) served by one provider", n)
		}
		const password = "heron quarry lantern violet"
		m := storetest.Staff(t, st, portal.RoleHousingOfficer, p, storetest.Password(password))
		got, err := st.StaffByEmail(context.Background(), m.User.Email)
		if err != nil {
			t.Fatal(err)
		}
		if m.Password != password || !portal.PasswordMatches(password, got.PasswordHash) {
			t.Errorf("got password %q, want %q to open the account", m.Password, password)
		}
	})
}
