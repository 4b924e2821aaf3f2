package store_test

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"sync"
	"testing"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
)

// roundTrips counts every call a gorm handle makes to its database: each
// statement, and BEGIN, COMMIT and ROLLBACK, which gorm's callbacks never
// see. It wraps the handle's connection pool, so nothing else is changed.
type roundTrips struct {
	mu  sync.Mutex
	log []string
}

func (r *roundTrips) add(what string) {
	r.mu.Lock()
	r.log = append(r.log, what)
	r.mu.Unlock()
}

// during returns the round trips fn made.
func (r *roundTrips) during(fn func()) []string {
	r.mu.Lock()
	r.log = nil
	r.mu.Unlock()
	fn()
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.log...)
}

// counted returns a handle on db's pool whose round trips rt records.
func counted(db *gorm.DB, rt *roundTrips) *gorm.DB {
	c := db.Session(&gorm.Session{NewDB: true})
	c.Statement.ConnPool = &countingPool{inner: db.Statement.ConnPool, rt: rt}
	return c
}

// countingPool is a pool outside a transaction: it must not look like one
// (no Commit), or gorm would nest transactions as savepoints.
type countingPool struct {
	inner gorm.ConnPool
	rt    *roundTrips
}

func (p *countingPool) PrepareContext(ctx context.Context, q string) (*sql.Stmt, error) {
	return p.inner.PrepareContext(ctx, q)
}

func (p *countingPool) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	p.rt.add(q)
	return p.inner.ExecContext(ctx, q, args...)
}

func (p *countingPool) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	p.rt.add(q)
	return p.inner.QueryContext(ctx, q, args...)
}

func (p *countingPool) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	p.rt.add(q)
	return p.inner.QueryRowContext(ctx, q, args...)
}

func (p *countingPool) BeginTx(ctx context.Context, opts *sql.TxOptions) (gorm.ConnPool, error) {
	p.rt.add("BEGIN")
	var (
		tx  gorm.ConnPool
		err error
	)
	switch b := p.inner.(type) {
	case gorm.ConnPoolBeginner:
		tx, err = b.BeginTx(ctx, opts)
	case gorm.TxBeginner:
		tx, err = b.BeginTx(ctx, opts)
	default:
		return nil, gorm.ErrInvalidTransaction
	}
	if err != nil {
		return nil, err
	}
	return &countingTx{countingPool{inner: tx, rt: p.rt}}, nil
}

// countingTx is the pool of one transaction.
type countingTx struct{ countingPool }

func (t *countingTx) Commit() error {
	t.rt.add("COMMIT")
	return t.inner.(gorm.TxCommitter).Commit()
}

func (t *countingTx) Rollback() error {
	t.rt.add("ROLLBACK")
	return t.inner.(gorm.TxCommitter).Rollback()
}

// draft starts a complete draft application to Hospitality to Health in its
// first open cohort, ready to send.
func draft(t testing.TB, s *store.Store, mobile string) store.Application {
	t.Helper()
	ctx := context.Background()
	app, err := s.StartApplication(ctx, store.DemoHTHID, castleVale, store.Contact{FullName: "Round Trip", Mobile: mobile, Channel: store.ChannelSMS})
	if err != nil {
		t.Fatalf("StartApplication: %v", err)
	}
	app, err = s.UpdateDraft(ctx, app.ID, func(a *store.Application) error {
		cohort := store.DemoHTHCohortID
		a.CohortID = &cohort
		a.Answers.WorkDone, a.Answers.SupportDone, a.Answers.ChoiceDone = true, true, true
		return nil
	})
	if err != nil {
		t.Fatalf("UpdateDraft: %v", err)
	}
	return app
}

// TestRoundTripsPerUseCase counts the calls each hot use case makes to the
// database, BEGIN and COMMIT included. The maxima are the aims: the pathway
// page was six queries, the home page three, and sending an application
// eight round trips (BEGIN, three reads, three writes, COMMIT).
func TestRoundTripsPerUseCase(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		c := newClock()
		seeded(t, db, c)
		rt := &roundTrips{}
		s := store.New(counted(db, rt)).WithClock(c.now)
		// Sending writes three tables. PostgreSQL does it in one statement;
		// SQLite cannot modify tables in a CTE, so it needs a transaction of
		// three writes, but its round trips are calls inside the process.
		maxSubmit := 2
		if db.Dialector.Name() != "postgres" {
			maxSubmit = 6
		}
		var sending store.Application
		cases := []struct {
			name  string
			max   int
			setup func() // not counted
			do    func() error
		}{
			{"PathwayBySlug", 1, nil, func() error { _, err := s.PathwayBySlug(ctx, "hospitality-to-health"); return err }},
			{"PathwayByID", 1, nil, func() error { _, err := s.PathwayByID(ctx, store.DemoHTHID); return err }},
			{"ListOpenPathways", 1, nil, func() error { _, err := s.ListOpenPathways(ctx); return err }},
			{"OpenPathwayPages", 1, nil, func() error { _, err := s.OpenPathwayPages(ctx); return err }},
			{"SubmitApplication", maxSubmit, func() { sending = draft(t, s, "+447700900500") }, func() error {
				sub, err := s.SubmitApplication(ctx, sending.ID, store.Messages{})
				if err == nil && !sub.Fresh {
					err = errors.New("the draft was not sent")
				}
				return err
			}},
		}
		for _, tc := range cases {
			if tc.setup != nil {
				tc.setup()
			}
			var err error
			got := rt.during(func() { err = tc.do() })
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			t.Logf("%-18s %d round trips", tc.name, len(got))
			if len(got) > tc.max {
				t.Errorf("%s: got %d round trips, want at most %d:\n%s", tc.name, len(got), tc.max, strings.Join(got, "\n"))
			}
		}
	})
}

// TestErrorsNameTheUseCase checks that the store's errors say which use case
// failed and still match the portal's errors.
func TestErrorsNameTheUseCase(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		s := seeded(t, db, newClock())
		cases := []struct {
			name string
			do   func() error
			want error
		}{
			{"PathwayBySlug", func() error { _, err := s.PathwayBySlug(ctx, "no-such-pathway"); return err }, portal.ErrNotFound},
			{"PathwayByID", func() error { _, err := s.PathwayByID(ctx, "no-such-id"); return err }, portal.ErrNotFound},
			{"ApplicationByID", func() error { _, err := s.ApplicationByID(ctx, "no-such-id"); return err }, portal.ErrNotFound},
			{"SubmitApplication", func() error { _, err := s.SubmitApplication(ctx, "no-such-id", store.Messages{}); return err }, portal.ErrNotFound},
			{"SubmissionByID", func() error { _, err := s.SubmissionByID(ctx, "no-such-id"); return err }, portal.ErrNotFound},
			{"UpdateDraft", func() error {
				_, err := s.UpdateDraft(ctx, "no-such-id", func(*store.Application) error { return nil })
				return err
			}, portal.ErrNotFound},
			{"ApplicationsForContact", func() error { _, err := s.ApplicationsForContact(ctx, ""); return err }, portal.ErrForbidden},
			{"WithdrawApplication", func() error { return s.WithdrawApplication(ctx, "no-such-id", "+447700900999", store.Messages{}) }, portal.ErrNotFound},
		}
		for _, tc := range cases {
			err := tc.do()
			if !errors.Is(err, tc.want) {
				t.Errorf("%s: got %v, want %v", tc.name, err, tc.want)
				continue
			}
			if got, want := err.Error(), "store: "+tc.name+": "; !strings.HasPrefix(got, want) {
				t.Errorf("%s: got error %q, want it to start %q", tc.name, got, want)
			}
		}
	})
}

// TestSubmitReturnsWhatItWrote checks that the submission returned without a
// second read matches the application as stored.
func TestSubmitReturnsWhatItWrote(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		s := seeded(t, db, newClock())
		app := draft(t, s, "+447700900601")
		sub, err := s.SubmitApplication(ctx, app.ID, store.Messages{BaseURL: "http://portal.test"})
		if err != nil {
			t.Fatal(err)
		}
		stored, err := s.SubmissionByID(ctx, app.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := sub.Ref(), stored.Ref(); got != want || !strings.HasPrefix(got, "HTH-") {
			t.Errorf("got reference %q, want %q (HTH-...)", got, want)
		}
		if got, want := sub.Version, stored.Version; got != want {
			t.Errorf("got version %d, want %d", got, want)
		}
		if got, want := sub.Status, portal.StatusSubmitted; got != want || stored.Status != want {
			t.Errorf("got status %q (stored %q), want %q", got, stored.Status, want)
		}
		if sub.Cohort == nil || stored.Cohort == nil || sub.Cohort.ID != stored.Cohort.ID || !sub.Cohort.StartsOn.Equal(stored.Cohort.StartsOn) {
			t.Errorf("got cohort %+v, want %+v", sub.Cohort, stored.Cohort)
		}
		if got, want := sub.PathwayName, stored.PathwayName; got != want {
			t.Errorf("got pathway %q, want %q", got, want)
		}
		again, err := s.SubmitApplication(ctx, app.ID, store.Messages{})
		if err != nil || again.Fresh || again.Ref() != sub.Ref() {
			t.Errorf("second send: got fresh %v ref %q err %v, want not fresh, %q, nil", again.Fresh, again.Ref(), err, sub.Ref())
		}
	})
}
