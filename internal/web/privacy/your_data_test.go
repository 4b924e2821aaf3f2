package privacy_test

import (
	"context"
	"html"
	"net/http"
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

// The your-data page shows what the portal holds as a resident reads it;
// the JSON file keeps the stored values for a program.

// TestYourDataShowsValuesAsRead: the page shows a status, a way of
// contacting, a time and a yes/no answer as the resident reads them, in
// their language, never as stored ("submitted", "sms", RFC 3339, "false");
// the JSON file keeps the stored values.
func TestYourDataShowsValuesAsRead(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewBareApp(t, db)
		b := storetest.Pathway(t, app.Store)
		me := storetest.Contact()
		sent := storetest.SubmittedApplication(t, app.Store, b, me)
		c := signIn(t, app, me.Mobile)
		if err := app.Store.SetPreferredLanguage(context.Background(), me.Mobile, "pl"); err != nil {
			t.Fatal(err)
		}
		for _, code := range []string{"en", "pl"} {
			loc := i18n.Words().Locale(code)
			rec := c.Get("/status/your-data?lang=" + code)
			webtest.WantStatus(t, rec, http.StatusOK)
			body := html.UnescapeString(rec.Body.String())
			for _, want := range []string{loc.T("status_submitted"), loc.T("text_message"), loc.DateTime(sent.SubmittedAt.UTC()), loc.T("no"), "Polski"} {
				if !strings.Contains(body, ">"+want+"</dd>") {
					t.Errorf("%s: the page lacks %q as a value:\n%s", code, want, body)
				}
			}
			for _, raw := range []string{">submitted</dd>", ">sms</dd>", ">false</dd>", ">pl</dd>", sent.SubmittedAt.UTC().Format(time.RFC3339)} {
				if strings.Contains(body, raw) {
					t.Errorf("%s: the page shows the stored value %q", code, raw)
				}
			}
		}
		rec := c.Get("/status/your-data/download")
		webtest.WantBody(t, rec, `"status": "submitted"`, `"contact_channel": "sms"`, sent.SubmittedAt.UTC().Format(time.RFC3339))
	})
}

// TestYourDataNamesWhoAndHow: who made each change, how the application
// came, the kind of job, the steps reached and each message's state are
// shown by name in the page's language, never as stored ("system",
// "self", "substantive", a number of bits, "pending"); the JSON file keeps
// the stored values.
func TestYourDataNamesWhoAndHow(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewBareApp(t, db)
		b := storetest.Pathway(t, app.Store)
		a := storetest.AtStatus(t, app.Store, b, portal.StatusJobStarted)
		c := signIn(t, app, *a.ContactMobile)
		var states []string
		if err := db.Table("outbox").Where("recipient = ?", *a.ContactMobile).Distinct().Pluck("status", &states).Error; err != nil || len(states) == 0 {
			t.Fatalf("outbox states %v, %v", states, err)
		}
		for _, code := range []string{"en", "ar"} {
			loc := i18n.Words().Locale(code)
			rec := c.Get("/status/your-data?lang=" + code)
			webtest.WantStatus(t, rec, http.StatusOK)
			body := html.UnescapeString(rec.Body.String())
			steps := strings.Join([]string{loc.T("status_place_accepted"), loc.T("status_course_completed"),
				loc.T("status_interview"), loc.T("status_job_started")}, loc.T("list_separator"))
			wants := []string{loc.T("yd_v_actor_system"), loc.T("yd_v_actor_resident"), loc.T("yd_v_source_self"),
				loc.T("msg_job_kind_permanent"), steps}
			for _, s := range states {
				wants = append(wants, loc.T("yd_v_outbox_"+s))
			}
			for _, want := range wants {
				if !strings.Contains(body, ">"+want+"</dd>") {
					t.Errorf("%s: the page lacks %q as a value", code, want)
				}
			}
			for _, raw := range []string{">system</dd>", ">resident</dd>", ">self</dd>", ">substantive</dd>", ">15</dd>", ">pending</dd>", ">sent</dd>", ">{}</dd>"} {
				if strings.Contains(body, raw) {
					t.Errorf("%s: the page shows the stored value %q", code, raw)
				}
			}
		}
		webtest.WantBody(t, c.Get("/status/your-data/download"), `"actor": "system"`, `"referral_source": "self"`, `"reached": "15"`, `"job_kind": "substantive"`)
	})
}

// TestYourDataShowsAnswersAsAsked: an application's answers, support and
// suggested pathways are stored as JSON; the page shows them a question a
// line, with the answers' labels in the page's language, as "check your
// answers" did, never the JSON. The file keeps the JSON.
func TestYourDataShowsAnswersAsAsked(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewBareApp(t, db)
		b := storetest.Pathway(t, app.Store)
		me := storetest.Contact()
		draft := storetest.Draft(t, app.Store, b, me)
		if _, err := app.Store.UpdateDraft(context.Background(), draft.ID, func(a *store.Application) error {
			a.Answers.Situation, a.Answers.Sectors, a.Answers.Years = "at_risk", []string{"care"}, "1_to_5"
			a.Answers.Skills, a.Answers.Interests = []string{"first_aid", "cash_handling"}, []string{"porter"}
			a.Answers.Hours, a.Answers.Travel = "any", "60"
			a.SupportNeeds = store.Support{Needs: []string{portal.SupportNeeds[0].Value}, Details: "Mornings <only>"}
			a.Routing = []portal.Suggestion{{PathwayID: b.ID, Name: "Care to Health", Score: 12, Reasons: []string{"You have cared for people."}}}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if _, err := app.Store.SubmitApplication(context.Background(), draft.ID, store.Messages{}); err != nil {
			t.Fatal(err)
		}
		c := signIn(t, app, me.Mobile)
		for _, code := range []string{"en", "pl"} {
			loc := i18n.Words().Locale(code)
			opt := func(list, v string) string { return loc.T("opt_" + list + "_" + v) }
			rec := c.Get("/status/your-data?lang=" + code)
			webtest.WantStatus(t, rec, http.StatusOK)
			body := rec.Body.String()
			lines := []string{
				loc.T("over18") + ": " + loc.T("yes"),
				loc.T("work_situation") + ": " + opt("situations", "at_risk"),
				loc.T("work_you_have_done") + ": " + opt("sectors", "care"),
				loc.T("years_in_jobs") + ": " + loc.T("years_1_to_5"),
				loc.T("skills") + ": " + opt("skills", "first_aid") + loc.T("list_separator") + opt("skills", "cash_handling"),
				loc.T("jobs_you_would_like") + ": " + opt("interests", "porter"),
				loc.T("hours") + ": " + opt("hours", "any"),
				loc.T("travel") + ": " + opt("travel", "60"),
				loc.T("support_that_helps") + ": " + opt("support", portal.SupportNeeds[0].Value),
				loc.T("anything_else") + ": Mornings &lt;only&gt;",
				"Care to Health (" + loc.Number(12) + "): You have cared for people.",
			}
			for _, l := range lines {
				if !strings.Contains(body, html.EscapeString(l)) && !strings.Contains(body, l) {
					t.Errorf("%s: the page lacks the line %q", code, l)
				}
			}
			// The reasons are the coordinator's English words: marked so on
			// a page in another language.
			english := `<dd class="govuk-summary-list__value app-wrap" lang="en" dir="ltr">Care to Health`
			if got := strings.Contains(body, english); got != (code != "en") {
				t.Errorf("%s: the suggested pathways marked as English: %v", code, got)
			}
			for _, raw := range []string{`&#34;situation&#34;`, `&#34;needs&#34;`, `&#34;Reasons&#34;`, "<only>"} {
				if strings.Contains(body, raw) {
					t.Errorf("%s: the page shows %q", code, raw)
				}
			}
		}
		webtest.WantBody(t, c.Get("/status/your-data/download"), `\"situation\":\"at_risk\"`, `\"needs\":[`)
	})
}
