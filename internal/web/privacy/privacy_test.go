package privacy_test

import (
	"context"
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/i18n"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
	"anchorpathways/internal/web/privacy"
	"anchorpathways/internal/web/webtest"
)

func signIn(t *testing.T, app *webtest.App, contact string) *webtest.Client {
	t.Helper()
	c := app.Client(t)
	c.Get("/status")
	webtest.WantRedirect(t, c.Post("/status", url.Values{"contact": {contact}}), "/status/code")
	c.Get("/status/code")
	webtest.WantRedirect(t, c.Post("/status/code", url.Values{"code": {app.LatestCode(t, contact)}}), "/status/applications")
	return c
}

func TestYourDataAndErasure(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewBareApp(t, db)
		b := storetest.Pathway(t, app.Store)
		me := storetest.Contact()
		me.FullName = "Erin Erase"
		sent := storetest.SubmittedApplication(t, app.Store, b, me)
		storetest.History(t, app.Store, sent, storetest.Outcome{}, storetest.Step{To: portal.StatusWithdrawn, At: app.Store.Now()})

		c := signIn(t, app, me.Mobile)
		webtest.WantBody(t, c.Get("/status/applications"), `href="/status/your-data"`)
		rec := c.Get("/status/your-data")
		webtest.WantStatus(t, rec, http.StatusOK)
		webtest.WantBody(t, rec, "The data we hold about you", "Erin Erase", b.Postcode(), "Ask us to erase your data")

		rec = c.Get("/status/your-data/download")
		webtest.WantStatus(t, rec, http.StatusOK)
		if cd := rec.Header().Get("Content-Disposition"); !strings.Contains(cd, "attachment") {
			t.Errorf("Content-Disposition = %q, want an attachment", cd)
		}
		var file struct {
			Tables []struct {
				Table string
				Rows  []map[string]string
			}
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &file); err != nil {
			t.Fatal(err)
		}
		found := false
		for _, tb := range file.Tables {
			for _, r := range tb.Rows {
				if tb.Table == "applications" && r["full_name"] == "Erin Erase" && r["postcode"] == b.Postcode() {
					found = true
				}
			}
		}
		if !found {
			t.Errorf("the JSON file lacks the application: %s", webtest.Snippet(rec.Body.String()))
		}

		webtest.WantRedirect(t, c.Post("/status/your-data/erase", nil), "/status/your-data")
		webtest.WantBody(t, c.Get("/status/your-data"), "We have your request", "You have asked us to erase your data")

		// The coordinator carries it out.
		coordinator := storetest.Staff(t, app.Store, portal.RoleCoordinator, store.Organisation{}, storetest.EnrolledMFA())
		staff := app.SignIn(t, coordinator)
		rec = staff.Get("/staff/erasure-requests")
		webtest.WantStatus(t, rec, http.StatusOK)
		if strings.Contains(rec.Body.String(), me.Mobile) || strings.Contains(rec.Body.String(), "Erin") {
			t.Error("the requests page shows who asked")
		}
		list, err := app.Store.ListErasureRequests(t.Context())
		if err != nil || len(list) != 1 {
			t.Fatalf("requests = %v, %v", list, err)
		}
		webtest.WantRedirect(t, staff.Post("/staff/erasure-requests/"+list[0].ID+"/erase", url.Values{"version": {"1"}}), "/staff/erasure-requests")
		if n := webtest.Count(t, db, "applications", "full_name = ?", "Erin Erase"); n != 0 {
			t.Error("the name survived erasure")
		}
		webtest.WantBody(t, staff.Get("/staff/erasure-requests"), "Erased")

		// Under way: 422 asking for the reason; an empty reason is 422 too.
		busy := storetest.Contact()
		storetest.SubmittedApplication(t, app.Store, b, busy)
		if err := app.Store.RequestErasure(t.Context(), busy.Mobile); err != nil {
			t.Fatal(err)
		}
		list, _ = app.Store.ListErasureRequests(t.Context())
		id := list[0].ID
		rec = staff.Post("/staff/erasure-requests/"+id+"/erase", url.Values{"version": {"1"}})
		webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
		webtest.WantBody(t, rec, "There is a problem", "has an application under way")
		webtest.WantStatus(t, staff.Get("/staff/erasure-requests/"+id+"/refuse?version=1"), http.StatusOK)
		rec = staff.Post("/staff/erasure-requests/"+id+"/refuse", url.Values{"version": {"1"}, "reason": {"  "}})
		webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
		webtest.WantBody(t, rec, "Enter why the data is not erased yet")
		webtest.WantRedirect(t, staff.Post("/staff/erasure-requests/"+id+"/refuse", url.Values{"version": {"1"}, "reason": {"Your course place is being offered."}}), "/staff/erasure-requests")
		webtest.WantBody(t, staff.Get("/staff/erasure-requests"), "Not erased: Your course place is being offered.")
		// Deciding again is a conflict.
		webtest.WantStatus(t, staff.Post("/staff/erasure-requests/"+id+"/erase", url.Values{"version": {"1"}}), http.StatusConflict)
	})
}

// TestYourDataInEachLanguage: the resident's data page names every table
// and column in the resident's language (the JSON file keeps the column
// names, the same in every language); a column classified without a label
// fails here.
func TestYourDataInEachLanguage(t *testing.T) {
	app := webtest.NewBareApp(t, dbtest.SQLite(t))
	b := storetest.Pathway(t, app.Store)
	me := storetest.Contact()
	storetest.SubmittedApplication(t, app.Store, b, me)
	tables, err := app.Store.ResidentDataFor(context.Background(), me.Mobile)
	if err != nil {
		t.Fatal(err)
	}
	c := signIn(t, app, me.Mobile)
	english := i18n.Words().Locale(i18n.Default)
	for _, l := range i18n.Languages {
		loc := i18n.Words().Locale(l.Code)
		rec := c.Get("/status/your-data?lang=" + l.Code)
		webtest.WantStatus(t, rec, http.StatusOK)
		body := html.UnescapeString(rec.Body.String())
		for _, tb := range tables {
			if title := loc.Translate(tb.Title); !strings.Contains(body, title) || (l.Code != i18n.Default && title == tb.Title) {
				t.Errorf("%s: the %s table's title is %q", l.Code, tb.Table, title)
			}
			for _, col := range tb.Columns {
				id := privacy.ColumnLabelID(col)
				label := loc.T(id)
				switch {
				case label == id:
					t.Errorf("%s: no label for %s.%s (message %s)", l.Code, tb.Table, col, id)
				case l.Code != i18n.Default && label == english.T(id):
					t.Errorf("%s: %s is still in English", l.Code, id)
				case len(tb.Rows) > 0 && !strings.Contains(body, ">"+label+"</dt>"):
					t.Errorf("%s: the page lacks the label %q of %s.%s", l.Code, label, tb.Table, col)
				}
			}
		}

		// The file keys rows by column name in every language, and gives the
		// title and labels in the resident's.
		rec = c.Get("/status/your-data/download?lang=" + l.Code)
		webtest.WantStatus(t, rec, http.StatusOK)
		var file struct {
			Language string
			Tables   []struct {
				Table, Title string
				Columns      map[string]string
				Rows         []map[string]string
			}
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &file); err != nil {
			t.Fatalf("%s: the file is not JSON: %v", l.Code, err)
		}
		if file.Language != l.Code || len(file.Tables) != len(tables) {
			t.Fatalf("%s: file language %q with %d tables, want %d", l.Code, file.Language, len(file.Tables), len(tables))
		}
		for i, tb := range tables {
			got := file.Tables[i]
			if got.Table != tb.Table || got.Title != loc.Translate(tb.Title) {
				t.Errorf("%s: file table %q titled %q, want %q titled %q", l.Code, got.Table, got.Title, tb.Table, loc.Translate(tb.Title))
			}
			for _, col := range tb.Columns {
				if got.Columns[col] != loc.T(privacy.ColumnLabelID(col)) {
					t.Errorf("%s: file label of %s.%s = %q", l.Code, tb.Table, col, got.Columns[col])
				}
				for _, row := range got.Rows {
					if _, ok := row[col]; !ok {
						t.Errorf("%s: a %s row in the file has no key %q", l.Code, tb.Table, col)
					}
				}
			}
		}
	}
}
