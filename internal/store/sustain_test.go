package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
)

var offer = store.InterviewOutcome{Offered: true, Kind: portal.JobBank, RoleTitle: "Ward housekeeper", HoursPerWeek: 22,
	StartsOn: time.Date(2027, 1, 11, 0, 0, 0, 0, time.UTC)}

// TestPartCMovesByRole: each staff move from interview on, by every role:
// the employer's recruiter and the coordinator may; another employer's
// recruiter and a housing officer never find the application; a stale page
// or a wrong status is a conflict and changes nothing.
func TestPartCMovesByRole(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		st := store.New(db)
		ctx := context.Background()
		c := newCrew(t, st)
		m := store.Messages{BaseURL: "https://portal.example"}
		day := st.Now().Truncate(24 * time.Hour)
		type step struct {
			name string
			from portal.Status
			act  func(a store.Actor, t store.Target) error
			to   portal.Status
		}
		steps := []step{
			{"job offered", portal.StatusInterview, func(a store.Actor, t store.Target) error {
				return st.RecordInterviewOutcome(ctx, a, t, offer, m)
			}, portal.StatusJobOffered},
			{"not progressed", portal.StatusInterview, func(a store.Actor, t store.Target) error {
				return st.RecordInterviewOutcome(ctx, a, t, store.InterviewOutcome{Reason: "no_vacancy"}, m)
			}, portal.StatusNotProgressed},
			{"job started", portal.StatusJobOffered, func(a store.Actor, t store.Target) error {
				return st.RecordJobStarted(ctx, a, t, day, m)
			}, portal.StatusJobStarted},
		}
		for _, s := range steps {
			for _, who := range []struct {
				name string
				a    store.Actor
				want error
			}{{"stranger", c.stranger, portal.ErrNotFound}, {"officer", c.officer, portal.ErrNotFound}, {"recruiter", c.own, nil}, {"coordinator", c.coordinator, nil}} {
				app := storetest.AtStatus(t, st, c.b, s.from)
				target := store.Target{ID: app.ID, Version: app.Version}
				if err := s.act(who.a, store.Target{ID: app.ID, Version: app.Version - 1}); who.want == nil && !errors.Is(err, portal.ErrConflict) {
					t.Errorf("%s by %s on a stale page: %v, want conflict", s.name, who.name, err)
				}
				err := s.act(who.a, target)
				if !errors.Is(err, who.want) && !(who.want == nil && err == nil) {
					t.Errorf("%s by %s: %v, want %v", s.name, who.name, err, who.want)
				}
				want := s.from
				if who.want == nil {
					want = s.to
				}
				if got := statusOf(t, db, app.ID).Status; got != want {
					t.Errorf("%s by %s: status %s, want %s", s.name, who.name, got, want)
				}
			}
		}
		// From the wrong status, whoever asks: a conflict.
		early := storetest.AtStatus(t, st, c.b, portal.StatusCourseCompleted)
		if err := st.RecordInterviewOutcome(ctx, c.own, store.Target{ID: early.ID, Version: early.Version}, offer, m); !errors.Is(err, portal.ErrConflict) {
			t.Errorf("outcome before the interview: %v, want conflict", err)
		}
		var verr *portal.ValidationError
		if err := st.RecordInterviewOutcome(ctx, c.own, store.Target{ID: early.ID, Version: early.Version}, store.InterviewOutcome{Reason: "rude"}, m); !errors.As(err, &verr) {
			t.Errorf("a reason not on the list: %v, want refused", err)
		}
		// The job offered is kept, with its kind on the application.
		app := storetest.AtStatus(t, st, c.b, portal.StatusInterview)
		if err := st.RecordInterviewOutcome(ctx, c.own, store.Target{ID: app.ID, Version: app.Version}, offer, m); err != nil {
			t.Fatal(err)
		}
		act, err := st.ApplicationToAct(ctx, c.own.Staff, app.ID)
		if err != nil || act.Offer == nil || act.Offer.RoleTitle != "Ward housekeeper" || act.Offer.Kind != portal.JobBank {
			t.Errorf("offer kept = %+v, %v", act.Offer, err)
		}
		var kind string
		db.Table("applications").Select("job_kind").Where("id = ?", app.ID).Scan(&kind)
		if kind != "bank" {
			t.Errorf("applications.job_kind = %q, want bank", kind)
		}
		if _, err := st.ApplicationToAct(ctx, c.stranger.Staff, app.ID); !errors.Is(err, portal.ErrNotFound) {
			t.Errorf("another employer reads it: %v", err)
		}
		var told int64
		db.Model(&store.OutboxMessage{}).Where("recipient = ? AND subject = ?", *app.ContactMobile, "You have been offered a job").Count(&told)
		if told != 1 {
			t.Errorf("job offer messages = %d, want 1", told)
		}
		if err := st.RecordJobStarted(ctx, c.own, store.Target{ID: app.ID, Version: app.Version + 1}, day.AddDate(0, 0, 3), m); !errors.As(err, &verr) {
			t.Errorf("a start date in the future: %v, want refused", err)
		}
	})
}

// TestCheckInWorkOncePerDate: with a fake clock, the 13-week and 26-week
// questions each go once when their date comes, even with two runs at once;
// yes moves the application on, no is kept and the status stays.
func TestCheckInWorkOncePerDate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		started := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
		now := started
		st := store.New(db).WithClock(func() time.Time { return now })
		ctx := context.Background()
		c := newCrew(t, st)
		yes := storetest.AtStatus(t, st, c.b, portal.StatusJobStarted, started)
		no := storetest.AtStatus(t, st, c.b, portal.StatusJobStarted, started)
		m := store.Messages{BaseURL: "https://portal.example"}
		run := func() int {
			var wg sync.WaitGroup
			ns := make([]int, 2)
			for i := range ns {
				wg.Add(1)
				go func() {
					defer wg.Done()
					var err error
					if ns[i], err = st.CheckInWork(ctx, m); err != nil {
						t.Error(err)
					}
				}()
			}
			wg.Wait()
			return ns[0] + ns[1]
		}
		now = started.AddDate(0, 0, 13*7-1)
		if n := run(); n != 0 {
			t.Errorf("a day early: %d asked", n)
		}
		now = started.AddDate(0, 0, 13*7)
		if n := run(); n != 2 {
			t.Errorf("at 13 weeks, two runs at once asked %d, want 2", n)
		}
		if n := run(); n != 0 {
			t.Errorf("again at 13 weeks: %d asked", n)
		}
		yes13, no13 := oneSecret(t, db, yes, "13 weeks"), oneSecret(t, db, no, "13 weeks")
		q, err := st.InWorkQuestionFor(ctx, yes13)
		if err != nil || q.Week != 13 || q.EmployerName != c.b.Employer.Name {
			t.Errorf("question = %+v, %v", q, err)
		}
		if _, err := st.AnswerInWork(ctx, yes13+"x", true); !errors.Is(err, store.ErrLinkUnknown) {
			t.Errorf("tampered: %v", err)
		}
		if _, err := st.AnswerInWork(ctx, yes13, true); err != nil {
			t.Fatal(err)
		}
		if _, err := st.AnswerInWork(ctx, yes13, false); !errors.Is(err, store.ErrLinkUsed) {
			t.Errorf("answered twice: %v, want used", err)
		}
		if _, err := st.AnswerInWork(ctx, no13, false); err != nil {
			t.Fatal(err)
		}
		if got := statusOf(t, db, yes.ID).Status; got != portal.StatusInWork13 {
			t.Errorf("yes: status %s, want in work 13", got)
		}
		if got := statusOf(t, db, no.ID).Status; got != portal.StatusJobStarted {
			t.Errorf("no: status %s, want job started kept", got)
		}
		var answers []store.InWorkCheck
		db.Where("application_id IN ?", []string{yes.ID, no.ID}).Order("answer").Find(&answers)
		if len(answers) != 2 || answers[0].Answer != "no" || answers[1].Answer != "yes" || answers[0].Actor != portal.ActorResident {
			t.Errorf("answers = %+v", answers)
		}
		now = started.AddDate(0, 0, 26*7)
		if n := run(); n != 1 {
			t.Errorf("at 26 weeks asked %d, want 1 (the one still in work)", n)
		}
		yes26 := oneSecret(t, db, yes, "26 weeks")
		now = now.AddDate(0, 0, 29)
		if _, err := st.AnswerInWork(ctx, yes26, true); !errors.Is(err, store.ErrLinkExpired) {
			t.Errorf("a month late: %v, want expired", err)
		}
		if got := statusOf(t, db, yes.ID).Status; got != portal.StatusInWork13 {
			t.Errorf("an expired link moved it to %s", got)
		}
	})
}

// TestRecordInWorkByStaff: the recruiter may record the answer once the
// date has come; it ends the resident's link.
func TestRecordInWorkByStaff(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		started := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
		now := started.AddDate(0, 0, 10*7)
		st := store.New(db).WithClock(func() time.Time { return now })
		ctx := context.Background()
		c := newCrew(t, st)
		app := storetest.AtStatus(t, st, c.b, portal.StatusJobStarted, started)
		target := store.Target{ID: app.ID, Version: app.Version}
		var verr *portal.ValidationError
		if err := st.RecordInWork(ctx, c.own, target, 13, true); !errors.As(err, &verr) {
			t.Errorf("before 13 weeks: %v, want refused", err)
		}
		now = started.AddDate(0, 0, 13*7)
		if _, err := st.CheckInWork(ctx, store.Messages{}); err != nil {
			t.Fatal(err)
		}
		link := oneSecret(t, db, app, "13 weeks")
		for _, who := range []store.Actor{c.stranger, c.officer} {
			if err := st.RecordInWork(ctx, who, target, 13, true); !errors.Is(err, portal.ErrNotFound) {
				t.Errorf("%s records: %v, want not found", who.Staff.Role, err)
			}
		}
		if err := st.RecordInWork(ctx, c.own, target, 26, true); !errors.Is(err, portal.ErrConflict) {
			t.Errorf("26 weeks from job started: %v, want conflict", err)
		}
		if err := st.RecordInWork(ctx, c.own, target, 13, false); err != nil {
			t.Fatal(err)
		}
		if _, err := st.AnswerInWork(ctx, link, true); !errors.Is(err, store.ErrLinkUsed) {
			t.Errorf("the resident's link after the recruiter answered: %v, want used", err)
		}
		if err := st.RecordInWork(ctx, c.coordinator, target, 13, true); err != nil {
			t.Fatal(err)
		}
		if got := statusOf(t, db, app.ID); got.Status != portal.StatusInWork13 || got.Version != app.Version+1 {
			t.Errorf("after yes: %s v%d", got.Status, got.Version)
		}
		var row store.InWorkCheck
		db.Where("application_id = ? AND week = 13", app.ID).Take(&row)
		if row.Answer != "yes" || row.Actor != portal.ActorCoordinator {
			t.Errorf("answer kept = %+v", row)
		}
	})
}
