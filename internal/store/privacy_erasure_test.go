package store_test

import (
	"context"
	"errors"
	"testing"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
)

func TestErasure(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		st := store.New(db)
		ctx := context.Background()
		coordinator := portal.Staff{ID: "c", Role: portal.RoleCoordinator}
		actor := store.Actor{Staff: coordinator}
		b, other := storetest.Pathway(t, st), storetest.Pathway(t, st)
		me := storetest.Contact()
		ended := storetest.SubmittedApplication(t, st, b, me)
		storetest.History(t, st, ended, storetest.Outcome{}, storetest.Step{To: portal.StatusWithdrawn, At: st.Now()})
		draft := storetest.Draft(t, st, other, me)
		period := store.ReportFilter{From: st.Now().AddDate(0, 0, -1), To: st.Now().AddDate(0, 0, 1)}
		before, err := st.ImpactReport(ctx, coordinator, period)
		if err != nil {
			t.Fatal(err)
		}

		if err := st.RequestErasure(ctx, me.Mobile); err != nil {
			t.Fatal(err)
		}
		if err := st.RequestErasure(ctx, me.Mobile); err != nil {
			t.Fatalf("asking twice: %v", err)
		}
		list, err := st.ListErasureRequests(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 1 || list[0].Applications != 2 || list[0].UnderWay != 0 {
			t.Fatalf("requests %+v; want one, with 2 applications, none under way", list)
		}
		if err := st.CarryOutErasure(ctx, actor, list[0].ID, list[0].Version, store.Messages{}); err != nil {
			t.Fatal(err)
		}
		assertAnonymised(t, db, ended)
		if n := count(t, db, `SELECT COUNT(*) FROM applications WHERE id = ?`, draft.ID); n != 0 {
			t.Error("the draft survived erasure")
		}
		if n := count(t, db, `SELECT COUNT(*) FROM outbox WHERE recipient = ?`, me.Mobile); n != 1 {
			t.Errorf("messages to the resident after erasure = %d, want only the one telling them", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM outbox WHERE recipient = ? AND subject = 'We have erased your Anchor Pathways data'`, me.Mobile); n != 1 {
			t.Error("the resident was not told")
		}
		if n := count(t, db, `SELECT COUNT(*) FROM erasure_requests WHERE contact <> ''`); n != 0 {
			t.Error("the request still holds the contact")
		}
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE action = ? AND after_state LIKE '%"applications_anonymised":1%'`, store.AuditErasure); n != 1 {
			t.Error("the erasure was not audited with its counts")
		}
		after, err := st.ImpactReport(ctx, coordinator, period)
		if err != nil {
			t.Fatal(err)
		}
		if after.Totals != before.Totals {
			t.Errorf("report changed by erasure: %+v, was %+v", after.Totals, before.Totals)
		}
		if err := st.CarryOutErasure(ctx, actor, list[0].ID, list[0].Version, store.Messages{}); !errors.Is(err, portal.ErrConflict) {
			t.Errorf("carrying out twice: %v, want a conflict", err)
		}

		// An application under way blocks erasure; the coordinator records
		// why not and the resident is told the reason.
		busy := storetest.Contact()
		storetest.SubmittedApplication(t, st, b, busy)
		if err := st.RequestErasure(ctx, busy.Mobile); err != nil {
			t.Fatal(err)
		}
		list, _ = st.ListErasureRequests(ctx)
		waiting := list[0]
		if waiting.UnderWay != 1 {
			t.Fatalf("request %+v; want one under way", waiting)
		}
		if err := st.CarryOutErasure(ctx, actor, waiting.ID, waiting.Version, store.Messages{}); !errors.Is(err, store.ErrErasureBlocked) {
			t.Fatalf("erasing under way: %v, want ErrErasureBlocked", err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM residents WHERE mobile = ?`, busy.Mobile); n != 1 {
			t.Error("a blocked erasure changed something")
		}
		if err := st.RefuseErasure(ctx, actor, waiting.ID, waiting.Version, "Your place on the course is being offered.", store.Messages{}); err != nil {
			t.Fatal(err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM outbox WHERE recipient = ? AND body LIKE '%being offered%'`, busy.Mobile); n != 1 {
			t.Error("the resident was not told why not")
		}

		// In work at 26 weeks is open but has nothing left to do: it does
		// not block erasure.
		kept := storetest.Contact()
		done := storetest.SubmittedApplication(t, st, b, kept)
		// The test sets the status directly: how it got there is not the point.
		if err := db.Exec(`UPDATE applications SET status = ? WHERE id = ?`, portal.StatusInWork26, done.ID).Error; err != nil {
			t.Fatal(err)
		}
		if err := st.RequestErasure(ctx, kept.Mobile); err != nil {
			t.Fatal(err)
		}
		list, _ = st.ListErasureRequests(ctx)
		if list[0].UnderWay != 0 {
			t.Fatalf("request %+v; want none under way", list[0])
		}
		if err := st.CarryOutErasure(ctx, actor, list[0].ID, list[0].Version, store.Messages{}); err != nil {
			t.Fatalf("erasing after 26 weeks in work: %v", err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM applications WHERE contact_mobile = ?`, kept.Mobile); n != 0 {
			t.Error("the application still holds the mobile")
		}
	})
}
