package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
)

// secretsTo returns the tokens of the messages to app's resident whose
// subject contains about, oldest first.
func secretsTo(t *testing.T, db *gorm.DB, app store.Application, about string) []string {
	t.Helper()
	var msgs []store.OutboxMessage
	if err := db.Where("recipient = ? AND subject LIKE ? AND secret IS NOT NULL", *app.ContactMobile, "%"+about+"%").
		Order("created_at, id").Find(&msgs).Error; err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(msgs))
	for i, m := range msgs {
		out[i] = *m.Secret
	}
	return out
}

// oneSecret is the single token of such a message.
func oneSecret(t *testing.T, db *gorm.DB, app store.Application, about string) string {
	t.Helper()
	s := secretsTo(t, db, app, about)
	if len(s) != 1 {
		t.Fatalf("messages %q to the resident = %d, want 1", about, len(s))
	}
	return s[0]
}

func statusOf(t *testing.T, db *gorm.DB, id string) store.Application {
	t.Helper()
	var a store.Application
	if err := db.Where("id = ?", id).Take(&a).Error; err != nil {
		t.Fatal(err)
	}
	return a
}

// crew is a pathway with the staff around it.
type crew struct {
	b                                   storetest.Built
	own, coordinator, stranger, officer store.Actor
}

func newCrew(t *testing.T, st *store.Store, opts ...storetest.PathwayOption) crew {
	b := storetest.Pathway(t, st, opts...)
	other := storetest.Organisation(t, st, portal.KindEmployer)
	as := func(m storetest.StaffMember) store.Actor { return store.Actor{Staff: m.User.Staff()} }
	return crew{b: b,
		own:         as(storetest.Staff(t, st, portal.RoleRecruiter, b.Employer)),
		coordinator: as(storetest.Staff(t, st, portal.RoleCoordinator, store.Organisation{})),
		stranger:    as(storetest.Staff(t, st, portal.RoleRecruiter, other)),
		officer:     as(storetest.Staff(t, st, portal.RoleHousingOfficer, b.Providers[0])),
	}
}

// TestInterviewSlotsInviteOnce: only the employer's recruiters and the
// coordinator publish slots; publishing invites everyone owed an interview
// once, and the scheduled invitation finds nobody new.
func TestInterviewSlotsInviteOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		st := store.New(db)
		ctx := context.Background()
		c := newCrew(t, st)
		owed := storetest.AtStatus(t, st, c.b, portal.StatusCourseCompleted)
		notYet := storetest.AtStatus(t, st, c.b, portal.StatusCourseStarted)
		in := store.InterviewSlotInput{StartsAt: st.Now().Add(72 * time.Hour), Place: "Room 2, Heartlands Hospital"}
		for _, who := range []store.Actor{c.stranger, c.officer} {
			if _, err := st.PublishInterviewSlot(ctx, who, c.b.ID, in, store.Messages{}); !errors.Is(err, portal.ErrNotFound) {
				t.Errorf("%s publishes: err = %v, want not found", who.Staff.Role, err)
			}
		}
		var verr *portal.ValidationError
		if _, err := st.PublishInterviewSlot(ctx, c.own, c.b.ID, store.InterviewSlotInput{StartsAt: st.Now().Add(-time.Hour)}, store.Messages{}); !errors.As(err, &verr) ||
			!verr.Has("starts_at") || !verr.Has("place") {
			t.Errorf("past slot with no place: err = %v, want both fields refused", err)
		}
		n, err := st.PublishInterviewSlot(ctx, c.own, c.b.ID, in, store.Messages{})
		if err != nil || n != 1 {
			t.Fatalf("publish = %d, %v; want 1 invited", n, err)
		}
		if n, err := st.PublishInterviewSlot(ctx, c.coordinator, c.b.ID, in, store.Messages{}); err != nil || n != 0 {
			t.Errorf("second slot = %d, %v; want nobody invited twice", n, err)
		}
		if n, err := st.InviteToInterview(ctx, store.Messages{}); err != nil || n != 0 {
			t.Errorf("InviteToInterview = %d, %v; want 0", n, err)
		}
		oneSecret(t, db, owed, "Book your guaranteed interview")
		if got := secretsTo(t, db, notYet, "Book your"); len(got) != 0 {
			t.Error("someone still on the course was invited")
		}
		list, err := st.InterviewSlots(ctx, c.own.Staff, c.b.ID)
		if err != nil || len(list.Slots) != 2 {
			t.Fatalf("InterviewSlots = %d, %v; want 2", len(list.Slots), err)
		}
		if _, err := st.InterviewSlots(ctx, c.stranger.Staff, c.b.ID); !errors.Is(err, portal.ErrNotFound) {
			t.Errorf("another employer lists slots: %v", err)
		}
		if _, err := st.RemoveInterviewSlot(ctx, c.stranger, list.Slots[0].ID); !errors.Is(err, portal.ErrNotFound) {
			t.Errorf("another employer removes a slot: %v", err)
		}
		if _, err := st.RemoveInterviewSlot(ctx, c.own, list.Slots[0].ID); err != nil {
			t.Errorf("remove a free slot: %v", err)
		}
	})
}

// TestBookInterviewByLink: the invitation books once and moves the
// application to interview as the resident; the fresh link moves the time
// once; used, tampered and expired links change nothing.
func TestBookInterviewByLink(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
		st := store.New(db).WithClock(func() time.Time { return now })
		ctx := context.Background()
		c := newCrew(t, st)
		app := storetest.AtStatus(t, st, c.b, portal.StatusCourseCompleted)
		var slots []string
		for i := 1; i <= 2; i++ {
			if _, err := st.PublishInterviewSlot(ctx, c.own, c.b.ID, store.InterviewSlotInput{StartsAt: now.Add(time.Duration(i) * 48 * time.Hour), Place: "Room 2"}, store.Messages{}); err != nil {
				t.Fatal(err)
			}
		}
		list, _ := st.InterviewSlots(ctx, c.own.Staff, c.b.ID)
		for _, s := range list.Slots {
			slots = append(slots, s.ID)
		}
		invite := oneSecret(t, db, app, "Book your")
		for name, tok := range map[string]string{"tampered": invite + "x", "empty": ""} {
			if _, err := st.BookInterview(ctx, tok, slots[0], store.Messages{}); !errors.Is(err, store.ErrLinkUnknown) {
				t.Errorf("%s link: %v, want unknown", name, err)
			}
		}
		b, err := st.InterviewBookingFor(ctx, invite)
		if err != nil || b.Moving() || len(b.Free) != 2 {
			t.Fatalf("booking page = %+v, %v; want two free times", b, err)
		}
		if _, err := st.BookInterview(ctx, invite, slots[0], store.Messages{}); err != nil {
			t.Fatal(err)
		}
		got := statusOf(t, db, app.ID)
		if got.Status != portal.StatusInterview || got.Version != app.Version+1 {
			t.Errorf("after booking: %s v%d, want interview v%d", got.Status, got.Version, app.Version+1)
		}
		var ev store.ApplicationEvent
		db.Where("application_id = ? AND to_status = ?", app.ID, portal.StatusInterview).Take(&ev)
		if ev.Actor != portal.ActorResident {
			t.Errorf("booking event actor = %q, want resident", ev.Actor)
		}
		if _, err := st.BookInterview(ctx, invite, slots[1], store.Messages{}); !errors.Is(err, store.ErrLinkUsed) {
			t.Errorf("invitation used twice: %v, want used", err)
		}
		move := oneSecret(t, db, app, "Your interview for")
		b, err = st.InterviewBookingFor(ctx, move)
		if err != nil || !b.Moving() || b.Booked.ID != slots[0] || len(b.Free) != 1 {
			t.Fatalf("move page = %+v, %v", b, err)
		}
		if _, err := st.BookInterview(ctx, move, slots[1], store.Messages{}); err != nil {
			t.Fatal(err)
		}
		if _, err := st.BookInterview(ctx, move, slots[0], store.Messages{}); !errors.Is(err, store.ErrLinkUsed) {
			t.Errorf("moved twice: %v, want used", err)
		}
		after, _ := st.InterviewSlots(ctx, c.own.Staff, c.b.ID)
		if after.Slots[0].Booked() || !after.Slots[1].Booked() || after.Slots[1].BookedRef != app.Ref() {
			t.Errorf("slots after the move = %+v, want only the second booked, by reference", after.Slots)
		}
		if _, err := st.RemoveInterviewSlot(ctx, c.own, slots[1]); !errors.Is(err, portal.ErrConflict) {
			t.Errorf("remove a booked slot: %v, want conflict", err)
		}
		if got := statusOf(t, db, app.ID); got.Status != portal.StatusInterview || got.Version != app.Version+1 {
			t.Errorf("a move of time changed the application: %s v%d", got.Status, got.Version)
		}

		late := storetest.AtStatus(t, st, c.b, portal.StatusCourseCompleted)
		if _, err := st.PublishInterviewSlot(ctx, c.own, c.b.ID, store.InterviewSlotInput{StartsAt: now.Add(40 * 24 * time.Hour), Place: "Room 3"}, store.Messages{}); err != nil {
			t.Fatal(err)
		}
		lateLink := oneSecret(t, db, late, "Book your")
		now = now.Add(15 * 24 * time.Hour)
		if _, err := st.InterviewBookingFor(ctx, lateLink); !errors.Is(err, store.ErrLinkExpired) {
			t.Errorf("expired link: %v, want expired", err)
		}
		if got := statusOf(t, db, late.ID); got.Status != portal.StatusCourseCompleted {
			t.Errorf("expired link changed the status to %s", got.Status)
		}
		// A link that ran out unused is followed by a new one, up to three in all.
		for round, want := range []int{1, 0, 1, 0} {
			if n, err := st.InviteToInterview(ctx, store.Messages{}); err != nil || n != want {
				t.Errorf("round %d: invited %d, %v; want %d", round, n, err, want)
			}
			if round%2 == 1 {
				now = now.Add(15 * 24 * time.Hour)
			}
		}
		if got := len(secretsTo(t, db, late, "Book your")); got != 3 {
			t.Errorf("invitations to the late resident = %d, want 3", got)
		}
		if n, err := st.InviteToInterview(ctx, store.Messages{}); err != nil || n != 0 {
			t.Errorf("a fourth invitation: %d, %v", n, err)
		}
	})
}

// TestWithdrawnHolderFreesTheSlot: a resident who withdraws after booking
// gives the time back for others at the next invitation run.
func TestWithdrawnHolderFreesTheSlot(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		st := store.New(db)
		ctx := context.Background()
		c := newCrew(t, st)
		holder := storetest.AtStatus(t, st, c.b, portal.StatusCourseCompleted)
		slot := storetest.InterviewSlot(t, st, c.b)
		if _, err := st.BookInterview(ctx, oneSecret(t, db, holder, "Book your"), slot.ID, store.Messages{}); err != nil {
			t.Fatal(err)
		}
		if err := st.WithdrawApplication(ctx, holder.ID, *holder.ContactMobile, store.Messages{}); err != nil {
			t.Fatal(err)
		}
		next := storetest.AtStatus(t, st, c.b, portal.StatusCourseCompleted)
		if n, err := st.InviteToInterview(ctx, store.Messages{}); err != nil || n != 1 {
			t.Fatalf("InviteToInterview = %d, %v; want the next resident invited", n, err)
		}
		if _, err := st.BookInterview(ctx, oneSecret(t, db, next, "Book your"), slot.ID, store.Messages{}); err != nil {
			t.Errorf("booking the freed time: %v", err)
		}
	})
}
