package recruit_test

import (
	"context"
	"net/http"
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

// TestApplicationShowsTheBookedInterview: once the resident books a time by
// link, the application page shows when and where; the pool and the page
// of someone owed an interview link to the pathway's interview times.
func TestApplicationShowsTheBookedInterview(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		w := newWorld(t, db)
		ctx := context.Background()
		st := w.app.Store
		a := storetest.AtStatus(t, st, w.b, portal.StatusCourseCompleted)
		path := "/staff/applications/" + a.ID
		times := "/staff/pathways/" + w.b.ID + "/interviews"
		rec := w.recruiter.Get(path)
		webtest.WantStatus(t, rec, http.StatusOK)
		webtest.WantBody(t, rec, `href="`+times+`"`)
		if strings.Contains(rec.Body.String(), "Booked for") {
			t.Error("an interview shown before one is booked")
		}
		webtest.WantBody(t, w.recruiter.Get("/staff/pathways/"+w.b.ID+"/pool"), `href="`+times+`"`)

		at := time.Now().UTC().AddDate(0, 0, 4).Truncate(24 * time.Hour).Add(11 * time.Hour)
		by := store.Actor{Staff: storetest.Staff(t, st, portal.RoleRecruiter, w.b.Employer).User.Staff()}
		if _, err := st.PublishInterviewSlot(ctx, by, w.b.ID, store.InterviewSlotInput{StartsAt: at, Place: "Board Room 3"}, store.Messages{}); err != nil {
			t.Fatal(err)
		}
		var msg store.OutboxMessage
		if err := db.Where("recipient = ? AND subject LIKE ? AND secret IS NOT NULL", *a.ContactMobile, "Book your%").Take(&msg).Error; err != nil {
			t.Fatal(err)
		}
		var slotID string
		if err := db.Table("interview_slots").Select("id").Where("pathway_id = ?", w.b.ID).Scan(&slotID).Error; err != nil {
			t.Fatal(err)
		}
		if _, err := st.BookInterview(ctx, *msg.Secret, slotID, store.Messages{}); err != nil {
			t.Fatal(err)
		}
		rec = w.recruiter.Get(path)
		webtest.WantBody(t, rec, "Booked for", at.Format("2 January 2006 at 3:04pm"), "Board Room 3", `href="`+times+`"`)
		webtest.WantBody(t, w.coord.Get(path), "Board Room 3")
	})
}
