package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
)

// clock is a settable time for tests.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }
func newClock() *clock               { return &clock{t: time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)} }
func seeded(t *testing.T, db *gorm.DB, c *clock) *store.Store {
	t.Helper()
	s := store.New(db).WithClock(c.now)
	if err := s.SeedDemo(context.Background(), store.Messages{}); err != nil {
		t.Fatal(err)
	}
	return s
}

// built returns a store on db with the clock c and one open pathway.
func built(t *testing.T, db *gorm.DB, c *clock) (*store.Store, storetest.Built) {
	t.Helper()
	s := store.New(db).WithClock(c.now)
	return s, storetest.Pathway(t, s)
}

var castleVale = store.Eligibility{Postcode: "B35 7PR", Tenant: "none", Over18: true, RightToWork: true}

func TestSeedDemoIsIdempotent(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		s := seeded(t, db, newClock())
		if err := s.SeedDemo(context.Background(), store.Messages{}); err != nil {
			t.Fatalf("second seed: %v", err)
		}
		cards, err := s.ListOpenPathways(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(cards) != 2 {
			t.Fatalf("got %d open pathways, want 2", len(cards))
		}
		p, err := s.PathwayBySlug(context.Background(), "hospitality-to-health")
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Cohorts) == 0 || p.Cohorts[0].Capacity != 10 || p.Cohorts[0].PlacesLeft() != 10 {
			t.Errorf("got cohorts %+v, want an open cohort of 10 first", p.Cohorts)
		}
		if !p.ServesSector("B35 7") || p.ServesSector("SW1A 1") {
			t.Error("Castle Vale must be B35 7 only")
		}
		if len(p.Check(castleVale)) != 0 {
			t.Error("B35 7PR must be eligible")
		}
		if len(p.Check(store.Eligibility{Postcode: "SW1A 1AA", Tenant: "none", Over18: true, RightToWork: true})) == 0 {
			t.Error("SW1A 1AA must not be eligible")
		}
		// The demo network's members and one ready account per role, which
		// the sign-in page lists in demo mode.
		orgs, err := s.ListOrganisations(context.Background(), store.OrganisationFilter{})
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[string]int{}
		for _, o := range orgs {
			kinds[o.Kind]++
		}
		if want := map[string]int{store.KindEmployer: 2, store.KindHousingProvider: 2, store.KindCoordinator: 1}; fmt.Sprint(kinds) != fmt.Sprint(want) {
			t.Errorf("got organisations by kind %v, want %v", kinds, want)
		}
		for _, d := range store.DemoStaff {
			u, err := s.StaffByEmail(context.Background(), d.Email)
			if err != nil {
				t.Fatalf("%s: %v", d.Email, err)
			}
			if u.Role != d.Role || u.OrganisationID != d.OrganisationID || !u.MFAExempt || !portal.PasswordMatches(store.DemoPassword, u.PasswordHash) {
				t.Errorf("got %+v, want the %s demo account signing in with the demo password", u, d.Role)
			}
		}
	})
}

func TestUpdateDraftDetectsConcurrentChanges(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		s, p := built(t, db, newClock())
		app := storetest.Draft(t, s, p)
		// Two writers save at once, many times: every save either lands (and
		// moves the version on) or is refused as a conflict; none is lost.
		var wg sync.WaitGroup
		var mu sync.Mutex
		saved := 0
		for w := 0; w < 4; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < 10; i++ {
					_, err := s.UpdateDraft(ctx, app.ID, func(a *store.Application) error {
						a.Answers.Skills = append(a.Answers.Skills, "x")
						return nil
					})
					switch {
					case err == nil:
						mu.Lock()
						saved++
						mu.Unlock()
					case !errors.Is(err, portal.ErrConflict):
						t.Error(err)
					}
				}
			}()
		}
		wg.Wait()
		got, err := s.ApplicationByID(ctx, app.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Version != app.Version+saved || len(got.Answers.Skills) != saved {
			t.Errorf("got version %d with %d skills after %d saves, want %d and %d", got.Version, len(got.Answers.Skills), saved, app.Version+saved, saved)
		}
	})
}

func TestSignInCodeExpiresAndIsSingleUse(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		c := newClock()
		s, p := built(t, db, c)
		storetest.Draft(t, s, p, store.Contact{FullName: "A B", Mobile: "+447700900301", Channel: "sms"})
		first, err := s.SendSignInCode(ctx, "+447700900301", store.Messages{})
		if err != nil || first == "" {
			t.Fatalf("got %q, %v; want a code sent", first, err)
		}
		stranger, err := s.SendSignInCode(ctx, "+447700900999", store.Messages{})
		if err != nil || stranger == "" {
			t.Fatalf("got %q, %v; want a code row for a stranger too", stranger, err)
		}
		if _, err := s.LatestOutboxTo(ctx, "+447700900999"); !errors.Is(err, portal.ErrNotFound) {
			t.Errorf("got %v, want no message to a contact no resident holds", err)
		}
		var hashes []string
		db.Table("sign_in_codes").Pluck("code_hash", &hashes)
		for _, h := range hashes {
			if len(h) != 64 {
				t.Errorf("got stored code %q, want a hash", h)
			}
		}
		msg, _ := s.LatestOutboxTo(ctx, "+447700900301")
		code := msg.Body[len("Anchor Pathways: your code is ") : len("Anchor Pathways: your code is ")+6]
		// Only the session's own codes count: someone else's ID set does not.
		if err := s.VerifySignInCode(ctx, "+447700900301", []string{stranger}, code); !errors.Is(err, store.ErrCodeExpired) {
			t.Errorf("with another session's code: got %v, want ErrCodeExpired", err)
		}
		c.add(store.CodeLifetime + time.Second)
		if err := s.VerifySignInCode(ctx, "+447700900301", []string{first}, code); !errors.Is(err, store.ErrCodeExpired) {
			t.Errorf("after 10 minutes: got %v, want ErrCodeExpired", err)
		}
		second, err := s.SendSignInCode(ctx, "+447700900301", store.Messages{})
		if err != nil {
			t.Fatal(err)
		}
		msg, _ = s.LatestOutboxTo(ctx, "+447700900301")
		code = msg.Body[len("Anchor Pathways: your code is ") : len("Anchor Pathways: your code is ")+6]
		// A newer code does not end this one.
		if _, err := s.SendSignInCode(ctx, "+447700900301", store.Messages{}); err != nil {
			t.Fatal(err)
		}
		// Two tabs send the right code at once: one signs in.
		var wg sync.WaitGroup
		errs := make([]error, 6)
		for i := range errs {
			wg.Add(1)
			go func() { defer wg.Done(); errs[i] = s.VerifySignInCode(ctx, "+447700900301", []string{second}, code) }()
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			if err == nil {
				ok++
			}
		}
		if ok != 1 {
			t.Errorf("got %d successful uses of one code, want 1 (%v)", ok, errs)
		}
	})
}

func TestAllowCountsAFixedWindow(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		c := newClock()
		s := store.New(db).WithClock(c.now)
		for i := 1; i <= 4; i++ {
			ok, err := s.Allow(ctx, "k", 3, time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			if want := i <= 3; ok != want {
				t.Errorf("hit %d: got %v, want %v", i, ok, want)
			}
		}
		c.add(time.Minute + time.Second)
		if ok, _ := s.Allow(ctx, "k", 3, time.Minute); !ok {
			t.Error("a new window must allow again")
		}
		// Concurrent hits are all counted.
		var wg sync.WaitGroup
		var mu sync.Mutex
		allowed := 0
		for i := 0; i < 20; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ok, err := s.Allow(ctx, "burst", 5, time.Minute)
				if err != nil {
					t.Error(err)
				}
				if ok {
					mu.Lock()
					allowed++
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if allowed != 5 {
			t.Errorf("got %d of 20 concurrent hits allowed, want 5", allowed)
		}
	})
}

func TestWithdrawIsScopedToTheProvedContact(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		s, p := built(t, db, newClock())
		app := storetest.Draft(t, s, p, store.Contact{FullName: "A B", Mobile: "+447700900302", Channel: "sms"})
		if err := s.WithdrawApplication(ctx, app.ID, "+447700900303", store.Messages{}); !errors.Is(err, portal.ErrNotFound) {
			t.Errorf("someone else: got %v, want ErrNotFound", err)
		}
		if err := s.WithdrawApplication(ctx, app.ID, "+447700900302", store.Messages{}); err != nil {
			t.Errorf("the resident: got %v", err)
		}
		// A closed application frees the pathway for a new one.
		if _, err := s.StartApplication(ctx, p.ID, p.Eligible(), store.Contact{FullName: "A B", Mobile: "+447700900302", Channel: "sms"}); err != nil {
			t.Errorf("reapply after withdrawing: %v", err)
		}
	})
}
