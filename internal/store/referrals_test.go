package store_test

import (
	"context"
	"errors"
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

// referralWorld is one pathway partnered with a housing provider, and an
// officer of it.
type referralWorld struct {
	s        *store.Store
	clk      *clock
	b        storetest.Built
	provider store.Organisation
	officer  portal.Staff
}

func newReferralWorld(t *testing.T, db *gorm.DB) referralWorld {
	t.Helper()
	clk := newClock()
	s := store.New(db).WithClock(clk.now)
	provider := storetest.Organisation(t, s, portal.KindHousingProvider)
	b := storetest.Pathway(t, s, storetest.PartneredWith(provider))
	officer := storetest.Staff(t, s, portal.RoleHousingOfficer, provider).User.Staff()
	return referralWorld{s: s, clk: clk, b: b, provider: provider, officer: officer}
}

func (w referralWorld) refer(t *testing.T, officer portal.Staff, c store.Contact) store.ReferOutcome {
	t.Helper()
	out, err := w.s.ReferTenant(context.Background(), officer, store.Referring{
		Contact: c, Postcode: w.b.Postcode(), PathwayID: w.b.ID, TenancyReference: "T-1",
		ConsentMethod: "in_person", ConsentOn: w.clk.now(), OfficerNote: "keen",
	}, store.Messages{BaseURL: "http://portal.test"})
	if err != nil {
		t.Fatalf("ReferTenant: %v", err)
	}
	return out
}

// linkTo is the token of the latest referral link sent to contact.
func linkTo(t *testing.T, s *store.Store, contact string) string {
	t.Helper()
	m, err := s.LatestOutboxTo(context.Background(), contact)
	if err != nil || m.Secret == nil {
		t.Fatalf("no link sent to %s: %v", contact, err)
	}
	return *m.Secret
}

func TestReferralTakenUpIntoFilledDraft(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		w := newReferralWorld(t, db)
		ctx := context.Background()
		c := storetest.Contact()
		c.Email = storetest.UniqueEmail("tenant")
		out := w.refer(t, w.officer, c)
		if out.KnownResident || out.AlreadyApplied {
			t.Errorf("new tenant: outcome %+v, want a fresh referral", out)
		}
		token := linkTo(t, w.s, c.Mobile)
		inv, err := w.s.ReferralInviteByToken(ctx, token)
		if err != nil || inv.Contact.FullName != c.FullName || inv.PathwayID != w.b.ID {
			t.Fatalf("invite = %+v, %v", inv, err)
		}
		app, proved, err := w.s.TakeUpReferral(ctx, token, store.TakingUp{PathwayID: w.b.ID, Over18: true, RightToWork: true, ShareProgress: true})
		if err != nil {
			t.Fatal(err)
		}
		if proved != c.Mobile || app.Status != portal.StatusDraft || app.FullName != c.FullName || app.Postcode != w.b.Postcode() ||
			app.Answers.Tenant != w.provider.ID || app.ContactEmail != nil {
			t.Errorf("draft = %+v (proved %q); want the referral's details, the mobile alone", app, proved)
		}
		var src struct {
			ReferralSource string
			ReferralID     *string
			ShareProgress  bool
		}
		db.Table("applications").Select("referral_source, referral_id, share_progress").Where("id = ?", app.ID).Scan(&src)
		if src.ReferralSource != "housing_officer" || src.ReferralID == nil || *src.ReferralID != out.ID || !src.ShareProgress {
			t.Errorf("application source = %+v, want housing_officer, referral %s, sharing", src, out.ID)
		}
		// Spent: a second use and a read both get "used".
		if _, _, err := w.s.TakeUpReferral(ctx, token, store.TakingUp{PathwayID: w.b.ID}); !errors.Is(err, store.ErrLinkUsed) {
			t.Errorf("second use: %v, want ErrLinkUsed", err)
		}
		if _, err := w.s.ReferralInviteByToken(ctx, token); !errors.Is(err, store.ErrLinkUsed) {
			t.Errorf("read after use: %v, want ErrLinkUsed", err)
		}
	})
}

func TestReferralLinkExpires(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		w := newReferralWorld(t, db)
		c := storetest.Contact()
		w.refer(t, w.officer, c)
		token := linkTo(t, w.s, c.Mobile)
		w.clk.add(store.ReferralLinkFor)
		if _, _, err := w.s.TakeUpReferral(context.Background(), token, store.TakingUp{PathwayID: w.b.ID}); !errors.Is(err, store.ErrLinkExpired) {
			t.Errorf("expired link: %v, want ErrLinkExpired", err)
		}
	})
}

func TestReferringAKnownResidentMakesNoDuplicate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		w := newReferralWorld(t, db)
		ctx := context.Background()
		c := storetest.Contact()
		sent := storetest.SubmittedApplication(t, w.s, w.b, c)
		out := w.refer(t, w.officer, c)
		if !out.KnownResident || !out.AlreadyApplied {
			t.Errorf("outcome %+v, want known and already applied", out)
		}
		var residents int64
		db.Table("residents").Where("mobile = ?", c.Mobile).Count(&residents)
		if residents != 1 {
			t.Errorf("residents with the mobile = %d, want 1", residents)
		}
		rows, err := w.s.ListReferrals(ctx, w.officer, store.ReferralFilter{Limit: 10})
		if err != nil || len(rows) != 1 || rows[0].Step != portal.StepApplied {
			t.Fatalf("list = %+v, %v; want the one referral, applied", rows, err)
		}
		var src string
		db.Table("applications").Select("referral_source").Where("id = ?", sent.ID).Scan(&src)
		if src != "self" {
			t.Errorf("a self-application linked later has source %q, want self", src)
		}

		// Known by email only (a draft elsewhere): a link is sent, and
		// taking it up creates no second resident.
		e := store.Contact{FullName: "Em Tenant", Email: storetest.UniqueEmail("em"), Channel: store.ChannelEmail}
		other := storetest.Pathway(t, w.s, storetest.PartneredWith(w.provider))
		storetest.Draft(t, w.s, other, e)
		e.Mobile = storetest.UniqueMobile()
		out = w.refer(t, w.officer, e)
		if !out.KnownResident || out.AlreadyApplied {
			t.Errorf("email match: %+v, want known, not applied to this pathway", out)
		}
		if _, _, err := w.s.TakeUpReferral(ctx, linkTo(t, w.s, e.Email), store.TakingUp{PathwayID: w.b.ID, Over18: true, RightToWork: true}); err != nil {
			t.Fatal(err)
		}
		db.Table("residents").Where("email = ?", e.Email).Count(&residents)
		if residents != 1 {
			t.Errorf("residents with the email = %d, want 1", residents)
		}
	})
}

func TestOfficersSeeOnlyTheirProviderAndConsentedProgress(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		w := newReferralWorld(t, db)
		ctx := context.Background()
		colleague := storetest.Staff(t, w.s, portal.RoleHousingOfficer, w.provider).User.Staff()
		otherOrg := storetest.Organisation(t, w.s, portal.KindHousingProvider)
		stranger := storetest.Staff(t, w.s, portal.RoleHousingOfficer, otherOrg).User.Staff()

		takeUp := func(officer portal.Staff, share bool) string {
			c := storetest.Contact()
			w.refer(t, officer, c)
			app, _, err := w.s.TakeUpReferral(ctx, linkTo(t, w.s, c.Mobile), store.TakingUp{PathwayID: w.b.ID, Over18: true, RightToWork: true, ShareProgress: share})
			if err != nil {
				t.Fatal(err)
			}
			// Sent and shortlisted, as recruitment would move it.
			db.Table("applications").Where("id = ?", app.ID).Updates(map[string]any{"status": portal.StatusShortlisted})
			w.clk.add(time.Minute)
			return app.ID
		}
		takeUp(w.officer, true)
		takeUp(colleague, false)
		notStarted := storetest.Contact()
		w.refer(t, colleague, notStarted)

		rows, err := w.s.ListReferrals(ctx, w.officer, store.ReferralFilter{Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		want := []portal.ReferralStep{portal.StepShortlisted, portal.StepNotStarted, portal.StepApplied}
		if len(rows) != len(want) {
			t.Fatalf("rows = %+v, want %d", rows, len(want))
		}
		for i, r := range rows {
			if r.Step != want[i] {
				t.Errorf("row %d step = %s, want %s", i, r.Step, want[i])
			}
		}
		if !rows[0].Own || rows[1].Own {
			t.Errorf("the officer's own referral comes first: %+v", rows)
		}
		// Filter by step: the withheld one is never "shortlisted".
		got, _ := w.s.ListReferrals(ctx, w.officer, store.ReferralFilter{Step: portal.StepShortlisted, Limit: 10})
		if len(got) != 1 || !got[0].Own {
			t.Errorf("shortlisted filter = %+v, want only the consenting one", got)
		}
		got, _ = w.s.ListReferrals(ctx, w.officer, store.ReferralFilter{Step: portal.StepApplied, Limit: 10})
		if len(got) != 1 || got[0].Own {
			t.Errorf("applied filter = %+v, want only the withholding one", got)
		}
		got, _ = w.s.ListReferrals(ctx, w.officer, store.ReferralFilter{Name: notStarted.FullName[:3], Step: portal.StepNotStarted, Limit: 10})
		if len(got) != 1 {
			t.Errorf("name search = %+v, want the not-started one", got)
		}
		// Keyset paging walks all three, in order, one at a time.
		var after store.ReferralCursor
		for i := range want {
			page, err := w.s.ListReferrals(ctx, w.officer, store.ReferralFilter{After: after, Limit: 1})
			if err != nil || len(page) != 1 || page[0].ID != rows[i].ID {
				t.Fatalf("page %d = %+v, %v; want %s", i, page, err, rows[i].ID)
			}
			after = store.ReferralCursor{Others: !page[0].Own, Time: page[0].CreatedAt, ID: page[0].ID}
		}
		// Another provider's officer sees none of it.
		if got, err := w.s.ListReferrals(ctx, stranger, store.ReferralFilter{Limit: 10}); err != nil || len(got) != 0 {
			t.Errorf("another provider sees %+v, %v", got, err)
		}
		if err := w.s.ResendReferral(ctx, stranger, rows[1].ID, store.Messages{}); !errors.Is(err, portal.ErrNotFound) {
			t.Errorf("another provider resends: %v, want ErrNotFound", err)
		}
	})
}

// An erased referral (here, never taken up and past its six months) shows
// its officer a plain "name removed" rather than a blank, and drops out of
// the weekly digest, which lists only referrals still with a tenant.
func TestErasedReferralSaysSo(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		w := newReferralWorld(t, db)
		ctx := context.Background()
		old := storetest.Contact()
		old.FullName = "Olive Oldreferral"
		w.refer(t, w.officer, old)
		w.clk.add(7 * 31 * 24 * time.Hour)
		if res, err := w.s.RunRetention(ctx); err != nil || res.ReferralsErased != 1 {
			t.Fatalf("retention: %+v, %v; want one referral erased", res, err)
		}
		fresh := storetest.Contact()
		fresh.FullName = "Fran Freshreferral"
		w.refer(t, w.officer, fresh)
		rows, err := w.s.ListReferrals(ctx, w.officer, store.ReferralFilter{Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, r := range rows {
			names = append(names, r.FullName)
		}
		if len(names) != 2 || !slices.Contains(names, store.ErasedTenantName) || !slices.Contains(names, "Fran Freshreferral") {
			t.Errorf("the officer's list names %q, want Fran and %q", names, store.ErasedTenantName)
		}
		if n, err := w.s.SendReferralDigests(ctx, store.Messages{}); err != nil || n != 1 {
			t.Fatalf("digests = %d, %v; want 1", n, err)
		}
		var body string
		db.Table("outbox").Select("body").Where("recipient = ? AND subject = ?", w.officer.Email, "Your referrals this week").Scan(&body)
		if !strings.Contains(body, "- Fran Freshreferral\n") || strings.Contains(body, "- \n") || strings.Contains(body, store.ErasedTenantName) {
			t.Errorf("the digest should list Fran only:\n%s", body)
		}
	})
}
