package staff_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
	"anchorpathways/internal/web/webtest"
)

// Every dashboard page that shows applicants is one audit row, for every
// role: a housing officer's view of tenants' names was not audited, only a
// coordinator's. The row counts the applicants and names shown and carries
// no name.
func TestDashboardViewsOfPersonalDataAreAudited(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := newStaffApp(t, db, true)
		ctx := context.Background()
		crew := app.crew
		b := storetest.Pathway(t, app.Store, storetest.OwnedBy(crew.trust), storetest.PartneredWith(crew.pioneer), storetest.InNeighbourhood(crew.castleVale))
		submit := func(tenant, name string) string {
			e := b.Eligible()
			e.Tenant = tenant
			a, err := app.Store.StartApplication(ctx, b.ID, e,
				store.Contact{FullName: name, Email: strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@example.com", Channel: store.ChannelEmail})
			if err != nil {
				t.Fatal(err)
			}
			cohort := b.Cohort.ID
			if _, err := app.Store.UpdateDraft(ctx, a.ID, func(a *store.Application) error { a.CohortID = &cohort; return nil }); err != nil {
				t.Fatal(err)
			}
			if _, err := app.Store.SubmitApplication(ctx, a.ID, store.Messages{}); err != nil {
				t.Fatal(err)
			}
			return a.ID
		}
		ada := submit(crew.pioneer.ID, "Ada Tenantone")
		ben := submit(crew.pioneer.ID, "Ben Tenanttwo")
		cai := submit("none", "Cai Nottenant")
		names := []string{"Ada Tenantone", "Ben Tenanttwo", "Cai Nottenant"}

		for _, tc := range []struct {
			role       portal.Role
			ids        []string
			namesShown int
			wantOnPage string
		}{
			{portal.RoleHousingOfficer, []string{ada, ben}, 2, "Ada Tenantone"},
			{portal.RoleCoordinator, []string{ada, ben, cai}, 3, "Cai Nottenant"},
			{portal.RoleRecruiter, []string{ada, ben, cai}, 0, "Hidden until a place is offered"},
		} {
			t.Run(string(tc.role), func(t *testing.T) {
				c := app.Client(t)
				crewSignIn(t, app, c, tc.role)
				rows := auditStep(t, db, map[string]int{store.AuditViewed: 1}, func() {
					rec := c.Get("/staff")
					webtest.WantStatus(t, rec, http.StatusOK)
					webtest.WantBody(t, rec, tc.wantOnPage)
				})
				if len(rows) != 1 {
					return
				}
				row := rows[0]
				if got, want := row.ActorEmail, crew.member(tc.role).User.Email; got != want {
					t.Errorf("got actor %q, want %q", got, want)
				}
				if got, want := row.TargetType, "applications"; got != want {
					t.Errorf("got target %q, want %q", got, want)
				}
				var got struct {
					Shown          int      `json:"shown"`
					NamesShown     int      `json:"names_shown"`
					ApplicationIDs []string `json:"application_ids"`
				}
				if err := json.Unmarshal([]byte(row.AfterState), &got); err != nil {
					t.Fatalf("after state %q: %v", row.AfterState, err)
				}
				slices.Sort(got.ApplicationIDs)
				want := slices.Sorted(slices.Values(tc.ids))
				if got.Shown != len(tc.ids) || got.NamesShown != tc.namesShown || !slices.Equal(got.ApplicationIDs, want) {
					t.Errorf("got %+v, want %d shown, %d names, IDs %q", got, len(tc.ids), tc.namesShown, want)
				}
				for _, n := range names {
					if strings.Contains(row.AfterState+row.BeforeState+row.TargetID, n) {
						t.Errorf("the audit row names %s: %q", n, row.AfterState)
					}
				}
			})
		}

		// A page with nobody on it shows no personal data: no row.
		officer := addStaff(t, app, fmt.Sprintf("officer@%s.example", "northside"), crew.northside, portal.RoleHousingOfficer, true)
		c := app.Client(t)
		signInFully(t, app, c, officer, staffPassword)
		auditStep(t, db, map[string]int{}, func() {
			webtest.WantBody(t, c.Get("/staff"), "There are no applications for you to see yet.")
		})
	})
}

// The audit log showed each record as raw JSON; it now shows each change
// as "field: before → after" in plain English, the JSON behind a <details>.
func TestAuditLogShowsReadableChanges(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := newStaffApp(t, db, true)
		ctx := context.Background()
		b := storetest.Pathway(t, app.Store, storetest.WithInput(func(in *store.PathwayInput) { in.Name = "Hospitality to Health" }))
		p, err := app.Store.PathwayForConsole(ctx, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		in := p.Input()
		in.Name = "Hospitality to Healthcare"
		boss := app.crew.coordinator.User
		if err := app.Store.UpdatePathway(ctx, store.Actor{Staff: boss.Staff()}, p.ID, p.Version, in); err != nil {
			t.Fatal(err)
		}
		c := app.Client(t)
		crewSignIn(t, app, c, portal.RoleCoordinator)
		rec := c.Get("/staff/audit?action=" + store.AuditUpdated)
		webtest.WantBody(t, rec,
			`<span class="app-audit-changes__field">Name:</span> Hospitality to Health <span aria-hidden="true">→</span><span class="govuk-visually-hidden">changed to</span> Hospitality to Healthcare</li>`,
			`<summary class="govuk-details__summary"><span class="govuk-details__summary-text">Exact record</span></summary>`,
			`<pre class="app-audit-raw__json">{&#34;name&#34;:&#34;Hospitality to Healthcare&#34;`,
		)
		m := tbodyRE.FindStringSubmatch(rec.Body.String())
		if m == nil {
			t.Fatal("no audit table")
		}
		// The fields that did not change are not listed as changes.
		if strings.Contains(m[1], `app-audit-changes__field">Web address:`) {
			t.Errorf("an unchanged field is listed as a change:\n%s", webtest.Snippet(m[1]))
		}
		// The JSON is only inside the <details>.
		outside := regexp.MustCompile(`(?s)<details.*?</details>`).ReplaceAllString(m[1], "")
		if strings.Contains(outside, "&#34;name&#34;") {
			t.Errorf("raw JSON outside <details>:\n%s", webtest.Snippet(outside))
		}
	})
}
