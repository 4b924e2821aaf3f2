package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"

	"gorm.io/gorm"

	"anchorpathways/internal/database"
	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
	"anchorpathways/internal/web/webtest"
)

// queryCounter records every SQL statement gorm runs on one database.
type queryCounter struct {
	mu  sync.Mutex
	sql []string
}

// countQueries registers callbacks after gorm's own query, row, raw, create,
// update and delete callbacks, so that every statement a request makes
// through gorm is seen. BEGIN and COMMIT are not statements gorm runs through
// callbacks, so they are not counted.
func countQueries(t testing.TB, db *gorm.DB) *queryCounter {
	t.Helper()
	qc := &queryCounter{}
	record := func(tx *gorm.DB) {
		qc.mu.Lock()
		defer qc.mu.Unlock()
		qc.sql = append(qc.sql, tx.Statement.SQL.String())
	}
	cb := db.Callback()
	for _, err := range []error{
		cb.Query().After("gorm:query").Register("test:count_query", record),
		cb.Row().After("gorm:row").Register("test:count_row", record),
		cb.Raw().After("gorm:raw").Register("test:count_raw", record),
		cb.Create().After("gorm:create").Register("test:count_create", record),
		cb.Update().After("gorm:update").Register("test:count_update", record),
		cb.Delete().After("gorm:delete").Register("test:count_delete", record),
	} {
		if err != nil {
			t.Fatalf("register query counter: %v", err)
		}
	}
	return qc
}

// during returns the statements that fn made.
func (qc *queryCounter) during(fn func()) []string {
	qc.mu.Lock()
	qc.sql = nil
	qc.mu.Unlock()
	fn()
	qc.mu.Lock()
	defer qc.mu.Unlock()
	return append([]string(nil), qc.sql...)
}

// addOpenPathways adds n open pathways beside b, each with its own employer
// and b's partner providers and neighbourhood (so that b's residents may
// apply to all of them), three roles, two open cohorts and a routing rule:
// more pieces per page than b, so that a query per piece would show.
func addOpenPathways(t testing.TB, st *store.Store, b storetest.Built, n int) {
	t.Helper()
	ctx := context.Background()
	for range n {
		p := storetest.Pathway(t, st, storetest.PartneredWith(b.Providers...), storetest.InNeighbourhood(b.Neighbourhood))
		for r := range 2 {
			if _, err := st.AddRole(ctx, storetest.Actor(), p.ID, store.RoleInput{Title: storetest.Unique("Role"), Pay: "£24,000 a year",
				Hours: "Full time", Description: "A job.", Position: 2 + r}); err != nil {
				t.Fatalf("add a role: %v", err)
			}
		}
		later := store.CohortInput{StartsOn: p.Cohort.StartsOn.AddDate(0, 0, 10), EndsOn: p.Cohort.EndsOn.AddDate(0, 0, 10),
			ClosesAt: p.Cohort.ClosesAt.AddDate(0, 0, 10), VenueName: "Hall", VenueAddress: "1 High Street",
			VenuePostcode: p.Cohort.VenuePostcode, Capacity: 10}
		if _, err := st.CreateCohort(ctx, storetest.Actor(), p.Course.ID, later); err != nil {
			t.Fatalf("add a cohort: %v", err)
		}
		storetest.RoutingRule(t, st, p.ID)
	}
}

// pageQueries is one request whose statements are counted, with the most it
// may make. The maxima are today's counts: a change that adds a query to a
// page should raise its maximum here on purpose, with a reason.
type pageQueries struct {
	name  string
	max   int
	setup func(round int) *webtest.Client // outside the count
	do    func(c *webtest.Client) *http.Response
}

// TestQueriesPerPage counts the SQL statements of the resident pages and
// checks that they do not grow with the number of open pathways (no N+1) and
// that no request path counts rows.
func TestQueriesPerPage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewBareApp(t, db)
		b := storetest.Pathway(t, app.Store)
		apply := webtest.ApplyPath(b)
		qc := countQueries(t, db)

		visitor := func(int) *webtest.Client { return app.Client(t) }
		// Each round uses residents of its own, so that every measured request
		// meets the same state (a fresh draft, a first submission).
		resident := func(n int) func(round int) *webtest.Client {
			return func(round int) *webtest.Client {
				c := app.Client(t)
				c.IP = fmt.Sprintf("192.0.2.%d:1234", 10+round*10+n)
				webtest.JourneyTo(t, c, b, fmt.Sprintf("07700 9001%d%d", round, n))
				return c
			}
		}
		get := func(path string) func(c *webtest.Client) *http.Response {
			return func(c *webtest.Client) *http.Response { return c.Get(path).Result() }
		}
		// Sending is four round trips on PostgreSQL: load the session, read
		// the draft (with its pathway and cohort), one statement that writes
		// the application, its event and its message, save the session; none
		// runs in a transaction, so statements are round trips. SQLite cannot
		// write three tables in one statement, so the write is three (inside
		// BEGIN and COMMIT, which are not counted): six statements, in
		// process, with no network to cross.
		submitMax := 4
		if database.DialectOf(db) == database.SQLite {
			submitMax = 6
		}
		pages := []pageQueries{
			{name: "home", max: 1, setup: visitor, do: get("/")},
			{name: "pathway", max: 1, setup: visitor, do: get("/pathways/" + b.Slug)},
			// A form page without a session stores nothing: no session row.
			{name: "apply start (no session)", max: 2, setup: visitor, do: get(apply)},
			// A draft step reads the session, the draft held by its live
			// sign-in, and keeps that sign-in alive (one session write).
			{name: "choose (all open pathways)", max: 5, setup: resident(1), do: get(apply + "/choose")},
			{name: "check your answers", max: 5, setup: resident(2), do: get(apply + "/check")},
			{name: "submit (POST check)", max: submitMax, setup: resident(3), do: func(c *webtest.Client) *http.Response {
				return c.Post(apply+"/check", url.Values{}).Result()
			}},
		}

		measure := func(round int) map[string][]string {
			out := map[string][]string{}
			for _, p := range pages {
				c := p.setup(round)
				var res *http.Response
				out[p.name] = qc.during(func() { res = p.do(c) })
				if res.StatusCode >= 400 {
					t.Fatalf("%s: status %d", p.name, res.StatusCode)
				}
			}
			return out
		}

		// Keys read once per process (the CSRF cookie's) are not per page.
		app.Client(t).Get(apply)
		before := measure(0)
		addOpenPathways(t, app.Store, b, 20)
		after := measure(1)
		for _, p := range pages {
			b, a := before[p.name], after[p.name]
			t.Logf("%-28s %2d statements with 1 open pathway, %2d with 21", p.name, len(b), len(a))
			if len(a) != len(b) {
				t.Errorf("%s: %d statements with 1 open pathway, %d with 21: the count grows with the data (N+1?); with 21:\n%s",
					p.name, len(b), len(a), strings.Join(a, "\n"))
			}
			if len(b) > p.max {
				t.Errorf("%s: %d statements, want at most %d:\n%s", p.name, len(b), p.max, strings.Join(b, "\n"))
			}
			for _, q := range a {
				if strings.Contains(strings.ToLower(q), "count(") {
					t.Errorf("%s counts rows on a request path: %s", p.name, q)
				}
			}
		}
	})
}

// TestOpenPathwayPagesMatchesPathwayBySlug checks that loading every open
// pathway at once gives exactly the pages loading them one by one gives.
func TestOpenPathwayPagesMatchesPathwayBySlug(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewBareApp(t, db)
		addOpenPathways(t, app.Store, storetest.Pathway(t, app.Store), 5)
		ctx := context.Background()
		pages, err := app.Store.OpenPathwayPages(ctx)
		if err != nil {
			t.Fatalf("OpenPathwayPages: %v", err)
		}
		if got, want := len(pages), 6; got != want {
			t.Fatalf("got %d open pathways, want %d", got, want)
		}
		for i, p := range pages {
			if i > 0 && pages[i-1].Name > p.Name {
				t.Errorf("pathway %q comes after %q: want name order", p.Name, pages[i-1].Name)
			}
			one, err := app.Store.PathwayBySlug(ctx, p.Slug)
			if err != nil {
				t.Fatalf("PathwayBySlug(%q): %v", p.Slug, err)
			}
			if !reflect.DeepEqual(p, one) {
				t.Errorf("OpenPathwayPages gives %s as\n%+v\nPathwayBySlug gives\n%+v", p.Slug, p, one)
			}
		}
	})
}
