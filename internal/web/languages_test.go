package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
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
	"anchorpathways/internal/web"
	wpage "anchorpathways/internal/web/page"
	"anchorpathways/internal/web/webtest"
	"anchorpathways/static"
)

var anyCode = regexp.MustCompile(`\b(\d{6})\b`)

// latestCode is the newest code sent to mobile, in whatever language.
func latestCode(t *testing.T, app *webtest.App, mobile string) string {
	t.Helper()
	msg, err := app.Store.LatestOutboxTo(context.Background(), mobile)
	if err != nil {
		t.Fatalf("no message to %s: %v", mobile, err)
	}
	m := anyCode.FindStringSubmatch(msg.Body)
	if m == nil {
		t.Fatalf("no code in %q", msg.Body)
	}
	return m[1]
}

// inLanguage checks a resident page is in lang: the html element, the
// language list, and a phrase in lang's own words.
func inLanguage(t *testing.T, rec *httptest.ResponseRecorder, l i18n.Language, ids ...string) {
	t.Helper()
	body := rec.Body.String()
	if rec.Code != http.StatusOK {
		t.Fatalf("%s: status %d:\n%s", l.Code, rec.Code, webtest.Snippet(body))
	}
	if want := `<html lang="` + l.Code + `" dir="` + l.Dir + `"`; !strings.Contains(body, want) {
		t.Errorf("%s: page lacks %s", l.Code, want)
	}
	if !strings.Contains(body, `aria-current="true">`+l.Name+`</span>`) {
		t.Errorf("%s: the language list does not mark %s as current", l.Code, l.Name)
	}
	loc := i18n.Words().Locale(l.Code)
	for _, id := range ids {
		if want := loc.T(id); !strings.Contains(body, want) {
			t.Errorf("%s: page lacks %s (%q):\n%s", l.Code, id, want, webtest.Snippet(body))
		}
	}
}

// follow wants a redirect that keeps ?lang= and loads it.
func follow(t *testing.T, c *webtest.Client, rec *httptest.ResponseRecorder, lang string) *httptest.ResponseRecorder {
	t.Helper()
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("got %d, want a redirect:\n%s", rec.Code, webtest.Snippet(rec.Body.String()))
	}
	loc := rec.Header().Get("Location")
	if u, err := url.Parse(loc); err != nil || u.Query().Get("lang") != lang {
		t.Fatalf("redirect to %q lost the language %s", loc, lang)
	}
	return c.Get(loc)
}

// TestResidentJourneyInEachLanguage walks every resident page, from the
// home page to the confirmation and the status pages, in each language: a
// page in the language, the confirmation text in it, the language stored
// on the resident, and sign-in at /status in it.
func TestResidentJourneyInEachLanguage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewAppWith(t, db, webtest.Options{Bare: true})
		for i, l := range i18n.Languages {
			t.Run(l.Code, func(t *testing.T) {
				b := storetest.Pathway(t, app.Store, storetest.Places(10))
				mobile := "0770090010" + string(rune('0'+i))
				e164 := "+44770090010" + string(rune('0'+i))
				c := app.Client(t)
				q := "?lang=" + l.Code
				base := "/pathways/" + b.Slug + "/apply"
				inLanguage(t, c.Get("/"+q), l, "home_heading", "home_open_now")
				inLanguage(t, c.Get("/pathways/"+b.Slug+q), l, "start_now", "pathway_dates")
				inLanguage(t, c.Get(base+q), l, "check_you_can_apply", "postcode_question")
				// A mistake: the error summary and field errors in the language.
				bad := c.Post(base+q, url.Values{"postcode": {""}, "tenant": {"none"}, "over18": {"yes"}, "right_to_work": {"yes"}})
				if bad.Code != http.StatusUnprocessableEntity {
					t.Fatalf("empty postcode: got %d, want 422", bad.Code)
				}
				bad.Code = http.StatusOK
				inLanguage(t, bad, l, "error_summary_title", "v_postcode_required")
				page := follow(t, c, c.Post(base+q, url.Values{"postcode": {b.Postcode()}, "tenant": {"none"}, "over18": {"yes"}, "right_to_work": {"yes"}}), l.Code)
				inLanguage(t, page, l, "about_you", "uk_mobile")
				page = follow(t, c, c.Post(base+"/about-you"+q, url.Values{"full_name": {"Amal Haddad"}, "mobile": {mobile}, "channel": {"sms"}}), l.Code)
				inLanguage(t, page, l, "messages_take_minutes", "send_new_code")
				steps := []struct {
					path string
					form url.Values
					ids  []string
				}{
					{"/check-your-phone", url.Values{"code": {latestCode(t, app, e164)}}, []string{"situation_question", "opt_situations_at_risk"}},
					{"/your-work", url.Values{"situation": {"at_risk"}}, []string{"sectors_question", "years_1_to_5"}},
					{"/work-experience", url.Values{"sectors": {"hospitality"}, "years": {"1_to_5"}}, []string{"skills_question", "opt_skills_first_aid"}},
					{"/skills", url.Values{"skills": {"first_aid"}}, []string{"hours_question", "opt_travel_30"}},
					{"/job-preferences", url.Values{"interests": {"catering"}, "hours": {"full_time"}, "travel": {"30"}}, []string{"support_heading", "opt_support_childcare"}},
					{"/support", url.Values{"needs": {"childcare"}}, []string{"choose_heading"}},
					{"/choose", url.Values{"pathway": {b.ID}}, []string{"choose_course_date", "next_course_with_places"}},
					{"/course-date", url.Values{"cohort": {b.Cohort.ID}}, []string{"check_heading", "opt_support_childcare", "accept_and_send"}},
					{"/check", nil, []string{"application_sent", "what_happens_next"}},
				}
				for _, s := range steps {
					inLanguage(t, follow(t, c, c.Post(base+s.path+q, s.form), l.Code), l, s.ids...)
				}
				msg, err := app.Store.LatestOutboxTo(context.Background(), e164)
				if err != nil {
					t.Fatal(err)
				}
				words := i18n.Words().Locale(l.Code)
				if want := words.T("msg_submitted_cohort", "Starts", words.DayMonth(b.Cohort.StartsOn), "Closes", words.DayMonth(b.Cohort.ClosesAt)); !strings.Contains(msg.Body, want) {
					t.Errorf("confirmation text %q lacks %q", msg.Body, want)
				}
				if got := webtest.Count(t, db, "residents", "mobile = ? AND preferred_language = ?", e164, l.Code); got != 1 {
					t.Errorf("resident's preferred_language is not %s", l.Code)
				}
				// Signing in at /status in the language.
				s := app.Client(t)
				inLanguage(t, s.Get("/status"+q), l, "status_contact_hint", "send_me_a_code")
				page = follow(t, s, s.Post("/status"+q, url.Values{"contact": {mobile}}), l.Code)
				inLanguage(t, page, l, "enter_your_code")
				page = follow(t, s, s.Post("/status/code"+q, url.Values{"code": {latestCode(t, app, e164)}}), l.Code)
				inLanguage(t, page, l, "your_applications", "status_submitted", "next_submitted", "withdraw")
			})
		}
	})
}

// The first page's language comes from the browser; staff pages stay English.
func TestAcceptLanguagePicksTheFirstPage(t *testing.T) {
	app := webtest.NewAppWith(t, dbtest.SQLite(t), webtest.Options{Bare: true})
	for _, tt := range []struct{ header, lang string }{{"ar-EG,ar;q=0.9,en;q=0.4", "ar"}, {"pl", "pl"}, {"ur-PK", "ur"}, {"fr", "en"}, {"", "en"}} {
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.Header.Set("Accept-Language", tt.header)
		rec := app.Client(t).Do(req)
		l := languageOf(tt.lang)
		inLanguage(t, rec, l, "home_heading")
		if !strings.Contains(rec.Header().Get("Vary"), "Accept-Language") {
			t.Errorf("%q: no Vary: Accept-Language", tt.header)
		}
		// Links do not name a language the resident did not choose.
		if strings.Contains(rec.Body.String(), `href="/status?lang=`) {
			t.Errorf("%q: links carry a language nobody chose", tt.header)
		}
	}
	req := httptest.NewRequest(http.MethodGet, "/staff/login", nil)
	req.Header.Set("Accept-Language", "ar")
	if rec := app.Client(t).Do(req); !strings.Contains(rec.Body.String(), `<html lang="en" dir="ltr"`) {
		t.Errorf("a staff page followed Accept-Language")
	}
	// A chosen language wins over the header, and links keep it.
	req = httptest.NewRequest(http.MethodGet, "/?lang=pl", nil)
	req.Header.Set("Accept-Language", "ar")
	rec := app.Client(t).Do(req)
	inLanguage(t, rec, languageOf("pl"), "home_heading")
	webtest.WantBody(t, rec, `href="/status?lang=pl"`, `href="/?lang=ar"`, `hreflang="ur"`)
}

func languageOf(code string) i18n.Language {
	for _, l := range i18n.Languages {
		if l.Code == code {
			return l
		}
	}
	panic(code)
}

// The page cache keeps one copy per language: a cached English home page
// is never served to a resident who asked for Arabic.
func TestPageCacheKeysOnLanguage(t *testing.T) {
	st := store.New(dbtest.SQLite(t))
	storetest.Pathway(t, st)
	assets, _ := static.New(static.FS)
	e, err := web.New(web.Deps{Store: st, Assets: assets, PageCacheTTL: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	get := func(target, accept string) string {
		req := httptest.NewRequest(http.MethodGet, target, nil)
		req.Header.Set("Accept-Language", accept)
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		return rec.Body.String()
	}
	for range 2 { // the second round is served from the cache
		for _, tt := range []struct{ target, accept, want string }{
			{"/", "", `<html lang="en"`}, {"/", "ar", `<html lang="ar" dir="rtl"`}, {"/?lang=pl", "ar", `<html lang="pl"`},
			{"/?lang=ur", "", `<html lang="ur" dir="rtl"`}, {"/", "pl", `<html lang="pl"`},
		} {
			if body := get(tt.target, tt.accept); !strings.Contains(body, tt.want) {
				t.Errorf("%s (Accept-Language %q): want %s", tt.target, tt.accept, tt.want)
			}
		}
	}
	if body := get("/?lang=pl", ""); !strings.Contains(body, `href="/status?lang=pl"`) {
		t.Errorf("a chosen language's cached page lost ?lang= on its links")
	}
}

// The coordinator gives a pathway's text in Arabic: Arabic pages show it;
// Polish pages, with none, show the English text and a note in Polish.
func TestPathwayTranslations(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewAppWith(t, db, webtest.Options{Bare: true})
		b := storetest.Pathway(t, app.Store)
		coordinator := app.SignIn(t, storetest.Staff(t, app.Store, portal.RoleCoordinator, store.Organisation{}, storetest.EnrolledMFA()))
		form := "/staff/pathways/" + b.ID + "/translations"
		webtest.WantStatus(t, coordinator.Get(form), http.StatusOK)

		tooLong := coordinator.Post(form, url.Values{"name_ar": {strings.Repeat("ب", 121)}})
		webtest.WantStatus(t, tooLong, http.StatusUnprocessableEntity)
		webtest.WantBody(t, tooLong, "The Arabic name must be 120 characters or fewer")

		webtest.WantRedirect(t, coordinator.Post(form, url.Values{"name_ar": {"من الضيافة إلى الصحة"}, "summary_ar": {"دورة قصيرة"}, "description_ar": {"وصف الدورة بالعربية"}}), "/staff/pathways/"+b.ID)
		saved := coordinator.Get(form)
		webtest.WantBody(t, saved, "من الضيافة إلى الصحة", `lang="ar" dir="rtl"`)

		arPage := app.Client(t).Get("/pathways/" + b.Slug + "?lang=ar")
		webtest.WantBody(t, arPage, "من الضيافة إلى الصحة", "وصف الدورة بالعربية")
		if strings.Contains(arPage.Body.String(), `id="content-language"`) {
			t.Error("the Arabic page says its text is in English")
		}
		home := app.Client(t).Get("/?lang=ar")
		webtest.WantBody(t, home, "من الضيافة إلى الصحة", "دورة قصيرة")

		plPage := app.Client(t).Get("/pathways/" + b.Slug + "?lang=pl")
		webtest.WantBody(t, plPage, b.Name, i18n.Words().Locale("pl").T("content_in_english"), `<div lang="en" dir="ltr">`)
		if en := app.Client(t).Get("/pathways/" + b.Slug); strings.Contains(en.Body.String(), "من الضيافة") {
			t.Error("the English page shows the Arabic text")
		}

		// Emptying every field removes the translation.
		webtest.WantRedirect(t, coordinator.Post(form, url.Values{}), "/staff/pathways/"+b.ID)
		if n := webtest.Count(t, db, "pathway_translations", "pathway_id = ?", b.ID); n != 0 {
			t.Errorf("got %d translations after emptying them, want 0", n)
		}
	})
}

// The pages off the main path, in every language: not eligible, withdraw,
// and an error page.
func TestOtherResidentPagesInEachLanguage(t *testing.T) {
	app := webtest.NewAppWith(t, dbtest.SQLite(t), webtest.Options{Bare: true})
	b := storetest.Pathway(t, app.Store)
	for _, l := range i18n.Languages {
		q := "?lang=" + l.Code
		c := app.Client(t)
		base := "/pathways/" + b.Slug + "/apply"
		c.Get(base + q)
		page := follow(t, c, c.Post(base+q, url.Values{"postcode": {b.Postcode()}, "tenant": {"none"}, "over18": {"no"}, "right_to_work": {"yes"}}), l.Code)
		inLanguage(t, page, l, "not_eligible_heading", "reason_over18", "what_you_can_do")

		missing := c.Get("/pathways/no-such-course" + q)
		if missing.Code != http.StatusNotFound {
			t.Fatalf("%s: got %d, want 404", l.Code, missing.Code)
		}
		missing.Code = http.StatusOK
		inLanguage(t, missing, l, "e_notfound_h", "go_to_start")

		s := app.Client(t)
		contact := storetest.Contact()
		sub := storetest.SubmittedApplication(t, app.Store, b, contact)
		s.Get("/status" + q)
		follow(t, s, s.Post("/status"+q, url.Values{"contact": {contact.Mobile}}), l.Code)
		follow(t, s, s.Post("/status/code"+q, url.Values{"code": {latestCode(t, app, contact.Mobile)}}), l.Code)
		inLanguage(t, s.Get("/status/applications/"+sub.ID+"/withdraw"+q), l, "withdraw_heading", "withdraw_application", "cancel")
		page = follow(t, s, s.Post("/status/applications/"+sub.ID+"/withdraw"+q, nil), l.Code)
		inLanguage(t, page, l, "status_withdrawn", "next_withdrawn")
	}
}

// The English message file says what the Go vocabularies say: a status's
// label and next step, and every answer's label. A change in one without
// the other fails here, not on a resident's page.
func TestEnglishMessagesMatchTheVocabularies(t *testing.T) {
	en := i18n.Words().Locale(i18n.Default)
	for _, s := range portal.AllStatuses() {
		if got := en.T("status_" + string(s)); got != s.Label() {
			t.Errorf("status_%s: en.toml has %q, portal says %q", s, got, s.Label())
		}
		if got := en.T("next_" + string(s)); got != s.NextStep() {
			t.Errorf("next_%s: en.toml has %q, portal says %q", s, got, s.NextStep())
		}
	}
	for _, list := range []string{"situations", "sectors", "skills", "interests", "hours", "travel", "support"} {
		for _, o := range wpage.Options(list) {
			if got := en.T(wpage.OptionID(list, o.Value)); got != o.Label {
				t.Errorf("%s: en.toml has %q, portal says %q", wpage.OptionID(list, o.Value), got, o.Label)
			}
		}
	}
}
