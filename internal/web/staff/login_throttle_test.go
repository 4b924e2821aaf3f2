package staff_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/web/webtest"
)

// postWithHeader sends the sign-in form with one extra request header.
func postWithHeader(c *webtest.Client, path string, form url.Values, header, value string) *httptest.ResponseRecorder {
	form.Set("csrf_token", c.CSRF())
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set(header, value)
	return c.Do(req)
}

func retryAfter(t testing.TB, rec *httptest.ResponseRecorder) time.Duration {
	t.Helper()
	n, err := strconv.Atoi(rec.Header().Get("Retry-After"))
	if err != nil || n <= 0 {
		t.Fatalf("got Retry-After %q, want a number of seconds", rec.Header().Get("Retry-After"))
	}
	return time.Duration(n) * time.Second
}

func TestStaffSignInThrottling(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := newStaffApp(t, db, true)
		target, password := app.crew.coordinator.User.Email, app.crew.coordinator.Password
		c := app.Client(t)
		// A private address: what a proxy's would look like, had one been trusted.
		c.IP = "10.20.30.40:5000"
		for i := 1; i <= 4; i++ {
			webtest.WantStatus(t, staffLogin(c, target, fmt.Sprintf("wrong guess %d", i)), http.StatusUnprocessableEntity)
		}
		rec := staffLogin(c, target, "wrong guess 5")
		webtest.WantStatus(t, rec, http.StatusTooManyRequests)
		webtest.WantBody(t, rec, "Too many attempts")
		retryAfter(t, rec)

		// A forged proxy header does not make a new address (no trusted proxy),
		// even with the right password.
		for _, h := range []string{"X-Forwarded-For", "X-Real-Ip"} {
			c.Get("/staff/login")
			rec := postWithHeader(c, "/staff/login", url.Values{"email": {target}, "password": {password}}, h, "203.0.113.99")
			if rec.Code != http.StatusTooManyRequests {
				t.Errorf("%s: got status %d, want 429", h, rec.Code)
			}
		}

		// Colleagues signing in to their own accounts are not slowed, from the
		// same address or another.
		same := app.Client(t)
		same.IP = c.IP
		crewSignIn(t, app, same, portal.RoleRecruiter)
		far := app.Client(t)
		far.IP = "198.51.100.200:5555"
		crewSignIn(t, app, far, portal.RoleHousingOfficer)

		// Guesses at one account from many addresses slow it by at most about
		// a minute: the real person is never locked out for long.
		failures := 4
		for i := 1; failures < 25; i++ {
			if i > 200 {
				t.Fatal("too many rounds")
			}
			a := app.Client(t)
			a.IP = fmt.Sprintf("198.51.100.%d:1000", i)
			rec := staffLogin(a, target, "yet another wrong guess")
			switch rec.Code {
			case http.StatusUnprocessableEntity:
				failures++
			case http.StatusTooManyRequests:
				wait := retryAfter(t, rec)
				if wait > 61*time.Second {
					t.Fatalf("after %d failures: got a wait of %s, want at most a minute", failures, wait)
				}
				app.clock.add(wait)
			default:
				t.Fatalf("got status %d", rec.Code)
			}
		}
		victim := app.Client(t)
		victim.IP = "203.0.113.50:443"
		rec = staffLogin(victim, target, password)
		webtest.WantStatus(t, rec, http.StatusTooManyRequests)
		wait := retryAfter(t, rec)
		if wait > 61*time.Second {
			t.Fatalf("got a wait of %s for the account's owner, want at most a minute", wait)
		}
		app.clock.add(wait)
		webtest.WantRedirect(t, staffLogin(victim, target, password), "/staff")
	})
}
