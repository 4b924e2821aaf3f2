package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/i18n"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
	"anchorpathways/internal/web/webtest"
)

var slotValue = regexp.MustCompile(`name="slot" type="radio" value="([^"]+)"`)

// wantWords wants the message id, in l, somewhere in the body.
func wantWords(t *testing.T, body string, l i18n.Language, ids ...string) {
	t.Helper()
	loc := i18n.Words().Locale(l.Code)
	for _, id := range ids {
		if want := loc.T(id); !strings.Contains(html.UnescapeString(body), want) {
			t.Errorf("%s: page lacks %s (%q):\n%s", l.Code, id, want, webtest.Snippet(body))
		}
	}
}

// TestSustainPagesInEachLanguage walks the interview booking and the
// in-work question, by their texted links, in each language: each page,
// its validation message, its confirmation and its used-link page.
func TestSustainPagesInEachLanguage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewBareApp(t, db)
		ctx := context.Background()
		b := storetest.Pathway(t, app.Store)
		by := store.Actor{Staff: storetest.Staff(t, app.Store, portal.RoleRecruiter, b.Employer).User.Staff()}
		owed, working := map[string]store.Application{}, map[string]store.Application{}
		for _, l := range i18n.Languages {
			owed[l.Code] = storetest.AtStatus(t, app.Store, b, portal.StatusCourseCompleted)
			working[l.Code] = storetest.AtStatus(t, app.Store, b, portal.StatusJobStarted, time.Now().AddDate(0, 0, -13*7))
		}
		day := time.Now().UTC().AddDate(0, 0, 3).Truncate(24 * time.Hour)
		for i := range i18n.Languages {
			at := day.Add(time.Duration(9+i) * time.Hour)
			if _, err := app.Store.PublishInterviewSlot(ctx, by, b.ID, store.InterviewSlotInput{StartsAt: at, Place: "Learning Centre"}, store.Messages{}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := app.Store.InviteToInterview(ctx, store.Messages{}); err != nil {
			t.Fatal(err)
		}
		if _, err := app.Store.CheckInWork(ctx, store.Messages{}); err != nil {
			t.Fatal(err)
		}
		secret := func(a store.Application) string {
			var m store.OutboxMessage
			if err := app.DB.Where("recipient = ? AND secret IS NOT NULL", *a.ContactMobile).Order("created_at DESC").Take(&m).Error; err != nil {
				t.Fatal(err)
			}
			return *m.Secret
		}
		for _, l := range i18n.Languages {
			t.Run(l.Code, func(t *testing.T) {
				c, q := app.Client(t), "?lang="+l.Code
				path := "/interviews/" + secret(owed[l.Code])
				page := c.Get(path + q)
				inLanguage(t, page, l, "sustain_choose_time", "sustain_book_this")
				bad := c.Post(path+q, url.Values{})
				webtest.WantStatus(t, bad, http.StatusUnprocessableEntity)
				wantWords(t, bad.Body.String(), l, "v_sustain_slot")
				m := slotValue.FindStringSubmatch(page.Body.String())
				if m == nil {
					t.Fatalf("no free time on the page:\n%s", webtest.Snippet(page.Body.String()))
				}
				done := follow(t, c, c.Post(path+q, url.Values{"slot": {m[1]}}), l.Code)
				inLanguage(t, done, l, "thank_you", "sustain_see_progress", "check_your_application")
				used := c.Get(path + q)
				webtest.WantStatus(t, used, http.StatusGone)
				wantWords(t, used.Body.String(), l, "link_already_used", "sustain_link_used")

				work := "/in-work/" + secret(working[l.Code])
				inLanguage(t, c.Get(work+q), l, "sustain_yes_still", "sustain_no_stopped")
				bad = c.Post(work+q, url.Values{})
				webtest.WantStatus(t, bad, http.StatusUnprocessableEntity)
				wantWords(t, bad.Body.String(), l, "v_sustain_answer")
				answered := follow(t, c, c.Post(work+q, url.Values{"answer": {"yes"}}), l.Code)
				inLanguage(t, answered, l, "thank_you", "sustain_flash_yes", "sustain_flash_again_26")
			})
		}
	})
}

// TestReferralPagesInEachLanguage: the referral take-up page, its
// validation, its way into the apply journey and its used-link page, in
// each language.
func TestReferralPagesInEachLanguage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewBareApp(t, db)
		ctx := context.Background()
		provider := storetest.Organisation(t, app.Store, portal.KindHousingProvider)
		b := storetest.Pathway(t, app.Store, storetest.PartneredWith(provider))
		officer := storetest.Staff(t, app.Store, portal.RoleHousingOfficer, provider).User.Staff()
		for _, l := range i18n.Languages {
			t.Run(l.Code, func(t *testing.T) {
				contact := storetest.Contact()
				if _, err := app.Store.ReferTenant(ctx, officer, store.Referring{Contact: contact, Postcode: b.Postcode(), PathwayID: b.ID,
					ConsentMethod: "in_writing", ConsentOn: time.Now()}, store.Messages{}); err != nil {
					t.Fatal(err)
				}
				m, err := app.Store.LatestOutboxTo(ctx, contact.Mobile)
				if err != nil || m.Secret == nil {
					t.Fatalf("no referral link: %v", err)
				}
				c, link, q := app.Client(t), "/referral/"+*m.Secret, "?lang="+l.Code
				inLanguage(t, c.Get(link+q), l, "your_application", "referral_filled_in", "referral_change_before", "housing_provider", "referral_share_hint")
				bad := c.Post(link+q, url.Values{})
				webtest.WantStatus(t, bad, http.StatusUnprocessableEntity)
				wantWords(t, bad.Body.String(), l, "v_over18", "v_referral_share")
				next := follow(t, c, c.Post(link+q, url.Values{"over18": {"yes"}, "right_to_work": {"yes"}, "share_progress": {"no"}}), l.Code)
				webtest.WantStatus(t, next, http.StatusOK)
				used := c.Get(link + q)
				webtest.WantStatus(t, used, http.StatusConflict)
				wantWords(t, used.Body.String(), l, "link_already_used", "referral_used_before", "referral_used_after")
			})
		}
	})
}

// TestStatusReasonInEachLanguage: the reason an application went no
// further, on /status, is in the resident's language, and so is the text
// telling them.
func TestStatusReasonInEachLanguage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewBareApp(t, db)
		ctx := context.Background()
		b := storetest.Pathway(t, app.Store)
		recruiter := storetest.Staff(t, app.Store, portal.RoleRecruiter, b.Employer).User.Staff()
		for _, l := range i18n.Languages {
			t.Run(l.Code, func(t *testing.T) {
				q, s, contact := "?lang="+l.Code, app.Client(t), storetest.Contact()
				sub := storetest.SubmittedApplication(t, app.Store, b, contact)
				s.Get("/status" + q)
				follow(t, s, s.Post("/status"+q, url.Values{"contact": {contact.Mobile}}), l.Code)
				follow(t, s, s.Post("/status/code"+q, url.Values{"code": {latestCode(t, app, contact.Mobile)}}), l.Code)
				if _, err := app.Store.NotProgressApplication(ctx, recruiter, store.Target{ID: sub.ID, Version: sub.Version}, "places_filled", store.Messages{}); err != nil {
					t.Fatal(err)
				}
				inLanguage(t, s.Get("/status/applications"+q), l, "reason_places_filled", "reason_places_filled_next")
				msg, err := app.Store.LatestOutboxTo(ctx, contact.Mobile)
				if err != nil {
					t.Fatal(err)
				}
				if want := i18n.Words().Locale(l.Code).T("msg_not_progressed_subject", "Ref", sub.Ref(), "Name", b.Name); msg.Subject != want {
					t.Errorf("%s: message subject %q, want %q", l.Code, msg.Subject, want)
				}
			})
		}
	})
}

// TestYourDataInEachLanguage: the your-data page and asking for erasure,
// signed in at /status, in each language.
func TestYourDataInEachLanguage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewBareApp(t, db)
		b := storetest.Pathway(t, app.Store)
		for _, l := range i18n.Languages {
			t.Run(l.Code, func(t *testing.T) {
				q, s, contact := "?lang="+l.Code, app.Client(t), storetest.Contact()
				storetest.SubmittedApplication(t, app.Store, b, contact)
				s.Get("/status" + q)
				follow(t, s, s.Post("/status"+q, url.Values{"contact": {contact.Mobile}}), l.Code)
				follow(t, s, s.Post("/status/code"+q, url.Values{"code": {latestCode(t, app, contact.Mobile)}}), l.Code)
				inLanguage(t, s.Get("/status/your-data"+q), l, "yd_title", "yd_lead", "yd_erase_heading", "yd_erase_lead")
				inLanguage(t, follow(t, s, s.Post("/status/your-data/erase"+q, nil), l.Code), l, "success", "yd_flash", "yd_requested")
			})
		}
	})
}

// TestOfferPagesInEachLanguage: a resident who chose a language gets the
// offer text in it, with a link that opens the offer page in it; the page,
// its validation, its result and its used-link page are all in it, and so
// is the confirmation text.
func TestOfferPagesInEachLanguage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewBareApp(t, db)
		ctx := context.Background()
		b := storetest.Pathway(t, app.Store, storetest.Places(len(i18n.Languages)))
		for _, l := range i18n.Languages {
			t.Run(l.Code, func(t *testing.T) {
				contact := storetest.Contact()
				shortlisted := storetest.Shortlisted(t, app.Store, b, contact)
				if err := app.Store.SetPreferredLanguage(ctx, contact.Mobile, l.Code); err != nil {
					t.Fatal(err)
				}
				offered, err := app.Store.OfferPlace(ctx, storetest.Coordinator(), store.Target{ID: shortlisted.ID, Version: shortlisted.Version}, b.Cohort.ID, store.Messages{})
				if err != nil {
					t.Fatal(err)
				}
				text, err := app.Store.LatestOutboxTo(ctx, contact.Mobile)
				if err != nil {
					t.Fatal(err)
				}
				token := storetest.OfferToken(t, app.Store, offered)
				link := "/offers/" + token
				if l.Code != i18n.Default {
					link += "?lang=" + l.Code
				}
				if !strings.Contains(text.Body, link) {
					t.Fatalf("the offer text does not carry %s:\n%s", link, text.Body)
				}
				c, q := app.Client(t), "?lang="+l.Code
				path := "/offers/" + token
				inLanguage(t, c.Get(path+q), l, "offer_heading", "reply_by", "offer_first_come", "offer_question", "offer_yes", "offer_no", "send_answer")
				bad := c.Post(path+q, url.Values{})
				webtest.WantStatus(t, bad, http.StatusUnprocessableEntity)
				wantWords(t, bad.Body.String(), l, "v_offer_answer", "offer_title")
				done := follow(t, c, c.Post(path+q, url.Values{"answer": {"accept"}}), l.Code)
				inLanguage(t, done, l, "offer_accepted_title", "offer_accepted_body", "offer_check_progress")
				confirm, err := app.Store.LatestOutboxTo(ctx, contact.Mobile)
				if err != nil {
					t.Fatal(err)
				}
				if _, want := (store.Messages{BaseURL: "http://portal.test"}).In(l.Code).PlaceAccepted(b.Name, b.Cohort); confirm.Body != want {
					t.Errorf("the confirmation is not in %s: %q", l.Code, confirm.Body)
				}
				used := c.Get(path + q)
				webtest.WantStatus(t, used, http.StatusGone)
				wantWords(t, used.Body.String(), l, "link_already_used", "offer_link_used", "offer_see_answer")
			})
		}
	})
}
