package respond_test

import (
	"net/http"
	"net/url"
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

func statusOf(t *testing.T, db *gorm.DB, id string) portal.Status {
	t.Helper()
	var s []portal.Status
	db.Table("applications").Where("id = ?", id).Pluck("status", &s)
	if len(s) != 1 {
		t.Fatalf("no application %s", id)
	}
	return s[0]
}

// TestAnswerAnOffer: the link page shows the place and nothing about the
// resident; a missing answer is a 422 with the summary; accepting and
// declining land once, then the link says it has been used.
func TestAnswerAnOffer(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewBareApp(t, db)
		b := storetest.Pathway(t, app.Store)
		contact := storetest.Contact()
		contact.FullName = "Precious Okonkwo"
		offered, token := storetest.Offered(t, app.Store, b, contact)

		c := app.Client(t)
		rec := c.Get("/offers/" + token)
		webtest.WantStatus(t, rec, http.StatusOK)
		webtest.WantBody(t, rec, b.Name, "Community Hub", "Reply by", "Do you want the place?")
		for _, private := range []string{"Precious", offered.Ref(), *offered.ContactMobile, offered.Postcode} {
			if strings.Contains(rec.Body.String(), private) {
				t.Errorf("the link page shows %q", private)
			}
		}
		if rec.Header().Get("Cache-Control") != "no-store" {
			t.Errorf("Cache-Control = %q, want no-store", rec.Header().Get("Cache-Control"))
		}

		rec = c.Post("/offers/"+token, url.Values{})
		webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
		webtest.WantBody(t, rec, "There is a problem", "Select yes if you want the place")

		// A forged post without the cookie's token changes nothing.
		stranger := app.Client(t)
		webtest.WantStatus(t, stranger.Post("/offers/"+token, url.Values{"answer": {"accept"}, "csrf_token": {"forged"}}), http.StatusForbidden)

		rec = c.Post("/offers/"+token, url.Values{"answer": {"accept"}})
		webtest.WantRedirect(t, rec, "/offers/answered/accepted")
		webtest.WantBody(t, c.Get("/offers/answered/accepted"), "You have accepted the place")
		if got := statusOf(t, db, offered.ID); got != portal.StatusPlaceAccepted {
			t.Errorf("after accepting: %s", got)
		}

		// Used twice: the kind page, no change.
		rec = c.Post("/offers/"+token, url.Values{"answer": {"decline"}})
		webtest.WantStatus(t, rec, http.StatusGone)
		webtest.WantBody(t, rec, "This link has already been used")
		webtest.WantBody(t, c.Get("/offers/"+token), "This link has already been used")
		if got := statusOf(t, db, offered.ID); got != portal.StatusPlaceAccepted {
			t.Errorf("after a second answer: %s", got)
		}

		// Declining.
		other, tok := storetest.Offered(t, app.Store, b)
		c.Get("/offers/" + tok)
		webtest.WantRedirect(t, c.Post("/offers/"+tok, url.Values{"answer": {"decline"}}), "/offers/answered/declined")
		if got := statusOf(t, db, other.ID); got != portal.StatusPlaceDeclined {
			t.Errorf("after declining: %s", got)
		}

		// Tampered with.
		rec = c.Get("/offers/" + token[:len(token)-3] + "abc")
		webtest.WantStatus(t, rec, http.StatusNotFound)
		webtest.WantBody(t, rec, "This link does not work")
		webtest.WantStatus(t, c.Get("/offers/answered/nonsense"), http.StatusNotFound)
	})
}

// TestFullCohortWaitlists: accepting when the last place has gone says the
// resident is on the waiting list; an expired link has its own page.
func TestFullCohortWaitlists(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
		clock := func() time.Time { return now }
		app := webtest.NewAppWith(t, db, webtest.Options{Bare: true, Clock: clock})
		b := storetest.Pathway(t, app.Store, storetest.Places(1))
		_, first := storetest.Offered(t, app.Store, b)
		late, second := storetest.Offered(t, app.Store, b)
		_, third := storetest.Offered(t, app.Store, b)
		if _, err := app.Store.AcceptOffer(t.Context(), first, store.Messages{}); err != nil {
			t.Fatal(err)
		}
		c := app.Client(t)
		c.Get("/offers/" + second)
		webtest.WantRedirect(t, c.Post("/offers/"+second, url.Values{"answer": {"accept"}}), "/offers/answered/waiting-list")
		webtest.WantBody(t, c.Get("/offers/answered/waiting-list"), "you are on the waiting list")
		if got := statusOf(t, db, late.ID); got != portal.StatusWaitlisted {
			t.Errorf("late acceptance: %s, want waitlisted", got)
		}
		now = now.Add(6 * 24 * time.Hour)
		rec := c.Get("/offers/" + third)
		webtest.WantStatus(t, rec, http.StatusGone)
		webtest.WantBody(t, rec, "This link has expired")
	})
}
