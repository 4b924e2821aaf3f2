package webtest_test

import (
	"net/http"
	"testing"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
	"anchorpathways/internal/web/webtest"
)

// TestSignInPassesTheSecondFactor: a bare app holds no demo data, and
// SignIn takes a factory account through password and TOTP (twice in one
// 30-second step, the second time with the next step's code), each time
// ending on the dashboard with the second factor passed and audited.
func TestSignInPassesTheSecondFactor(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		at := time.Date(2026, 11, 30, 10, 0, 5, 0, time.UTC) // early in a step
		app := webtest.NewAppWith(t, db, webtest.Options{Bare: true, Clock: func() time.Time { return at }})
		if got, want := webtest.Count(t, db, "organisations", "1 = 1"), int64(0); got != want {
			t.Fatalf("got %d organisations in a bare app, want %d", got, want)
		}
		m := storetest.Staff(t, app.Store, portal.RoleRecruiter, store.Organisation{}, storetest.EnrolledMFA())
		for i := range 2 {
			c := app.SignIn(t, m)
			webtest.WantStatus(t, c.Get("/staff"), http.StatusOK)
			if got, want := webtest.Count(t, db, "audit_log", "action = ? AND actor_id = ?", store.AuditMFAPassed, m.User.ID), int64(i+1); got != want {
				t.Errorf("sign-in %d: got %d second factors passed, want %d", i+1, got, want)
			}
		}
		var last int64
		if err := db.Table("staff_users").Select("totp_last_step").Where("id = ?", m.User.ID).Scan(&last).Error; err != nil {
			t.Fatal(err)
		}
		if got, want := last, at.Unix()/30+1; got != want {
			t.Errorf("got last step %d, want %d (the next step's code, used second)", got, want)
		}
	})
}
