package store_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
)

// TestDemoLifecycle: the demo holds applicants in every status, a full
// cohort with a waiting list, places taken that match the applications
// holding them, and seeding again changes nothing.
func TestDemoLifecycle(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		st := store.New(db)
		for range 2 {
			if err := st.SeedDemo(context.Background(), store.Messages{}); err != nil {
				t.Fatal(err)
			}
		}
		for _, s := range portal.AllStatuses() {
			if n := countRows(t, db, "applications", "pathway_id = ? AND status = ?", store.DemoHTHID, s); n == 0 {
				t.Errorf("no demo application is %s", s)
			}
		}
		if n := countRows(t, db, "applications", "id LIKE ?", "demo-app-%"); n < 38 || n > 45 {
			t.Errorf("%d demo applications, want about 40", n)
		}
		// The recruiters' pool ranks and filters sent applications by the
		// fit score and sectors sending keeps: the demo's have them too.
		if n := countRows(t, db, "applications", "id LIKE ? AND submitted_at IS NOT NULL AND (fit_score = 0 OR sectors_done = '')", "demo-app-%"); n > 0 {
			t.Errorf("%d sent demo applications have no fit score or sectors for the pool", n)
		}
		if got := placesTaken(t, db, store.DemoHTHFullCohortID); got != 6 {
			t.Errorf("full cohort: %d places taken, want 6", got)
		}
		if n := countRows(t, db, "applications", "cohort_id = ? AND status = ?", store.DemoHTHFullCohortID, portal.StatusWaitlisted); n != 3 {
			t.Errorf("full cohort: %d waitlisted, want 3", n)
		}
		// Every cohort's places taken are the applications that hold a place there.
		var cohorts []store.Cohort
		db.Find(&cohorts)
		held := []portal.Status{portal.StatusPlaceAccepted, portal.StatusCourseStarted, portal.StatusCourseCompleted, portal.StatusInterview,
			portal.StatusJobOffered, portal.StatusJobStarted, portal.StatusInWork13, portal.StatusInWork26}
		for _, c := range cohorts {
			want := countRows(t, db, "applications", "cohort_id = ? AND status IN ?", c.ID, held)
			// Someone not taken forward after starting still used a place.
			want += countRows(t, db, "applications", "cohort_id = ? AND status = ? AND id IN (SELECT application_id FROM application_events WHERE to_status = ?)",
				c.ID, portal.StatusNotProgressed, portal.StatusCourseStarted)
			if int64(c.PlacesTaken) != want {
				t.Errorf("cohort %s: %d places taken, %d applications hold one", c.ID, c.PlacesTaken, want)
			}
		}
	})
}

// TestDemoMessagesLinkToThePortal: the demo story's texts and emails (offers
// to answer, referrals to finish) carry links on the portal's address, as
// the portal's own messages do, so a demo visitor can open them from
// /dev/outbox; none is a bare path.
func TestDemoMessagesLinkToThePortal(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		st := store.New(db)
		if err := st.SeedDemo(context.Background(), store.Messages{BaseURL: "https://portal.example"}); err != nil {
			t.Fatal(err)
		}
		var bodies []string
		if err := db.Table("outbox").Pluck("body", &bodies).Error; err != nil {
			t.Fatal(err)
		}
		bare := regexp.MustCompile(`(^|[\s:(])/[a-z]`)
		links := 0
		for _, b := range bodies {
			if bare.MatchString(b) {
				t.Errorf("a demo message links to a bare path: %q", b)
			}
			links += strings.Count(b, "https://portal.example/")
		}
		if links < 5 {
			t.Errorf("%d links on the portal's address in %d demo messages, want the offers' and referrals' links", links, len(bodies))
		}
	})
}
