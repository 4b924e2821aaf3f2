package staff_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
	"anchorpathways/internal/web/webtest"
)

// Each role's dashboard lists only its own organisation's applications.

// refsOn lists the references on a dashboard page and its "older" link.
func refsOn(t testing.TB, rec *httptest.ResponseRecorder) (refs []string, next string) {
	t.Helper()
	webtest.WantStatus(t, rec, http.StatusOK)
	refs = staffRefRE.FindAllString(rec.Body.String(), -1)
	if m := regexp.MustCompile(`href="(/staff\?after=[A-Za-z0-9_-]+)"`).FindStringSubmatch(rec.Body.String()); m != nil {
		next = m[1]
	}
	return refs, next
}

func TestStaffDashboardsAreScoped(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := newStaffApp(t, db, true)
		ctx := context.Background()
		n := 0
		start := func(pathwayID, tenant, name string) store.Application {
			n++
			a, err := app.Store.StartApplication(ctx, pathwayID, store.Eligibility{Postcode: "B35 7PR", Tenant: tenant, Over18: true, RightToWork: true},
				store.Contact{FullName: name, Email: fmt.Sprintf("resident%d@example.com", n), Channel: store.ChannelEmail})
			if err != nil {
				t.Fatal(err)
			}
			return a
		}
		submit := func(pathwayID, tenant, name string) string {
			sub, err := app.Store.SubmitApplication(ctx, start(pathwayID, tenant, name).ID, store.Messages{})
			if err != nil {
				t.Fatal(err)
			}
			app.clock.add(time.Second)
			return sub.Ref()
		}
		// Hospitality to Health is the recruiter's trust's, with Pioneer and
		// Northside; Retail to Council is another employer's, with Pioneer.
		net := app.crew
		hth := storetest.Pathway(t, app.Store, storetest.OwnedBy(net.trust), storetest.PartneredWith(net.pioneer, net.northside),
			storetest.InNeighbourhood(net.castleVale), storetest.WithInput(func(in *store.PathwayInput) { in.RefPrefix = "HTH" })).ID
		rtc := storetest.Pathway(t, app.Store, storetest.OwnedBy(net.council), storetest.PartneredWith(net.pioneer),
			storetest.InNeighbourhood(net.castleVale), storetest.WithInput(func(in *store.PathwayInput) { in.RefPrefix = "RTC" })).ID
		hthPioneer := submit(hth, net.pioneer.ID, "Ada Pioneerhth")
		hthNorthside := submit(hth, net.northside.ID, "Ben Northsidehth")
		rtcPioneer := submit(rtc, net.pioneer.ID, "Cai Pioneerrtc")
		rtcNone := submit(rtc, "none", "Dee Nobodyrtc")
		offered := submit(hth, "none", "Fay Offeredhth")
		if err := db.Exec("UPDATE applications SET status = ? WHERE reference = ?", portal.StatusPlaceOffered, offered).Error; err != nil {
			t.Fatal(err)
		}
		start(hth, net.pioneer.ID, "Eve Drafthth") // a draft: nobody's list

		for _, tc := range []struct {
			role           portal.Role
			see, notSee    []string
			names, noNames []string
		}{
			{portal.RoleRecruiter, []string{hthPioneer, hthNorthside, offered}, []string{rtcPioneer, rtcNone},
				[]string{"Fay Offeredhth", "Hidden until a place is offered"}, []string{"Ada Pioneerhth", "Ben Northsidehth", "Eve Drafthth"}},
			{portal.RoleHousingOfficer, []string{hthPioneer, rtcPioneer}, []string{hthNorthside, rtcNone, offered},
				[]string{"Ada Pioneerhth", "Cai Pioneerrtc"}, []string{"Ben Northsidehth", "Dee Nobodyrtc", "Eve Drafthth"}},
			{portal.RoleCoordinator, []string{hthPioneer, hthNorthside, rtcPioneer, rtcNone, offered}, nil,
				[]string{"Ada Pioneerhth", "Ben Northsidehth", "Cai Pioneerrtc", "Dee Nobodyrtc", "Fay Offeredhth"}, []string{"Eve Drafthth"}},
		} {
			c := app.Client(t)
			crewSignIn(t, app, c, tc.role)
			page := c.Get("/staff")
			refs, _ := refsOn(t, page)
			slices.Sort(refs)
			want := slices.Sorted(slices.Values(tc.see))
			if !slices.Equal(refs, want) {
				t.Errorf("%s: got %q, want %q", tc.role, refs, want)
			}
			body := page.Body.String()
			for _, ref := range tc.notSee {
				if strings.Contains(body, ref) {
					t.Errorf("%s sees %s", tc.role, ref)
				}
			}
			webtest.WantBody(t, page, tc.names...)
			for _, name := range tc.noNames {
				if strings.Contains(body, name) {
					t.Errorf("%s sees the name %s", tc.role, name)
				}
			}
		}

		// Keyset pagination: 30 more at the very same moment, two pages, no repeats.
		for i := range 30 {
			_, err := app.Store.SubmitApplication(ctx, start(hth, "none", fmt.Sprintf("Resident Number%c", 'a'+i)).ID, store.Messages{})
			if err != nil {
				t.Fatal(err)
			}
		}
		for _, tc := range []struct {
			role portal.Role
			want int
		}{{portal.RoleRecruiter, 33}, {portal.RoleCoordinator, 35}} {
			c := app.Client(t)
			crewSignIn(t, app, c, tc.role)
			first, next := refsOn(t, c.Get("/staff"))
			if len(first) != 25 || next == "" {
				t.Fatalf("%s: got %d rows and next %q on page 1, want 25 and a link", tc.role, len(first), next)
			}
			second, after := refsOn(t, c.Get(strings.ReplaceAll(next, "&amp;", "&")))
			if after != "" {
				t.Errorf("%s: page 2 links to %q, want no further page", tc.role, after)
			}
			all := append(slices.Clone(first), second...)
			if len(all) != tc.want || len(slices.Compact(slices.Sorted(slices.Values(all)))) != tc.want {
				t.Errorf("%s: got %d rows (%d different) over two pages, want %d different", tc.role, len(all),
					len(slices.Compact(slices.Sorted(slices.Values(all)))), tc.want)
			}
			// A mangled cursor starts from the top rather than failing.
			bogus, _ := refsOn(t, c.Get("/staff?after=bm90LWEtY3Vyc29y"))
			if !slices.Equal(bogus, first) {
				t.Errorf("%s: a bogus cursor gave %d rows, want page 1", tc.role, len(bogus))
			}
		}
	})
}
