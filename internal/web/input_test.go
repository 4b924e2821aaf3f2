package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/store"
	"anchorpathways/internal/web/webtest"
)

// A NUL byte or broken UTF-8 anywhere a client can put text is refused at
// the edge (PostgreSQL would fail on it with a 500): 404 in the path, 400
// in a query or form value. Well-formed input still reaches the handlers.
func TestBadInputIsRefusedAtTheEdge(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewApp(t, db)
		coordinator := app.SignInStaff(t, store.DemoStaff[0].Email)
		if store.DemoStaff[0].Role != "coordinator" {
			t.Fatalf("the first demo account is a %s, want the coordinator", store.DemoStaff[0].Role)
		}
		visitor := app.Client(t)
		get := func(c *webtest.Client, path string) func() *httptest.ResponseRecorder {
			return func() *httptest.ResponseRecorder { return c.Get(path) }
		}
		post := func(path, field, value string) func() *httptest.ResponseRecorder {
			return func() *httptest.ResponseRecorder {
				c := app.Client(t)
				c.Get(path)
				return c.Post(path, url.Values{field: {value}})
			}
		}
		tests := []struct {
			name string
			do   func() *httptest.ResponseRecorder
			want int
		}{
			{"slug with NUL", get(visitor, "/pathways/%00"), http.StatusNotFound},
			{"slug with bad UTF-8", get(visitor, "/pathways/%ff"), http.StatusNotFound},
			{"apply slug with NUL", get(visitor, "/pathways/%00/apply"), http.StatusNotFound},
			{"token with bad UTF-8", get(visitor, "/staff/password-reset/%ff"), http.StatusNotFound},
			{"id with NUL", get(coordinator, "/staff/organisations/%00/edit"), http.StatusNotFound},
			{"id with bad UTF-8", get(coordinator, "/staff/pathways/%ff"), http.StatusNotFound},
			{"id not shaped like an ID", get(coordinator, "/staff/pathways/not-an-id"), http.StatusNotFound},
			{"resident id with NUL", func() *httptest.ResponseRecorder {
				return visitor.Post("/status/applications/%00/withdraw", nil)
			}, http.StatusNotFound},
			{"search with NUL", get(coordinator, "/staff/organisations?q=%00"), http.StatusBadRequest},
			{"search with bad UTF-8", get(coordinator, "/staff/pathways?q=%ff"), http.StatusBadRequest},
			{"query key with bad UTF-8", get(visitor, "/status?%ff=1"), http.StatusBadRequest},
			{"staff email with NUL", post("/staff/login", "email", "a\x00@example.org"), http.StatusBadRequest},
			{"staff email with bad UTF-8", post("/staff/login", "email", "a\xff@example.org"), http.StatusBadRequest},
			{"contact with NUL", post("/status", "contact", "07700\x00900982"), http.StatusBadRequest},
			{"contact with bad UTF-8", post("/status", "contact", "\xff"), http.StatusBadRequest},
			{"contact with a control character", post("/status", "contact", "07700\x1b900982"), http.StatusBadRequest},
			// Still let through: real IDs' and demo IDs' shapes, new lines
			// (textareas), and non-ASCII text.
			{"demo id", get(coordinator, "/staff/pathways/"+store.DemoHTHID), http.StatusOK},
			{"search in Welsh", get(coordinator, "/staff/organisations?q=Ysbyty+G%C5%B5ynedd"), http.StatusOK},
			{"contact over two lines", post("/status", "contact", "07700\r\n900982"), http.StatusSeeOther},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				rec := tt.do()
				if got := rec.Code; got != tt.want {
					t.Errorf("got %d, want %d; body:\n%s", got, tt.want, webtest.Snippet(rec.Body.String()))
				}
			})
		}
	})
}
