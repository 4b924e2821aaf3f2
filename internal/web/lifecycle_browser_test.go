package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"anchorpathways/internal/browsertest"
	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
	"anchorpathways/internal/web/webtest"
)

// TestCohortFromPoolToJobInBrowser is issue 7 end to end, at a phone's
// width and a desk's, by visible labels only, axe-core on every state: a
// recruiter shortlists and offers places from the ranked pool in bulk; the
// resident accepts by the texted link; the course is started and
// completed; an interview time is published and the resident books it by
// link (and the application page shows the time); a job is offered and
// started. After each step the resident's
// /status shows it.
func TestCohortFromPoolToJobInBrowser(t *testing.T) {
	for _, w := range staffWidths {
		t.Run(w.name, func(t *testing.T) {
			app := webtest.NewBareApp(t, dbtest.SQLite(t))
			srv := httptest.NewServer(app.Echo)
			t.Cleanup(srv.Close)
			bp := storetest.Pathway(t, app.Store, storetest.Places(10))
			contact := storetest.Contact()
			contact.FullName = "Marigold Tennant"
			resApp := lifecycleApplicant(t, app.Store, bp, contact, 9)
			other := poolApplicant(t, app.Store, bp, 4)
			const password = "kestrel harbour lantern meadow"
			m := storetest.Staff(t, app.Store, portal.RoleRecruiter, bp.Employer, storetest.MFAExempt(), storetest.Password(password))
			token := func(about string) string {
				t.Helper()
				var msg store.OutboxMessage
				if err := app.DB.Where("recipient = ? AND subject LIKE ? AND secret IS NOT NULL", contact.Mobile, "%"+about+"%").
					Order("created_at DESC").Take(&msg).Error; err != nil {
					t.Fatalf("no message %q: %v", about, err)
				}
				return *msg.Secret
			}

			// The resident signs in to /status once, in a browser of their own.
			r := &resident{t: t, ctx: browsertest.Start(t, w.width, w.height)}
			r.visit(srv.URL + "/status")
			r.at("Check your application", w.name+": status sign-in")
			browsertest.FillByLabel(t, r.ctx, "Check your application", contact.Mobile)
			r.button("Send me a code", http.StatusOK)
			r.at("Enter your code", w.name+": status code")
			browsertest.FillByLabel(t, r.ctx, "Code", app.LatestCode(t, contact.Mobile))
			r.button("Continue", http.StatusOK)
			seeStatus := func(s portal.Status, state string) {
				t.Helper()
				r.visit(srv.URL + "/status/applications")
				r.at("Your applications", w.name+": status, "+state)
				r.wantText(s.Label())
			}
			seeStatus(portal.StatusSubmitted, "sent")

			b := newStaffBrowser(t, srv.URL, w.name, w.width, w.height)
			b.visit(srv.URL + "/staff/login")
			b.at("Sign in to Anchor Pathways staff", "sign in")
			b.fill("Email address", m.User.Email)
			b.fill("Password", password)
			b.button("Sign in", http.StatusOK)
			b.at("Applications", "dashboard")
			b.link("Applicants for "+bp.Name, http.StatusOK)
			b.at("Applicants", "pool")
			b.wantText("Sent: 2")
			bulk := func(action, heading string) {
				t.Helper()
				browsertest.CheckByLabel(t, b.ctx, "Select "+store.Pseudonym(resApp.Ref()))
				browsertest.CheckByLabel(t, b.ctx, "Select "+store.Pseudonym(other.Ref()))
				b.fill("With the applicants you selected", action)
				b.button("Continue", http.StatusOK)
				b.at(heading, "bulk confirmation: "+action)
			}
			bulk("Shortlist", "2 applicants will be put on the shortlist")
			b.button("Confirm", http.StatusOK)
			b.at("2 applicants moved", "bulk shortlisted")
			b.link("Back to the applicants", http.StatusOK)
			b.at("Applicants", "pool, shortlisted")
			seeStatus(portal.StatusShortlisted, "shortlisted")

			bulk("Offer places on a course date", "2 applicants will be offered a place on the course date you choose")
			b.wantText("Which course date are the places on?", "0 of 10 places taken")
			b.button("Confirm", http.StatusOK)
			b.at("2 applicants moved", "bulk offered")
			b.link("Back to the applicants", http.StatusOK)
			b.at("Applicants", "pool, offered")
			b.wantText("Marigold Tennant")
			seeStatus(portal.StatusPlaceOffered, "place offered")

			r.visit(srv.URL + "/offers/" + token("offered a place"))
			r.at("You have been offered a place on the course", w.name+": offer by link")
			r.choose("Do you want the place?", "Yes, I want the place")
			r.button("Send answer", http.StatusOK)
			r.at("You have accepted the place", w.name+": offer accepted")
			seeStatus(portal.StatusPlaceAccepted, "place accepted")

			b.link("Marigold Tennant", http.StatusOK)
			b.at("Marigold Tennant", "application, accepted")
			b.button("Mark as started the course", http.StatusOK)
			b.at("Marigold Tennant", "application, course started")
			seeStatus(portal.StatusCourseStarted, "course started")
			b.button("Mark as completed the course", http.StatusOK)
			b.at("Marigold Tennant", "application, course completed")
			seeStatus(portal.StatusCourseCompleted, "course completed")

			b.link("Interview times for this pathway", http.StatusOK)
			b.at("Interview times", "interview times")
			day := time.Now().UTC().AddDate(0, 0, 7)
			b.date("Date", day)
			b.fill("Time", "10:30")
			b.fill("Address or video link", "Learning Centre, Room 2")
			b.button("Publish time", http.StatusOK)
			b.at("Interview times", "interview time published")

			r.visit(srv.URL + "/interviews/" + token("Book your"))
			r.at("Choose a time for your interview", w.name+": interview booking")
			r.choose("Choose a time for your interview", day.Format("2 January 2006")+" at 10:30am, Learning Centre, Room 2")
			r.button("Book this time", http.StatusOK)
			r.at("Thank you", w.name+": interview booked")
			seeStatus(portal.StatusInterview, "interview booked")

			b.visit(srv.URL + "/staff/applications/" + resApp.ID)
			b.at("Marigold Tennant", "application, interview")
			b.wantText("Booked for", day.Format("2 January 2006")+" at 10:30am", "Learning Centre, Room 2")
			b.link("Record the interview outcome", http.StatusOK)
			b.at("Interview outcome", "interview outcome")
			b.choose("Was a job offered?", "Yes, a job was offered")
			b.choose("Kind of job", "Permanent job")
			b.fill("Job title", "Ward housekeeper")
			b.fill("Hours a week", "30")
			b.date("Start date", time.Now().AddDate(0, 0, -1))
			b.button("Record outcome", http.StatusOK)
			b.at("Interview outcome", "job offered")
			seeStatus(portal.StatusJobOffered, "job offered")
			b.link("Record the job start", http.StatusOK)
			b.at("Job started", "job started")
			b.button("Record job start", http.StatusOK)
			b.at("Job started", "job start recorded")
			seeStatus(portal.StatusJobStarted, "job started")
		})
	}
}

// lifecycleApplicant is a sent application to b from contact, its routing
// scoring the pathway.
func lifecycleApplicant(t *testing.T, st *store.Store, b storetest.Built, c store.Contact, score int) store.Application {
	t.Helper()
	ctx := context.Background()
	app := storetest.Draft(t, st, b, c)
	_, err := st.UpdateDraft(ctx, app.ID, func(a *store.Application) error {
		a.Routing = []portal.Suggestion{{PathwayID: b.ID, Name: b.Name, Score: score, Reasons: []string{"Has worked in a kitchen"}}}
		a.Answers.Situation, a.Answers.Hours = "unemployed", "full_time"
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sub, err := st.SubmitApplication(ctx, app.ID, store.Messages{})
	if err != nil {
		t.Fatal(err)
	}
	return sub.Application
}
