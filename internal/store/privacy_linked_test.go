package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
)

// trail is a resident who went the whole way through the real use cases,
// so that every table about a resident holds a row about them: a housing
// officer's referral, a recruiter's note, a booked interview, a job offer
// and an in-work answer.
type trail struct {
	app     store.Application
	contact string
	slotID  string
	b       storetest.Built
	officer portal.Staff
}

const (
	trailTenancy = "TENANCY-REF-77"
	trailOfficer = "Officer says keen on nights"
	trailNote    = "Recruiter note: strong interview"
	trailRole    = "Ward porter trail"
)

func newTrail(t *testing.T, st *store.Store) trail {
	t.Helper()
	ctx := context.Background()
	now := st.Now()
	provider := storetest.Organisation(t, st, portal.KindHousingProvider)
	b := storetest.Pathway(t, st, storetest.PartneredWith(provider))
	officer := storetest.Staff(t, st, portal.RoleHousingOfficer, provider).User.Staff()
	coordinator := storetest.Staff(t, st, portal.RoleCoordinator, store.Organisation{}).User.Staff()
	by := store.Actor{Staff: coordinator}
	app := storetest.AtStatus(t, st, b, portal.StatusCourseCompleted)
	tr := trail{app: app, contact: *app.ContactMobile, b: b, officer: officer}

	out, err := st.ReferTenant(ctx, officer, store.Referring{
		Contact:  store.Contact{FullName: app.FullName, Mobile: tr.contact, Channel: store.ChannelSMS},
		Postcode: b.Postcode(), PathwayID: b.ID, TenancyReference: trailTenancy,
		ConsentMethod: "in_person", ConsentOn: now, OfficerNote: trailOfficer,
	}, store.Messages{})
	if err != nil || !out.AlreadyApplied {
		t.Fatalf("ReferTenant = %+v, %v; want the referral linked to the application", out, err)
	}
	if err := st.AddRecruiterNote(ctx, coordinator, app.ID, trailNote); err != nil {
		t.Fatalf("AddRecruiterNote: %v", err)
	}
	slot := storetest.InterviewSlot(t, st, b)
	tr.slotID = slot.ID
	if _, err := st.InviteToInterview(ctx, store.Messages{}); err != nil {
		t.Fatalf("InviteToInterview: %v", err)
	}
	var secrets []string
	if err := st.DB().Table("outbox").Where("recipient = ? AND subject LIKE ? AND secret IS NOT NULL", tr.contact, "%Book your%").
		Pluck("secret", &secrets).Error; err != nil || len(secrets) == 0 {
		t.Fatalf("no interview invitation: %v", err)
	}
	if _, err := st.BookInterview(ctx, secrets[0], slot.ID, store.Messages{}); err != nil {
		t.Fatalf("BookInterview: %v", err)
	}
	target := func() store.Target {
		var a store.Application
		if err := st.DB().Where("id = ?", app.ID).Take(&a).Error; err != nil {
			t.Fatal(err)
		}
		return store.Target{ID: a.ID, Version: a.Version}
	}
	if err := st.RecordInterviewOutcome(ctx, by, target(), store.InterviewOutcome{Offered: true, Kind: portal.JobSubstantive,
		RoleTitle: trailRole, HoursPerWeek: 30, StartsOn: now.AddDate(0, 0, -100)}, store.Messages{}); err != nil {
		t.Fatalf("RecordInterviewOutcome: %v", err)
	}
	if err := st.RecordJobStarted(ctx, by, target(), now.AddDate(0, 0, -100), store.Messages{}); err != nil {
		t.Fatalf("RecordJobStarted: %v", err)
	}
	if err := st.RecordInWork(ctx, by, target(), 13, true); err != nil {
		t.Fatalf("RecordInWork: %v", err)
	}
	if err := st.DB().Where("id = ?", app.ID).Take(&tr.app).Error; err != nil {
		t.Fatal(err)
	}
	return tr
}

// end withdraws the trail's application now (after its job started), so
// it can be erased and becomes due for retention 12 months on.
func (tr trail) end(t *testing.T, st *store.Store) {
	t.Helper()
	storetest.History(t, st, tr.app, storetest.Outcome{}, storetest.Step{To: portal.StatusWithdrawn, At: st.Now()})
}

// assertLinkedErased checks each personal column of the tables about the
// application holds its erased value (or its row is gone), as classified,
// and that the interview slot is still there, free again.
func assertLinkedErased(t *testing.T, db *gorm.DB, tr trail) {
	t.Helper()
	classes, err := store.PersonalDataClassification()
	if err != nil {
		t.Fatal(err)
	}
	linked := []string{"recruiter_notes", "job_offers", "in_work_checks", "interview_slots", "referrals"}
	checked := 0
	for _, c := range classes {
		if !c.Personal || !slices.Contains(linked, c.Table) || c.Handling == "staff" {
			continue
		}
		checked++
		if c.Handling == "delete-row" {
			if n := count(t, db, `SELECT COUNT(*) FROM `+c.Table+` WHERE application_id = ?`, tr.app.ID); n != 0 {
				t.Errorf("%s: %d rows left about the application", c.Table, n)
			}
			continue
		}
		v, _ := c.SetsTo()
		q, args := `SELECT COUNT(*) FROM `+c.Table+` WHERE `, []any{}
		switch c.Table {
		case "interview_slots":
			q += `id = ?`
			args = append(args, tr.slotID)
		default:
			q += `officer_id = ?`
			args = append(args, tr.officer.ID)
		}
		if v == nil {
			q += ` AND ` + c.Column + ` IS NOT NULL`
		} else {
			q += ` AND ` + c.Column + ` <> ?`
			args = append(args, v)
		}
		if n := count(t, db, q, args...); n != 0 {
			t.Errorf("%s.%s not erased (%d rows)", c.Table, c.Column, n)
		}
	}
	if checked < 12 {
		t.Errorf("checked only %d linked columns", checked)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM interview_slots WHERE id = ? AND application_id IS NULL`, tr.slotID); n != 1 {
		t.Error("the interview slot is gone or still booked")
	}
	if n := count(t, db, `SELECT COUNT(*) FROM referrals WHERE officer_id = ?`, tr.officer.ID); n == 0 {
		t.Error("the referral row went: the officer's counts need it")
	}
}

func TestDownloadHoldsLinkedTables(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		st := store.New(db)
		tr := newTrail(t, st)
		other := newTrail(t, st)
		got, err := st.ResidentDataFor(context.Background(), tr.contact)
		if err != nil {
			t.Fatal(err)
		}
		var text strings.Builder
		for _, dt := range got {
			if slices.Contains([]string{"referrals", "recruiter_notes", "interview_slots", "job_offers", "in_work_checks"}, dt.Table) && len(dt.Rows) != 1 {
				t.Errorf("%s: %d rows, want the resident's one", dt.Table, len(dt.Rows))
			}
			for _, r := range dt.Rows {
				text.WriteString(strings.Join(r, "|") + "\n")
			}
		}
		for _, want := range []string{trailTenancy, trailOfficer, trailNote, trailRole, tr.slotID} {
			if !strings.Contains(text.String(), want) {
				t.Errorf("download lacks %q", want)
			}
		}
		if strings.Contains(text.String(), other.slotID) || strings.Contains(text.String(), other.contact) {
			t.Error("download holds another resident's rows")
		}
	})
}

func TestErasureEmptiesLinkedTables(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		st := store.New(db)
		ctx := context.Background()
		tr := newTrail(t, st)
		tr.end(t, st)
		if err := st.RequestErasure(ctx, tr.contact); err != nil {
			t.Fatal(err)
		}
		list, err := st.ListErasureRequests(ctx)
		if err != nil || len(list) != 1 {
			t.Fatalf("requests %+v, %v", list, err)
		}
		actor := store.Actor{Staff: portal.Staff{ID: "c", Role: portal.RoleCoordinator}}
		if err := st.CarryOutErasure(ctx, actor, list[0].ID, list[0].Version, store.Messages{}); err != nil {
			t.Fatal(err)
		}
		assertAnonymised(t, db, tr.app)
		assertLinkedErased(t, db, tr)
		if n := count(t, db, `SELECT COUNT(*) FROM referrals WHERE officer_id = ? AND (reminded_at IS NULL OR resent_at IS NULL)`, tr.officer.ID); n != 0 {
			t.Error("an erased referral could still be reminded or resent")
		}
	})
}

func TestRetentionEmptiesLinkedTables(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		st := store.New(db)
		ctx := context.Background()
		tr := newTrail(t, st)
		tr.end(t, st)
		// A referral never taken up goes six months on too.
		stranger := storetest.Contact()
		untaken, err := st.ReferTenant(ctx, tr.officer, store.Referring{Contact: stranger, Postcode: tr.b.Postcode(), PathwayID: tr.b.ID,
			TenancyReference: "T-2", ConsentMethod: "by_phone", ConsentOn: st.Now(), OfficerNote: "untaken"}, store.Messages{})
		if err != nil {
			t.Fatal(err)
		}
		soon, err := st.WithClock(func() time.Time { return time.Now().AddDate(0, 5, 0) }).RunRetention(ctx)
		if err != nil || soon.EndedAnonymised != 0 || soon.ReferralsErased != 0 {
			t.Fatalf("five months on: %+v, %v; want nothing due", soon, err)
		}
		// The trail led to a job: it is kept 12 months after it ended.
		r, err := st.WithClock(func() time.Time { return time.Now().AddDate(0, 13, 0) }).RunRetention(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if r.SuccessfulAnonymised != 1 || r.ReferralsErased != 1 {
			t.Errorf("13 months on: %+v; want the application that led to a job and the untaken referral", r)
		}
		assertAnonymised(t, db, tr.app)
		assertLinkedErased(t, db, tr)
		if n := count(t, db, `SELECT COUNT(*) FROM referrals WHERE id = ? AND full_name = '' AND tenancy_reference = ''`, untaken.ID); n != 1 {
			t.Error("the untaken referral kept its personal data")
		}
	})
}
