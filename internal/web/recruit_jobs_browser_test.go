package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store/storetest"
	"anchorpathways/internal/web/webtest"
)

// TestRecruiterInterviewToJobInBrowser: at a phone's width and a desk's, a
// recruiter publishes an interview time (the form first sent empty),
// records a job offer after an interview (sent empty first), the job
// start, and the 13-week answer, by visible labels only; axe-core checks
// every state.
func TestRecruiterInterviewToJobInBrowser(t *testing.T) {
	for _, w := range staffWidths {
		t.Run(w.name, func(t *testing.T) {
			app := webtest.NewApp(t, dbtest.SQLite(t))
			srv := httptest.NewServer(app.Echo)
			t.Cleanup(srv.Close)
			email := demoStaffEmail(t, portal.RoleRecruiter)
			var orgID string
			if err := app.DB.WithContext(context.Background()).Table("staff_users").Select("organisation_id").Where("email = ?", email).Scan(&orgID).Error; err != nil || orgID == "" {
				t.Fatalf("the demo recruiter's employer: %q, %v", orgID, err)
			}
			employer, err := app.Store.OrganisationByID(context.Background(), orgID)
			if err != nil {
				t.Fatal(err)
			}
			pw := storetest.Pathway(t, app.Store, storetest.OwnedBy(employer))
			interviewed := storetest.AtStatus(t, app.Store, pw, portal.StatusInterview)
			due := storetest.AtStatus(t, app.Store, pw, portal.StatusJobStarted, time.Now().AddDate(0, 0, -13*7-1))

			b := newStaffBrowser(t, srv.URL, w.name, w.width, w.height)
			b.signInDemo(email)

			b.visit(srv.URL + "/staff/pathways/" + pw.ID + "/interviews")
			b.at("Interview times", "interview times, none yet")
			b.button("Publish time", http.StatusUnprocessableEntity)
			b.at("Interview times", "interview times, with errors")
			b.wantStaffErrors("Enter the date", "Enter the time in hours and minutes, like 14:30", "Enter the address or video link of the interview")
			b.date("Date", time.Now().AddDate(0, 0, 7))
			b.fill("Time", "10:30")
			b.fill("Address or video link", "Learning Centre, Room 2")
			b.button("Publish time", http.StatusOK)
			b.at("Interview times", "interview times, one published")
			b.wantText("Interview time published", "Learning Centre, Room 2", "Free")

			b.visit(srv.URL + "/staff/applications/" + interviewed.ID + "/interview-outcome")
			b.at("Interview outcome", "interview outcome")
			b.button("Record outcome", http.StatusUnprocessableEntity)
			b.at("Interview outcome", "interview outcome, with errors")
			b.wantStaffErrors("Select whether a job was offered")
			b.choose("Was a job offered?", "Yes, a job was offered")
			b.choose("Kind of job", "Bank (as-needed) work")
			b.fill("Job title", "Ward housekeeper")
			b.fill("Hours a week", "22")
			b.date("Start date", time.Now().AddDate(0, 0, -1))
			b.button("Record outcome", http.StatusOK)
			b.at("Interview outcome", "job offered")
			b.wantText("Job offer recorded", "Ward housekeeper")
			b.link("Record the job start", http.StatusOK)
			b.at("Job started", "job started")
			b.button("Record job start", http.StatusOK)
			b.at("Job started", "job start recorded")
			b.wantText("Job start recorded")

			b.visit(srv.URL + "/staff/applications/" + due.ID + "/in-work")
			b.at("Still in work", "still in work")
			b.choose("Are they still in work 13 weeks after starting?", "Yes")
			b.button("Record answer", http.StatusOK)
			b.at("Still in work", "still in work, recorded")
			b.wantText("Answer recorded for 13 weeks", "In work for 13 weeks")
		})
	}
}
