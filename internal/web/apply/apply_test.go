package apply_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
	"anchorpathways/internal/web/auth"
	"anchorpathways/internal/web/webtest"
)

const savedNotice = "We save your answers as you go. To come back later, go to"

// newApp is a bare portal on db with one open pathway, and that pathway's
// apply journey.
func newApp(t *testing.T, db *gorm.DB) (*webtest.App, storetest.Built, string) {
	t.Helper()
	app := webtest.NewBareApp(t, db)
	b := storetest.Pathway(t, app.Store)
	return app, b, webtest.ApplyPath(b)
}

// draftOf is the one application with this mobile.
func draftOf(t *testing.T, db *gorm.DB, mobile string) store.Application {
	t.Helper()
	var a store.Application
	if err := db.Where("contact_mobile = ?", mobile).Take(&a).Error; err != nil {
		t.Fatal(err)
	}
	return a
}

// TestWorkPagesOneThingEach walks the four "your work" pages: each says the
// answers are saved, marks its optional questions, saves its own answers
// and goes on to the next; "check your answers" links each answer to the
// page that asks it, and a change made from there goes back to it.
func TestWorkPagesOneThingEach(t *testing.T) {
	app, b, ap := newApp(t, dbtest.SQLite(t))
	c := startDraft(t, app, b, "07700 900301")
	steps := []struct {
		step, next string
		form       url.Values
		legends    []string // as the page shows them
		missing    string   // MissingStep after this step is saved
	}{
		{"your-work", "work-experience", url.Values{"situation": {"at_risk"}}, []string{"What is your work situation now?</h1>"}, "work-experience"},
		{"work-experience", "skills", url.Values{"sectors": {"hospitality"}, "years": {"1_to_5"}},
			[]string{"Which kinds of work have you done? (optional)", "How many years have you worked in these jobs?"}, "skills"},
		{"skills", "job-preferences", url.Values{"skills": {"food_hygiene"}}, []string{"What can you already do? (optional)</h1>"}, "job-preferences"},
		{"job-preferences", "support", url.Values{"interests": {"catering"}, "hours": {"full_time"}, "travel": {"30"}},
			[]string{"Which jobs would you like to do? (optional)", "How many hours can you work?", "How long can you travel to work each way?"}, "support"},
	}
	for _, s := range steps {
		webtest.WantBody(t, c.Get(ap+"/"+s.step), append([]string{savedNotice, `href="/status"`}, s.legends...)...)
		webtest.WantRedirect(t, c.Post(ap+"/"+s.step, s.form), ap+"/"+s.next)
		a := draftOf(t, app.DB, "+447700900301")
		if got, want := auth.MissingStep(a), s.missing; got != want {
			t.Errorf("after %s: first missing step %q, want %q", s.step, got, want)
		}
		if got, want := a.Answers.WorkDone, s.next == "support"; got != want {
			t.Errorf("after %s: WorkDone %v, want %v", s.step, got, want)
		}
	}
	webtest.WantRedirect(t, c.Post(ap+"/support", url.Values{"needs": {"childcare"}}), ap+"/choose")
	webtest.WantBody(t, c.Get(ap+"/support"), savedNotice)
	webtest.WantBody(t, c.Get(ap+"/choose"), savedNotice)
	webtest.WantRedirect(t, c.Post(ap+"/choose", url.Values{"pathway": {b.ID}}), ap+"/course-date")
	webtest.WantBody(t, c.Get(ap+"/course-date"), savedNotice)
	webtest.WantRedirect(t, c.Post(ap+"/course-date", url.Values{"cohort": {b.Cohort.ID}}), ap+"/check")

	check := c.Get(ap + "/check")
	webtest.WantStatus(t, check, http.StatusOK)
	for _, change := range []struct{ step, what string }{
		{"your-work", "work situation"}, {"work-experience", "work you have done"}, {"work-experience", "years in these jobs"},
		{"skills", "skills"}, {"job-preferences", "jobs you would like"}, {"job-preferences", "hours"}, {"job-preferences", "travel"},
	} {
		want := `href="` + ap + "/" + change.step + `">Change<span class="govuk-visually-hidden"> ` + change.what + `</span>`
		if !strings.Contains(check.Body.String(), want) {
			t.Errorf("check your answers: no %q", want)
		}
	}
	webtest.WantBody(t, check, "1 to 5 years", savedNotice)
	// A change from "check your answers" goes back there.
	webtest.WantRedirect(t, c.Post(ap+"/skills", url.Values{"skills": {"customer_service"}}), ap+"/check")
}

// TestAlreadyAppliedTellsTheTruth proves, in a second browser, the contact
// of a draft, then of an application sent: the holder of an unsent draft
// carries on with it (never told they have "already applied"); only the
// holder of a sent one is told so.
func TestAlreadyAppliedTellsTheTruth(t *testing.T) {
	app, b, ap := newApp(t, dbtest.SQLite(t))
	for _, tc := range []struct {
		name     string
		send     bool
		next     string
		want     []string
		wantNone string
	}{
		{"draft", false, ap + "/work-experience", []string{"Work you have done"}, "already applied"},
		{"sent", true, ap + "/already-applied", []string{"You have already applied", "You do not need to apply again"}, "not sent"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mobile := "07700 90031" + map[bool]string{false: "1", true: "2"}[tc.send]
			first := app.Client(t)
			if tc.send {
				webtest.JourneyTo(t, first, b, mobile)
				webtest.WantRedirect(t, first.Post(ap+"/check", nil), ap+"/confirmation")
			} else {
				first = startDraft(t, app, b, mobile)
				webtest.WantRedirect(t, first.Post(ap+"/your-work", url.Values{"situation": {"at_risk"}}), ap+"/work-experience")
			}
			again := app.Client(t)
			again.Get(ap)
			again.Post(ap, url.Values{"postcode": {b.Postcode()}, "tenant": {"none"}, "over18": {"yes"}, "right_to_work": {"yes"}})
			webtest.WantRedirect(t, again.Post(ap+"/about-you", url.Values{"full_name": {"Ann Lee"}, "mobile": {mobile}, "channel": {"sms"}}), ap+"/check-your-phone")
			again.Get(ap + "/check-your-phone")
			webtest.WantRedirect(t, again.Post(ap+"/check-your-phone", url.Values{"code": {app.LatestCode(t, mobile)}}), tc.next)
			page := again.Get(tc.next)
			webtest.WantBody(t, page, tc.want...)
			if strings.Contains(page.Body.String(), tc.wantNone) {
				t.Errorf("%s: the page says %q:\n%s", tc.name, tc.wantNone, webtest.Snippet(page.Body.String()))
			}
		})
	}
}

// TestConfirmationShowsTheCurrentStatus withdraws an application after it
// was sent: its confirmation page then says so, not "Application sent".
func TestConfirmationShowsTheCurrentStatus(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app, b, ap := newApp(t, db)
		c := app.Client(t)
		webtest.JourneyTo(t, c, b, "07700 900321")
		webtest.WantRedirect(t, c.Post(ap+"/check", nil), ap+"/confirmation")
		webtest.WantBody(t, c.Get(ap+"/confirmation"), "Application sent")
		sent := draftOf(t, db, "+447700900321")
		if err := app.Store.WithdrawApplication(context.Background(), sent.ID, "+447700900321", store.Messages{}); err != nil {
			t.Fatal(err)
		}
		page := c.Get(ap + "/confirmation")
		webtest.WantBody(t, page, "Your application", portal.StatusWithdrawn.Label(), portal.StatusWithdrawn.NextStep())
		if strings.Contains(page.Body.String(), "Application sent") {
			t.Errorf("confirmation of a withdrawn application says %q", "Application sent")
		}
	})
}

// TestSendingToAClosedPathway closes the pathway, or the chosen cohort's
// applications, before the resident presses send: the page says the course
// has closed, and nothing is sent.
func TestSendingToAClosedPathway(t *testing.T) {
	for _, tc := range []struct {
		name  string
		close func(db *gorm.DB, pathwayID string) error
	}{
		{"pathway closed", func(db *gorm.DB, pathwayID string) error {
			return db.Exec("UPDATE pathways SET is_open = ? WHERE id = ?", false, pathwayID).Error
		}},
		{"cohort closed for applications", func(db *gorm.DB, pathwayID string) error {
			return db.Exec("UPDATE cohorts SET closes_at = ? WHERE course_id IN (SELECT id FROM courses WHERE pathway_id = ?)",
				time.Now().UTC().Add(-time.Minute), pathwayID).Error
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
				app, b, ap := newApp(t, db)
				c := app.Client(t)
				webtest.JourneyTo(t, c, b, "07700 900331")
				if err := tc.close(db, b.ID); err != nil {
					t.Fatal(err)
				}
				rec := c.Post(ap+"/check", nil)
				webtest.WantStatus(t, rec, http.StatusConflict)
				webtest.WantBody(t, rec, "This course has closed for applications", "We have not sent your application", "Your answers are saved")
				if got := draftOf(t, db, "+447700900331"); got.Status != portal.StatusDraft || got.Reference != nil {
					t.Errorf("after a refused send: status %q, reference %v; want a draft without one", got.Status, got.Reference)
				}
				if n := webtest.Count(t, db, "outbox", "recipient = ? AND subject NOT LIKE ?", "+447700900331", "Your Anchor Pathways code%"); n != 0 {
					t.Errorf("got %d messages to the resident, want none", n)
				}
			})
		})
	}
}

// TestSendingAnUnfinishedDraftGoesToTheMissingStep presses send with steps
// unanswered: the draft is not sent and the resident goes to the first one.
func TestSendingAnUnfinishedDraftGoesToTheMissingStep(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app, b, ap := newApp(t, db)
		c := startDraft(t, app, b, "07700 900341")
		webtest.WantRedirect(t, c.Post(ap+"/your-work", url.Values{"situation": {"at_risk"}}), ap+"/work-experience")
		webtest.WantRedirect(t, c.Post(ap+"/check", nil), ap+"/work-experience")
		if got := draftOf(t, db, "+447700900341"); got.Status != portal.StatusDraft {
			t.Errorf("status after sending an unfinished draft: got %q, want draft", got.Status)
		}
	})
}

// TestPrivacyNoticeSaysHowToAskForYourData checks that "check your answers"
// names the coordinator's contact for a copy or erasure of the data.
func TestPrivacyNoticeSaysHowToAskForYourData(t *testing.T) {
	app, b, ap := newApp(t, dbtest.SQLite(t))
	coordinator := storetest.Organisation(t, app.Store, store.KindCoordinator,
		func(in *store.OrganisationInput) { in.ContactEmail = "hello@network.example" })
	c := app.Client(t)
	webtest.JourneyTo(t, c, b, "07700 900351")
	webtest.WantBody(t, c.Get(ap+"/check"), "To get a copy of your data or ask us to delete it, contact "+coordinator.Name,
		`href="mailto:hello@network.example"`)
}

// TestEverySuggestionSaysWhy checks that every course on "courses that suit
// you" gives a reason, those no routing rule matched included.
func TestEverySuggestionSaysWhy(t *testing.T) {
	app, b, ap := newApp(t, dbtest.SQLite(t))
	// b has a rule a resident from hospitality matches; other has none.
	storetest.RoutingRule(t, app.Store, b.ID, func(in *store.RuleInput) { in.Factor, in.Value = "sector", "hospitality" })
	other := storetest.Pathway(t, app.Store, storetest.PartneredWith(b.Providers...), storetest.InNeighbourhood(b.Neighbourhood))
	c := app.Client(t)
	webtest.JourneyTo(t, c, b, "07700 900361")
	body := c.Get(ap + "/choose").Body.String()
	webtest.WantBody(t, c.Get(ap+"/choose"), b.Name, other.Name, "Open to anyone who lives in "+b.Neighbourhood.Name+".")
	hints := regexp.MustCompile(`(?s)<div id="pathway-\d+-why"[^>]*>(.*?)</div>`).FindAllStringSubmatch(body, -1)
	if len(hints) < 2 {
		t.Fatalf("got %d suggestions, want %s's and %s's", len(hints), b.Name, other.Name)
	}
	for _, h := range hints {
		if !strings.Contains(h[1], "<li>") {
			t.Errorf("a suggestion gives no reason: %s", h[1])
		}
	}
}

// TestAboutYouSaysAnswersAreSaved: the first page whose answers are kept
// already says so, and how to come back.
func TestAboutYouSaysAnswersAreSaved(t *testing.T) {
	app, b, ap := newApp(t, dbtest.SQLite(t))
	c := app.Client(t)
	c.Get(ap)
	webtest.WantRedirect(t, c.Post(ap, url.Values{"postcode": {b.Postcode()}, "tenant": {"none"}, "over18": {"yes"}, "right_to_work": {"yes"}}), ap+"/about-you")
	webtest.WantBody(t, c.Get(ap+"/about-you"), "We save your answers as you go.", `href="/status">Check your application</a>`)
}
