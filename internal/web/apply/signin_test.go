package apply_test

import (
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
	"anchorpathways/internal/web/auth"
	"anchorpathways/internal/web/webtest"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// The draft steps need a live code sign-in: they end with it, whether the
// draft was started here or picked up after /status.
func TestDraftStepsEndWithTheSignIn(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		clk := &clock{t: time.Now().UTC()}
		app := webtest.NewAppWith(t, db, webtest.Options{Clock: clk.now, Bare: true})
		b := storetest.Pathway(t, app.Store)
		j := journey(b)
		tests := []struct {
			name  string
			start func(t *testing.T) *webtest.Client
		}{
			{"started in this browser", func(t *testing.T) *webtest.Client {
				return startDraft(t, app, b, storetest.UniqueMobile())
			}},
			{"picked up after a code sign-in", func(t *testing.T) *webtest.Client {
				mobile := storetest.UniqueMobile()
				draft := storetest.Draft(t, app.Store, b, store.Contact{FullName: "Ann Lee", Mobile: mobile, Channel: store.ChannelSMS})
				c := app.Client(t)
				c.Get("/status")
				c.Post("/status", url.Values{"contact": {mobile}})
				c.Get("/status/code")
				webtest.WantRedirect(t, c.Post("/status/code", url.Values{"code": {app.LatestCode(t, mobile)}}), "/status/applications")
				c.Get("/status/applications")
				webtest.WantRedirect(t, c.Post("/status/applications/"+draft.ID+"/continue", nil), j+"/your-work")
				return c
			}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				c := tt.start(t)
				webtest.WantBody(t, c.Get(j+"/your-work"), "Your work")
				// Activity keeps the sign-in alive.
				for range 3 {
					clk.add(auth.SignedInFor - time.Minute)
					webtest.WantStatus(t, c.Get(j+"/your-work"), http.StatusOK)
				}
				clk.add(auth.SignedInFor + time.Second)
				// Sending goes to sign in again, not to a step still to answer.
				webtest.WantRedirect(t, c.Post(j+"/check", nil), "/status")
				for _, step := range []string{"your-work", "support", "check", "about-you"} {
					rec := c.Get(j + "/" + step)
					if rec.Code == http.StatusOK {
						t.Errorf("%s: got 200 after the sign-in ended, want a redirect", step)
					}
					webtest.WantStatus(t, rec, http.StatusSeeOther)
				}
				if body := c.Get(j).Body.String(); strings.Contains(body, b.Postcode()) || strings.Contains(body, "Ann Lee") {
					t.Error("the start of the journey still shows the draft's answers")
				}
			})
		}
	})
}

// A browser signed in with the contact (here from /status) is not asked for
// another code; the draft is started at once.
func TestSignedInBrowserSkipsTheCode(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewBareApp(t, db)
		st := app.Store
		mobile := storetest.UniqueMobile()
		storetest.SubmittedApplication(t, st, storetest.Pathway(t, st), store.Contact{FullName: "Ann Lee", Mobile: mobile, Channel: store.ChannelSMS})
		c := app.Client(t)
		c.Get("/status")
		c.Post("/status", url.Values{"contact": {mobile}})
		c.Get("/status/code")
		webtest.WantRedirect(t, c.Post("/status/code", url.Values{"code": {app.LatestCode(t, mobile)}}), "/status/applications")
		c.Get("/status/applications")
		other := storetest.Pathway(t, st)
		j := eligible(t, c, other)
		webtest.WantRedirect(t, aboutYou(c, j, "Ann Lee", mobile), j+"/your-work")
		if got := codesTo(t, app, mobile); got != 1 {
			t.Errorf("got %d codes sent, want only the sign-in's 1", got)
		}
	})
}

// A contact given besides the proved one is kept for messages, but does not
// let its holder sign in to see the application.
func TestUnprovedSecondContactSeesNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewBareApp(t, db)
		b := storetest.Pathway(t, app.Store)
		j := journey(b)
		mobile, email := storetest.UniqueMobile(), storetest.UniqueEmail("sam")
		c := app.Client(t)
		eligible(t, c, b)
		webtest.WantRedirect(t, c.Post(j+"/about-you", url.Values{"full_name": {"Sam Lee"}, "mobile": {mobile}, "email": {email}, "channel": {"sms"}}), j+"/check-your-phone")
		c.ProveContact(t, j, mobile, j+"/your-work")
		if n := webtest.Count(t, db, "applications", "contact_email = ?", email); n != 1 {
			t.Errorf("got %d applications keeping the email, want 1", n)
		}
		if n := webtest.Count(t, db, "residents", "email = ?", email); n != 0 {
			t.Errorf("got %d residents with the unproved email, want 0", n)
		}
		other := app.Client(t)
		other.Get("/status")
		webtest.WantRedirect(t, other.Post("/status", url.Values{"contact": {email}}), "/status/code")
		if got := codesTo(t, app, email); got != 0 {
			t.Errorf("got %d codes sent to the unproved email, want 0", got)
		}
	})
}

// Ten browsers prove the same mobile at once (three got codes; the rest
// were over the per-contact limit and try a code not theirs): one
// resident, one draft.
func TestTenParallelVerificationsMakeOneResidentAndOneDraft(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewBareApp(t, db)
		b := storetest.Pathway(t, app.Store)
		j := journey(b)
		mobile := storetest.UniqueMobile()
		clients := make([]*webtest.Client, 10)
		codes := make([]string, len(clients))
		for i := range clients {
			c := app.Client(t)
			eligible(t, c, b)
			webtest.WantRedirect(t, aboutYou(c, j, "Ali Khan", mobile), j+"/check-your-phone")
			c.Get(j + "/check-your-phone")
			clients[i], codes[i] = c, app.LatestCode(t, mobile)
		}
		var wg sync.WaitGroup
		locations := make([]string, len(clients))
		for i, c := range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				locations[i] = c.Post(j+"/check-your-phone", url.Values{"code": {codes[i]}}).Header().Get("Location")
			}()
		}
		wg.Wait()
		started := 0
		for _, l := range locations {
			if l == j+"/your-work" {
				started++
			} else if l != "" {
				t.Errorf("got redirect to %q", l)
			}
		}
		if started != 3 {
			t.Errorf("got %d browsers through, want the 3 that had codes", started)
		}
		if n := webtest.Count(t, db, "residents", "mobile = ?", mobile); n != 1 {
			t.Errorf("got %d residents, want 1", n)
		}
		if n := webtest.Count(t, db, "applications", "pathway_id = ?", b.ID); n != 1 {
			t.Errorf("got %d applications, want 1", n)
		}
	})
}

// A resident who has sent an application and applies again learns so only
// after the code, and is pointed to /status, where they are signed in.
func TestAlreadyAppliedAfterTheCode(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewBareApp(t, db)
		b := storetest.Pathway(t, app.Store)
		j := journey(b)
		mobile := storetest.UniqueMobile()
		sent := storetest.SubmittedApplication(t, app.Store, b, store.Contact{FullName: "Ann Lee", Mobile: mobile, Channel: store.ChannelSMS})
		c := app.Client(t)
		eligible(t, c, b)
		webtest.WantRedirect(t, aboutYou(c, j, "Ann Lee", mobile), j+"/check-your-phone")
		c.ProveContact(t, j, mobile, j+"/already-applied")
		webtest.WantBody(t, c.Get(j+"/already-applied"), "You have already applied", b.Name, `href="/status"`)
		webtest.WantRedirect(t, c.Get("/status"), "/status/applications")
		webtest.WantBody(t, c.Get("/status/applications"), sent.Ref())
		if n := webtest.Count(t, db, "applications", "pathway_id = ?", b.ID); n != 1 {
			t.Errorf("got %d applications, want 1", n)
		}
	})
}
