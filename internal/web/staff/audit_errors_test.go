package staff_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
	"anchorpathways/internal/web/webtest"
)

// An audit row that cannot be written is an error, never a silent gap in
// the log: with the audit table gone, each audited step answers 500
// instead of carrying on as if it had been recorded.
func TestAuditWriteFailuresAreNotSwallowed(t *testing.T) {
	const recruiterEmail = "rita@uhb.example"
	cases := []struct {
		name string
		// setUp runs while the audit log still works.
		setUp func(t *testing.T, app *webtest.App) *webtest.Client
		path  string
		form  url.Values // nil: a GET
	}{
		{"refused route", func(t *testing.T, app *webtest.App) *webtest.Client {
			return app.SignIn(t, storetest.Staff(t, app.Store, portal.RoleRecruiter, store.Organisation{}, storetest.EnrolledMFA()))
		}, "/staff/organisations", nil},
		{"failed sign-in", func(t *testing.T, app *webtest.App) *webtest.Client {
			storetest.Staff(t, app.Store, portal.RoleRecruiter, store.Organisation{}, storetest.Email(recruiterEmail))
			c := app.Client(t)
			webtest.WantStatus(t, c.Get("/staff/login"), http.StatusOK)
			return c
		}, "/staff/login", url.Values{"email": {recruiterEmail}, "password": {"not the password"}}},
		{"sign-out", func(t *testing.T, app *webtest.App) *webtest.Client {
			return app.SignIn(t, storetest.Staff(t, app.Store, portal.RoleCoordinator, store.Organisation{}, storetest.EnrolledMFA()))
		}, "/staff/sign-out", url.Values{}},
		{"sign-out everywhere", func(t *testing.T, app *webtest.App) *webtest.Client {
			return app.SignIn(t, storetest.Staff(t, app.Store, portal.RoleCoordinator, store.Organisation{}, storetest.EnrolledMFA()))
		}, "/staff/sign-out-everywhere", url.Values{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// Each case gets fresh databases: it drops the audit table.
			dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
				app := webtest.NewBareApp(t, db)
				c := tc.setUp(t, app)
				if err := db.Exec("DROP TABLE audit_log").Error; err != nil {
					t.Fatalf("drop audit_log: %v", err)
				}
				var rec *httptest.ResponseRecorder
				if tc.form == nil {
					rec = c.Get(tc.path)
				} else {
					rec = c.Post(tc.path, tc.form)
				}
				if got, want := rec.Code, http.StatusInternalServerError; got != want {
					t.Errorf("got status %d, want %d", got, want)
				}
			})
		})
	}
}
