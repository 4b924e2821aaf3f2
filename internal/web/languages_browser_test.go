package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"anchorpathways/internal/browsertest"
	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/i18n"
	"anchorpathways/internal/store/storetest"
	"anchorpathways/internal/web/webtest"
)

// TestResidentJourneyInArabicInBrowser: an Arabic-speaking resident on a
// 320 px phone chooses Arabic in the header, applies from the home page to
// the confirmation, gets the confirmation text in Arabic, and signs in at
// /status in Arabic. axe-core checks every page state, and no page scrolls
// sideways.
func TestResidentJourneyInArabicInBrowser(t *testing.T) {
	app := webtest.NewAppWith(t, dbtest.SQLite(t), webtest.Options{Bare: true})
	p := storetest.Pathway(t, app.Store, storetest.Places(10))
	srv := httptest.NewServer(app.Echo)
	t.Cleanup(srv.Close)
	r := &resident{t: t, ctx: browsertest.Start(t, 320, 640)}
	ar := i18n.Words().Locale("ar")
	T := func(id string) string { return ar.T(id) }
	const mobile, e164 = "07700 900456", "+447700900456"

	r.visit(srv.URL + "/")
	r.at("Find a course that leads to a job", "home, in English")
	r.link("العربية", http.StatusOK)
	r.at(T("home_heading"), "home")
	r.wantDirection("ar", "rtl")
	r.link(p.Name, http.StatusOK)
	r.at(p.Name, "pathway")
	r.wantText(T("content_in_english"))
	r.button(T("start_now"), http.StatusOK)

	r.at(T("check_you_can_apply"), "eligibility")
	r.button(T("continue"), http.StatusUnprocessableEntity)
	r.at(T("check_you_can_apply"), "eligibility, with errors")
	r.wantErrorsIn(ar, T("v_postcode_required"), T("v_tenant"), T("v_over18"), T("v_rtw"))
	browsertest.FillByLabel(t, r.ctx, T("postcode_question"), p.Postcode())
	r.choose(T("tenant_question"), T("none_of_these"))
	r.choose(T("over18_question"), T("yes"))
	r.choose(T("rtw_question"), T("yes"))
	r.button(T("continue"), http.StatusOK)

	r.at(T("about_you"), "about you")
	browsertest.FillByLabel(t, r.ctx, T("full_name"), "أمل حداد")
	browsertest.FillByLabel(t, r.ctx, T("uk_mobile"), mobile)
	r.choose(T("how_contact"), T("text_message"))
	r.button(T("continue"), http.StatusOK)

	r.at(T("title_check_phone"), "check your phone")
	browsertest.FillByLabel(t, r.ctx, T("code"), latestCode(t, app, e164))
	r.button(T("continue"), http.StatusOK)

	r.at(T("situation_question"), "your work: situation")
	r.choose(T("situation_question"), T("opt_situations_unemployed"))
	r.button(T("continue"), http.StatusOK)
	r.at(T("work_you_have_done"), "your work: work done")
	r.choose(T("sectors_question"), T("opt_sectors_care"))
	r.choose(T("years_question"), T("years_1_to_5"))
	r.button(T("continue"), http.StatusOK)
	r.at(T("skills_question"), "your work: skills")
	r.choose(T("skills_question"), T("opt_skills_first_aid"))
	r.button(T("continue"), http.StatusOK)
	r.at(T("work_you_would_like"), "your work: the work you would like")
	r.choose(T("hours_question"), T("opt_hours_part_time"))
	r.choose(T("travel_question"), T("opt_travel_60"))
	r.button(T("continue"), http.StatusOK)
	r.at(T("support_heading"), "support")
	r.choose(T("support_question"), T("opt_support_language"))
	r.button(T("continue"), http.StatusOK)
	r.at(T("choose_heading"), "courses that suit you")
	r.choose(T("choose_heading"), p.Name)
	r.button(T("continue"), http.StatusOK)
	r.at(T("choose_course_date"), "choose a course date")
	r.choose(T("choose_course_date"), T("next_course_with_places"))
	r.button(T("continue"), http.StatusOK)

	r.at(T("check_heading"), "check your answers")
	r.wantText("أمل حداد", "07700 900 456", T("opt_support_language"), T("opt_skills_first_aid"))
	r.button(T("accept_and_send"), http.StatusOK)

	r.at(T("application_sent"), "confirmation")
	ref := anyRef.FindString(browsertest.Text(t, r.ctx))
	if ref == "" {
		t.Fatalf("the confirmation shows no reference:\n%s", browsertest.Text(t, r.ctx))
	}
	msg, err := app.Store.LatestOutboxTo(context.Background(), e164)
	if err != nil || !strings.Contains(msg.Body, "وصلنا طلبك") || !strings.Contains(msg.Body, ref) {
		t.Errorf("confirmation text: got %q, %v; want it in Arabic with %s", msg.Body, err, ref)
	}

	// Sign in at /status, in Arabic.
	// Signed in while applying, /status goes straight to the applications.
	r.visit(srv.URL + "/status?lang=ar")
	r.at(T("your_applications"), "your applications, signed in while applying")
	r.button(T("sign_out"), http.StatusOK)
	r.at(T("home_heading"), "home, signed out")
	r.visit(srv.URL + "/status?lang=ar")
	r.at(T("check_your_application"), "status sign-in")
	browsertest.FillByLabel(t, r.ctx, T("check_your_application"), mobile)
	r.button(T("send_me_a_code"), http.StatusOK)
	r.at(T("enter_your_code"), "enter your code")
	browsertest.FillByLabel(t, r.ctx, T("code"), "12")
	r.button(T("continue"), http.StatusUnprocessableEntity)
	r.at(T("enter_your_code"), "enter your code, with errors")
	r.wantErrorsIn(ar, T("v_code_shape"))
	browsertest.FillByLabel(t, r.ctx, T("code"), latestCode(t, app, e164))
	r.button(T("continue"), http.StatusOK)
	r.at(T("your_applications"), "your applications")
	r.wantDirection("ar", "rtl")
	r.wantText(ref, T("status_submitted"), T("next_submitted"))
	// The data held about them: long record numbers and dates must wrap.
	r.link(T("yd_link"), http.StatusOK)
	r.at(T("yd_title"), "your data")
	r.wantText(T("status_submitted"), T("text_message"))
	// The statements every page's footer links to.
	r.link(T("footer_privacy"), http.StatusOK)
	r.at(T("pn_heading"), "privacy notice")
	r.wantDirection("ar", "rtl")
	r.link(T("footer_accessibility"), http.StatusOK)
	r.at(T("as_heading"), "accessibility statement")
}

// TestPseudoLanguageLayoutInBrowser renders every resident page of the
// journey in a pseudo-language with 40% longer words at 320 px: no page
// may scroll sideways, and axe must find nothing.
func TestPseudoLanguageLayoutInBrowser(t *testing.T) {
	i18n.EnablePseudo()
	app := webtest.NewAppWith(t, dbtest.SQLite(t), webtest.Options{Bare: true})
	p := storetest.Pathway(t, app.Store, storetest.Places(10))
	srv := httptest.NewServer(app.Echo)
	t.Cleanup(srv.Close)
	r := &resident{t: t, ctx: browsertest.Start(t, 320, 640)}
	xa := i18n.Words().Locale(i18n.Pseudo.Code)
	T := func(id string) string { return xa.T(id) }

	r.visit(srv.URL + "/?lang=" + xa.Code)
	r.at(T("home_heading"), "pseudo: home")
	r.link(p.Name, http.StatusOK)
	r.at(p.Name, "pseudo: pathway")
	r.button(T("start_now"), http.StatusOK)
	r.at(T("check_you_can_apply"), "pseudo: eligibility")
	r.button(T("continue"), http.StatusUnprocessableEntity)
	r.at(T("check_you_can_apply"), "pseudo: eligibility, with errors")
	browsertest.FillByLabel(t, r.ctx, T("postcode_question"), p.Postcode())
	r.choose(T("tenant_question"), T("none_of_these"))
	r.choose(T("over18_question"), T("yes"))
	r.choose(T("rtw_question"), T("yes"))
	r.button(T("continue"), http.StatusOK)
	r.at(T("about_you"), "pseudo: about you")
	r.button(T("continue"), http.StatusUnprocessableEntity)
	r.at(T("about_you"), "pseudo: about you, with errors")
	browsertest.FillByLabel(t, r.ctx, T("full_name"), "Wojciech Brzęczyszczykiewicz")
	browsertest.FillByLabel(t, r.ctx, T("uk_mobile"), "07700 900789")
	r.button(T("continue"), http.StatusOK)
	r.at(T("title_check_phone"), "pseudo: check your phone")
	browsertest.FillByLabel(t, r.ctx, T("code"), latestCode(t, app, "+447700900789"))
	r.button(T("continue"), http.StatusOK)
	for _, step := range []struct{ heading, legend, choice string }{
		{"situation_question", "situation_question", "opt_situations_furloughed"},
		{"work_you_have_done", "sectors_question", "opt_sectors_hospitality"},
	} {
		r.at(T(step.heading), "pseudo: "+step.heading)
		r.choose(T(step.legend), T(step.choice))
		if step.heading == "work_you_have_done" {
			r.choose(T("years_question"), T("years_over_5"))
		}
		r.button(T("continue"), http.StatusOK)
	}
	r.at(T("skills_question"), "pseudo: skills")
	r.choose(T("skills_question"), T("opt_skills_languages"))
	r.button(T("continue"), http.StatusOK)
	r.at(T("work_you_would_like"), "pseudo: the work you would like")
	r.choose(T("interests_question"), T("opt_interests_ward_host"))
	r.choose(T("hours_question"), T("opt_hours_any"))
	r.choose(T("travel_question"), T("opt_travel_any"))
	r.button(T("continue"), http.StatusOK)
	r.at(T("support_heading"), "pseudo: support")
	r.choose(T("support_question"), T("opt_support_adjustments"))
	r.button(T("continue"), http.StatusOK)
	r.at(T("choose_heading"), "pseudo: courses that suit you")
	r.choose(T("choose_heading"), p.Name)
	r.button(T("continue"), http.StatusOK)
	r.at(T("choose_course_date"), "pseudo: choose a course date")
	r.choose(T("choose_course_date"), T("next_course_with_places"))
	r.button(T("continue"), http.StatusOK)
	r.at(T("check_heading"), "pseudo: check your answers")
	r.button(T("accept_and_send"), http.StatusOK)
	r.at(T("application_sent"), "pseudo: confirmation")
	r.visit(srv.URL + "/status/applications?lang=" + xa.Code)
	r.at(T("your_applications"), "pseudo: your applications")
	r.link(T("footer_privacy"), http.StatusOK)
	r.at(T("pn_heading"), "pseudo: privacy notice")
	r.link(T("footer_accessibility"), http.StatusOK)
	r.at(T("as_heading"), "pseudo: accessibility statement")
}

var anyRef = regexp.MustCompile(`[A-Z]{2,4}-[A-Z0-9]{4}-[A-Z0-9]{4}`)

// wantErrorsIn is wantErrors in language l: the summary lists exactly
// want, each shown by its field after l's "Error:", and the title starts
// with l's error prefix.
func (r *resident) wantErrorsIn(l *i18n.Locale, want ...string) {
	r.t.Helper()
	type entry struct{ Text, Shown string }
	got := evaluate[[]entry](r, `[...document.querySelectorAll(".govuk-error-summary__list a")].map((a) => {
  const target = document.getElementById(decodeURIComponent(a.hash.slice(1)));
  const msg = target && target.closest(".govuk-form-group") && target.closest(".govuk-form-group").querySelector(".govuk-error-message");
  return { Text: a.textContent.replace(/\s+/g, " ").trim(), Shown: msg ? msg.textContent.replace(/\s+/g, " ").trim() : "" };
})`)
	var texts []string
	for _, e := range got {
		texts = append(texts, e.Text)
		if e.Shown != l.T("error_prefix")+" "+e.Text {
			r.t.Errorf("error summary: %q is shown by its field as %q", e.Text, e.Shown)
		}
	}
	if strings.Join(texts, "\n") != strings.Join(want, "\n") {
		r.t.Errorf("error summary:\n got %q\nwant %q", texts, want)
	}
	prefix := strings.TrimSuffix(l.T("title_error_prefix", "Title", ""), " ")
	if title := evaluate[string](r, `document.title`); !strings.HasPrefix(title, prefix) {
		r.t.Errorf("the title %q does not start with %q", title, prefix)
	}
}

// wantDirection checks the html element's lang and dir.
func (r *resident) wantDirection(lang, dir string) {
	r.t.Helper()
	got := evaluate[[]string](r, `[document.documentElement.lang, document.documentElement.dir]`)
	if len(got) != 2 || got[0] != lang || got[1] != dir {
		r.t.Errorf("html lang/dir: got %q, want %s/%s", got, lang, dir)
	}
}
