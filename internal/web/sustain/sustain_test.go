package sustain_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
	"anchorpathways/internal/web/webtest"
)

// secret is the token of the one message to app's resident about subject.
func secret(t *testing.T, db *gorm.DB, app store.Application, about string) string {
	t.Helper()
	var msgs []store.OutboxMessage
	db.Where("recipient = ? AND subject LIKE ? AND secret IS NOT NULL", *app.ContactMobile, "%"+about+"%").Find(&msgs)
	if len(msgs) != 1 {
		t.Fatalf("messages %q = %d, want 1", about, len(msgs))
	}
	return *msgs[0].Secret
}

func statusOf(t *testing.T, db *gorm.DB, id string) portal.Status {
	t.Helper()
	var a store.Application
	if err := db.Where("id = ?", id).Take(&a).Error; err != nil {
		t.Fatal(err)
	}
	return a.Status
}

// TestBookInterviewPages: the resident books by link with no sign-in, sees
// only the times and the pathway, moves the time once; a taken time is a
// 409 with the link still working; used and tampered links get kind pages.
func TestBookInterviewPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewBareApp(t, db)
		ctx := context.Background()
		b := storetest.Pathway(t, app.Store)
		a := storetest.AtStatus(t, app.Store, b, portal.StatusCourseCompleted)
		rival := storetest.AtStatus(t, app.Store, b, portal.StatusCourseCompleted)
		recruiter := store.Actor{Staff: storetest.Staff(t, app.Store, portal.RoleRecruiter, b.Employer).User.Staff()}
		for i := 1; i <= 3; i++ {
			in := store.InterviewSlotInput{StartsAt: time.Now().Add(time.Duration(i) * 24 * time.Hour), Place: "Room " + string(rune('0'+i))}
			if _, err := app.Store.PublishInterviewSlot(ctx, recruiter, b.ID, in, store.Messages{}); err != nil {
				t.Fatal(err)
			}
		}
		var slots []store.InterviewSlot
		db.Where("pathway_id = ?", b.ID).Order("starts_at").Find(&slots)
		token := secret(t, db, a, "Book your")
		c := app.Client(t)
		path := "/interviews/" + token
		page := c.Get(path)
		webtest.WantStatus(t, page, http.StatusOK)
		webtest.WantBody(t, page, "Choose a time for your interview", b.Name, "Room 1", "Room 3")
		if body := page.Body.String(); strings.Contains(body, a.FullName) || strings.Contains(body, a.Ref()) {
			t.Error("the booking page shows personal details")
		}
		webtest.WantStatus(t, c.Post(path, url.Values{}), http.StatusUnprocessableEntity)
		// The rival takes the first time while the page is open.
		if _, err := app.Store.BookInterview(ctx, secret(t, db, rival, "Book your"), slots[0].ID, store.Messages{}); err != nil {
			t.Fatal(err)
		}
		taken := c.Post(path, url.Values{"slot": {slots[0].ID}})
		webtest.WantStatus(t, taken, http.StatusConflict)
		webtest.WantBody(t, taken, "that time has just been taken")
		webtest.WantRedirect(t, c.Post(path, url.Values{"slot": {slots[1].ID}}), "/interviews/done")
		webtest.WantBody(t, c.Get("/interviews/done"), "Your interview is on", "Room 2")
		if got := statusOf(t, db, a.ID); got != portal.StatusInterview {
			t.Errorf("status %s, want interview", got)
		}
		used := c.Get(path)
		webtest.WantStatus(t, used, http.StatusGone)
		webtest.WantBody(t, used, "This link has already been used")
		webtest.WantStatus(t, c.Post(path, url.Values{"slot": {slots[2].ID}}), http.StatusGone)
		tampered := c.Get(path + "x")
		webtest.WantStatus(t, tampered, http.StatusNotFound)
		webtest.WantBody(t, tampered, "This link does not work")

		move := "/interviews/" + secret(t, db, a, "Your interview for")
		webtest.WantBody(t, c.Get(move), "Choose a new time", "You can change it once")
		webtest.WantRedirect(t, c.Post(move, url.Values{"slot": {slots[2].ID}}), "/interviews/done")
		webtest.WantStatus(t, c.Get(move), http.StatusGone)
		var held store.InterviewSlot
		db.Where("application_id = ?", a.ID).Take(&held)
		if held.ID != slots[2].ID {
			t.Errorf("holds %s, want the third time", held.Place)
		}
	})
}

// TestInWorkPages: one tap answers; a second tap, a tampered or an
// expired link gets its kind page and changes nothing.
func TestInWorkPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		now := time.Now().UTC()
		app := webtest.NewAppWith(t, db, webtest.Options{Bare: true, Clock: func() time.Time { return now }})
		ctx := context.Background()
		b := storetest.Pathway(t, app.Store)
		yes := storetest.AtStatus(t, app.Store, b, portal.StatusJobStarted, now.AddDate(0, 0, -13*7))
		no := storetest.AtStatus(t, app.Store, b, portal.StatusJobStarted, now.AddDate(0, 0, -13*7))
		if n, err := app.Store.CheckInWork(ctx, store.Messages{}); err != nil || n != 2 {
			t.Fatalf("CheckInWork = %d, %v", n, err)
		}
		c := app.Client(t)
		yesPath := "/in-work/" + secret(t, db, yes, "13 weeks")
		webtest.WantBody(t, c.Get(yesPath), "Are you still working at "+b.Employer.Name, "Yes, I am still working there")
		webtest.WantStatus(t, c.Post(yesPath, url.Values{"answer": {"maybe"}}), http.StatusUnprocessableEntity)
		webtest.WantRedirect(t, c.Post(yesPath, url.Values{"answer": {"yes"}}), "/in-work/done")
		webtest.WantBody(t, c.Get("/in-work/done"), "We will check in again at 26 weeks")
		webtest.WantStatus(t, c.Post(yesPath, url.Values{"answer": {"no"}}), http.StatusGone)
		if got := statusOf(t, db, yes.ID); got != portal.StatusInWork13 {
			t.Errorf("yes: status %s", got)
		}
		webtest.WantStatus(t, c.Get("/in-work/not-a-token"), http.StatusNotFound)
		noPath := "/in-work/" + secret(t, db, no, "13 weeks")
		now = now.AddDate(0, 0, 29)
		expired := c.Get(noPath)
		webtest.WantStatus(t, expired, http.StatusGone)
		webtest.WantBody(t, expired, "This link has expired")
		if n := webtest.Count(t, db, "in_work_checks", "application_id = ?", no.ID); n != 0 {
			t.Errorf("an expired link recorded %d answers", n)
		}
	})
}
