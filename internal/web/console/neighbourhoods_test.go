package console_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/store"
	"anchorpathways/internal/web/webtest"
)

func TestConsoleNeighbourhoods(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewBareApp(t, db)
		net := newNetwork(t, app)
		c := app.SignIn(t, net.coordinator)
		webtest.WantBody(t, c.Get("/staff/neighbourhoods"), "Castle Vale", "B35 7", "Pioneer Housing Group")

		form := c.Get("/staff/neighbourhoods/new")
		webtest.WantBody(t, form, "Pioneer Housing Group", "Northside Homes")
		if strings.Contains(form.Body.String(), net.trust.ID) {
			t.Error("an employer is offered as a housing provider")
		}
		rec := c.Post("/staff/neighbourhoods/new", url.Values{})
		webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
		webtest.WantBody(t, rec, `href="#name"`, `href="#sectors">Enter at least one postcode sector`, `href="#providers">Select the housing providers`)
		rec = c.Post("/staff/neighbourhoods/new", url.Values{"name": {"Kingstanding North"}, "sectors": {"b44 9, B44 0PR"}, "providers": {net.northside.ID}})
		webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
		webtest.WantBody(t, rec, "“B44 0PR” is not a postcode sector", "b44 9, B44 0PR", `value="`+net.northside.ID+`" checked`)
		// Sectors that are valid come back normalised, even when another field is wrong.
		rec = c.Post("/staff/neighbourhoods/new", url.Values{"name": {""}, "sectors": {"b44 9, B449\nb44  0;"}, "providers": {net.northside.ID}})
		webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
		webtest.WantBody(t, rec, ">B44 9\nB44 0</textarea>")
		rec = c.Post("/staff/neighbourhoods/new", url.Values{"name": {"Kingstanding North"}, "sectors": {"B44 9"}, "providers": {net.trust.ID}})
		webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
		webtest.WantBody(t, rec, `href="#providers"`)

		webtest.WantRedirect(t, c.Post("/staff/neighbourhoods/new", url.Values{"name": {"Kingstanding North"}, "sectors": {"b44 9, B449\nb44  0;"},
			"providers": {net.northside.ID, net.pioneer.ID}}), "/staff/neighbourhoods")
		webtest.WantBody(t, c.Get("/staff/neighbourhoods"), "Kingstanding North saved", "B44 0, B44 9")
		var hood store.Neighbourhood
		if err := db.Where("name = ?", "Kingstanding North").Take(&hood).Error; err != nil {
			t.Fatal(err)
		}
		n, err := app.Store.NeighbourhoodByID(context.Background(), hood.ID)
		if err != nil || strings.Join(n.Sectors, ",") != "B44 0,B44 9" || len(n.Providers) != 2 {
			t.Fatalf("got %+v, %v", n, err)
		}
		wantOneAudit(t, db, store.AuditCreated, "neighbourhood", hood.ID, "", `"sectors":["B44 9","B44 0"]`)

		edit := "/staff/neighbourhoods/" + hood.ID + "/edit"
		page := c.Get(edit)
		webtest.WantBody(t, page, ">B44 0\nB44 9</textarea>", `value="`+net.pioneer.ID+`" checked`)
		v := formVersion(t, page.Body.String())
		webtest.WantRedirect(t, c.Post(edit, url.Values{"version": {v}, "name": {"Kingstanding East"}, "sectors": {"B44 0"}, "providers": {net.northside.ID}}), "/staff/neighbourhoods")
		n, _ = app.Store.NeighbourhoodByID(context.Background(), hood.ID)
		if n.Name != "Kingstanding East" || strings.Join(n.Sectors, ",") != "B44 0" || len(n.Providers) != 1 || n.Version != 2 {
			t.Errorf("got %+v", n)
		}
		wantOneAudit(t, db, store.AuditUpdated, "neighbourhood", hood.ID, `"providers":["Northside Homes","Pioneer Housing Group"]`, `"sectors":["B44 0"]`)
		rec = c.Post(edit, url.Values{"version": {"2"}, "name": {"Castle Vale"}, "sectors": {"B44 0"}, "providers": {net.northside.ID}})
		webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
		webtest.WantBody(t, rec, "There is already a neighbourhood with this name")
	})
}
