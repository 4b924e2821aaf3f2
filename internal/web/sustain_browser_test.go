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

// TestInterviewAndInWorkByLinkInBrowser: on a 320 px phone without
// JavaScript, a resident books their guaranteed interview by the texted
// link, moves it once, and later answers "still working there?" with one
// tap; each page state passes axe-core, and a used link gets its kind page.
func TestInterviewAndInWorkByLinkInBrowser(t *testing.T) {
	app := webtest.NewBareApp(t, dbtest.SQLite(t))
	srv := httptest.NewServer(app.Echo)
	t.Cleanup(srv.Close)
	ctx := context.Background()
	b := storetest.Pathway(t, app.Store)
	owed := storetest.AtStatus(t, app.Store, b, portal.StatusCourseCompleted)
	working := storetest.AtStatus(t, app.Store, b, portal.StatusJobStarted, time.Now().AddDate(0, 0, -13*7))
	by := store.Actor{Staff: storetest.Staff(t, app.Store, portal.RoleRecruiter, b.Employer).User.Staff()}
	day := time.Now().UTC().AddDate(0, 0, 3).Truncate(24 * time.Hour)
	for _, at := range []time.Time{day.Add(10 * time.Hour), day.Add(14*time.Hour + 30*time.Minute)} {
		if _, err := app.Store.PublishInterviewSlot(ctx, by, b.ID, store.InterviewSlotInput{StartsAt: at, Place: "Learning Centre, Room 2"}, store.Messages{}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := app.Store.CheckInWork(ctx, store.Messages{}); err != nil {
		t.Fatal(err)
	}
	token := func(a store.Application, about string) string {
		var m store.OutboxMessage
		if err := app.DB.Where("recipient = ? AND subject LIKE ? AND secret IS NOT NULL", *a.ContactMobile, "%"+about+"%").Take(&m).Error; err != nil {
			t.Fatal(err)
		}
		return *m.Secret
	}
	label := func(at time.Time) string { return at.Format("2 January 2006 at 3:04pm") + ", Learning Centre, Room 2" }

	r := &resident{t: t, ctx: browsertest.Start(t, 320, 640), noScripts: true}
	browsertest.SetJavaScript(t, r.ctx, false)
	invite := srv.URL + "/interviews/" + token(owed, "Book your")
	r.visit(invite)
	r.at("Choose a time for your interview", "interview booking")
	r.button("Book this time", http.StatusUnprocessableEntity)
	r.at("Choose a time for your interview", "interview booking, nothing chosen")
	r.wantText("Select a time for your interview")
	r.choose("Choose a time for your interview", label(day.Add(10*time.Hour)))
	r.button("Book this time", http.StatusOK)
	r.at("Thank you", "interview booked")
	r.wantText("Your interview is on")
	if got := browsertest.Visit(t, r.ctx, invite); got != http.StatusGone {
		t.Errorf("the invitation again: got %d, want 410", got)
	}
	r.at("This link has already been used", "interview link used")

	r.visit(srv.URL + "/interviews/" + token(owed, "Your interview for"))
	r.at("Choose a new time", "interview move")
	r.choose("Choose a new time", label(day.Add(14*time.Hour+30*time.Minute)))
	r.button("Change to this time", http.StatusOK)
	r.at("Thank you", "interview moved")

	r.visit(srv.URL + "/in-work/" + token(working, "13 weeks"))
	r.at("Are you still working at "+b.Employer.Name+"?", "in work at 13 weeks")
	r.button("Yes, I am still working there", http.StatusOK)
	r.at("Thank you", "in work answered")
	r.wantText("We will check in again at 26 weeks")
}
