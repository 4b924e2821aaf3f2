package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/web/webtest"
)

// Showing a form stores nothing: anonymous GETs of the form pages (bots,
// prefetches, people who only look) leave no session row, only a signed
// CSRF cookie. The row is made when a posted form keeps something.
func TestFormPagesStoreNoSession(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewApp(t, db)
		for _, path := range []string{webtest.HTH, "/status"} {
			for i := 0; i < 1000; i++ {
				rec := app.Client(t).Get(path)
				if rec.Code != http.StatusOK {
					t.Fatalf("GET %s: got %d, want 200", path, rec.Code)
				}
				if i > 0 {
					continue
				}
				var names []string
				for _, ck := range rec.Result().Cookies() {
					names = append(names, ck.Name)
					if ck.Name == "ap_csrf" && (!ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/") {
						t.Errorf("GET %s: got CSRF cookie %+v, want HttpOnly, SameSite=Lax, Path=/", path, ck)
					}
				}
				if got, want := strings.Join(names, ","), "ap_csrf"; got != want {
					t.Errorf("GET %s: got cookies %q, want %q", path, got, want)
				}
			}
			if got := webtest.Count(t, db, "sessions", "1 = 1"); got != 0 {
				t.Fatalf("after 1,000 GETs of %s: got %d session rows, want 0", path, got)
			}
		}

		// The journey still works, and its first kept answer makes the one row.
		c := app.Client(t)
		webtest.Journey(t, c, "07700 900310")
		if got := webtest.Count(t, db, "sessions", "1 = 1"); got != 1 {
			t.Errorf("after one journey: got %d session rows, want 1", got)
		}
		webtest.WantStatus(t, c.Get(webtest.HTH+"/check"), http.StatusOK)

		// A form sent back with errors keeps nothing either.
		c = app.Client(t)
		c.Get("/status")
		webtest.WantStatus(t, c.Post("/status", url.Values{"contact": {"not a contact"}}), http.StatusUnprocessableEntity)
		if got := webtest.Count(t, db, "sessions", "1 = 1"); got != 1 {
			t.Errorf("after a refused form: got %d session rows, want 1", got)
		}
	})
}

// A form without a session is accepted only with the token of this
// browser's own CSRF cookie, as this portal signed it.
func TestCSRFWithoutSession(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewApp(t, db)
		eligible := url.Values{"postcode": {"B35 7PR"}, "tenant": {"none"}, "over18": {"yes"}, "right_to_work": {"yes"}}
		other := app.Client(t)
		other.Get(webtest.HTH)
		tests := []struct {
			name  string
			setup func(c *webtest.Client)
			want  int
		}{
			{"the page's own token", func(c *webtest.Client) {}, http.StatusSeeOther},
			{"no token", func(c *webtest.Client) { c.SetCSRF("") }, http.StatusForbidden},
			{"a made-up token", func(c *webtest.Client) { c.SetCSRF("forged") }, http.StatusForbidden},
			{"another browser's token", func(c *webtest.Client) { c.SetCSRF(other.CSRF()) }, http.StatusForbidden},
			{"no cookie", func(c *webtest.Client) { c.SetCookie("ap_csrf", "") }, http.StatusForbidden},
			{"a cookie with its signature changed", func(c *webtest.Client) {
				v := c.Cookie("ap_csrf")
				c.SetCookie("ap_csrf", v[:len(v)-2]+"xx")
			}, http.StatusForbidden},
			{"a cookie with another token and the old signature", func(c *webtest.Client) {
				parts := strings.SplitN(c.Cookie("ap_csrf"), ".", 2)
				c.SetCookie("ap_csrf", "forged."+parts[1])
				c.SetCSRF("forged")
			}, http.StatusForbidden},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				c := app.Client(t)
				webtest.WantStatus(t, c.Get(webtest.HTH), http.StatusOK)
				tt.setup(c)
				before := webtest.Count(t, db, "sessions", "1 = 1")
				rec := c.Post(webtest.HTH, eligible)
				if got := rec.Code; got != tt.want {
					t.Fatalf("got %d, want %d", got, tt.want)
				}
				after := webtest.Count(t, db, "sessions", "1 = 1")
				if tt.want == http.StatusForbidden {
					webtest.WantBody(t, rec, "Sorry, this page timed out")
					if after != before {
						t.Errorf("a refused form made %d session rows, want 0", after-before)
					}
				} else if after != before+1 {
					t.Errorf("an accepted form made %d session rows, want 1", after-before)
				}
			})
		}
	})
}
