package console_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/web/webtest"
)

func TestConsoleListsSearchAndPage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewBareApp(t, db)
		net := newNetwork(t, app) // Pioneer must not match the searches
		ctx := context.Background()
		var a store.Actor
		for i := range 27 {
			name := fmt.Sprintf("Paged Homes %02d", i)
			o, err := app.Store.CreateOrganisation(ctx, a, store.OrganisationInput{Name: name, Kind: store.KindHousingProvider})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := app.Store.CreateNeighbourhood(ctx, a, store.NeighbourhoodInput{Name: fmt.Sprintf("Paged Estate %02d", i), Sectors: []string{"B44 9"}, ProviderIDs: []string{o.ID}}); err != nil {
				t.Fatal(err)
			}
			if _, err := app.Store.Invite(ctx, a, o.ID, fmt.Sprintf("paged%02d@homes.example", i), fmt.Sprintf("Paged Person %02d", i), portal.RoleHousingOfficer, store.Messages{}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := app.Store.CreateOrganisation(ctx, a, store.OrganisationInput{Name: "100% Paged", Kind: store.KindEmployer}); err != nil {
			t.Fatal(err)
		}
		c := app.SignIn(t, net.coordinator)
		for _, tc := range []struct{ list, q, first, last string }{
			{"/staff/organisations", "paged HOMES", "Paged Homes 00", "Paged Homes 26"},
			{"/staff/neighbourhoods", "paged estate", "Paged Estate 00", "Paged Estate 26"},
			{"/staff/users", "PAGED person", "Paged Person 00", "Paged Person 26"},
		} {
			one := c.Get(tc.list + "?q=" + url.QueryEscape(tc.q))
			webtest.WantStatus(t, one, http.StatusOK)
			body := one.Body.String()
			webtest.WantBody(t, one, tc.first, strings.Replace(tc.last, "26", "24", 1))
			if strings.Contains(body, tc.last) || strings.Contains(body, "Pioneer") {
				t.Errorf("%s: the first page holds more than 25 matches", tc.list)
			}
			m := nextPageRE.FindStringSubmatch(body)
			if m == nil {
				t.Fatalf("%s: no next page link:\n%s", tc.list, webtest.Snippet(body))
			}
			two := c.Get(html.UnescapeString(m[1]))
			webtest.WantStatus(t, two, http.StatusOK)
			webtest.WantBody(t, two, strings.Replace(tc.last, "26", "25", 1), tc.last, "First page")
			if strings.Contains(two.Body.String(), tc.first) || nextPageRE.MatchString(two.Body.String()) {
				t.Errorf("%s: the second page repeats the first or goes on", tc.list)
			}
		}
		// LIKE's wildcards are searched for literally.
		pct := c.Get("/staff/organisations?q=" + url.QueryEscape("0%"))
		webtest.WantBody(t, pct, "100% Paged")
		if strings.Contains(pct.Body.String(), "Paged Homes") {
			t.Error("% matched as a wildcard")
		}
		webtest.WantBody(t, c.Get("/staff/organisations?q=_"), "No organisations match “_”")
		webtest.WantBody(t, c.Get("/staff/neighbourhoods?q=b44+9"), "Paged Estate 00")
	})
}
