package web_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"anchorpathways/internal/browsertest"
	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
	"anchorpathways/internal/web/webtest"
)

// browserPathway builds the pathway the resident journeys apply to: open,
// named as the demo's is, with a routing rule whose reason the suggestions
// page must show to a resident who has worked in hospitality.
func browserPathway(t *testing.T, st *store.Store) storetest.Built {
	t.Helper()
	p := storetest.Pathway(t, st, storetest.WithInput(func(in *store.PathwayInput) { in.Name = "Hospitality to Health" }))
	storetest.RoutingRule(t, st, p.ID, func(in *store.RuleInput) {
		in.Factor, in.Value, in.Weight = "sector", "hospitality", 30
		in.Reason = "You have worked in hospitality: hospital catering and ward host teams value that experience."
	})
	return p
}

// TestResidentJourneyInBrowser walks a resident's whole journey in headless
// Chromium at phone width, by visible labels only: find the pathway, check
// they can apply, answer every question (with the error states on the way),
// send the application, sign in with the code from the demo outbox, and
// withdraw the application. axe-core checks every page state.
//
// It runs twice: with JavaScript, and with JavaScript turned off, since
// every resident page must work without it.
func TestResidentJourneyInBrowser(t *testing.T) {
	for _, js := range []bool{true, false} {
		t.Run(map[bool]string{true: "javascript on", false: "javascript off"}[js], func(t *testing.T) { residentJourney(t, js) })
	}
}

func residentJourney(t *testing.T, js bool) {
	app := webtest.NewBareApp(t, dbtest.SQLite(t))
	p := browserPathway(t, app.Store)
	srv := httptest.NewServer(app.Echo)
	t.Cleanup(srv.Close)
	b := &resident{t: t, ctx: browsertest.Start(t, 375, 667), noScripts: !js}
	if !js {
		browsertest.SetJavaScript(t, b.ctx, false)
	}

	// Home → the pathway → start.
	b.visit(srv.URL + "/")
	b.at("Find a course that leads to a job", "home")
	b.link("Hospitality to Health", http.StatusOK)
	b.at("Hospitality to Health", "pathway")
	b.button("Start now", http.StatusOK)

	// Eligibility: nothing answered, then the eligible answers.
	b.at("Check you can apply", "eligibility")
	b.button("Continue", http.StatusUnprocessableEntity)
	b.at("Check you can apply", "eligibility, with errors")
	b.wantErrors(
		"Enter your postcode",
		"Select the housing provider you rent your home from, or select ‘No, none of these’",
		"Select yes if you are 18 or over",
		"Select yes if you have the right to work in the UK",
	)
	browsertest.FillByLabel(t, b.ctx, "What is your postcode?", strings.ToLower(p.Postcode()))
	b.choose("Do you rent your home from one of these housing providers?", "No, none of these")
	b.choose("Are you 18 or over?", "Yes")
	b.choose("Do you have the right to work in the UK?", "Yes")
	b.button("Continue", http.StatusOK)

	// About you: a mobile number that is not one, then good answers.
	b.at("About you", "about you")
	browsertest.FillByLabel(t, b.ctx, "UK mobile number", "0770 09")
	b.button("Continue", http.StatusUnprocessableEntity)
	b.at("About you", "about you, with errors")
	errs := b.wantErrorCount(2)
	if errs[0] != "Enter your full name" || !strings.Contains(errs[1], "UK mobile") {
		t.Errorf("error summary: got %q, want the full name's, then the mobile number's", errs)
	}
	if got := b.value("UK mobile number"); got != "0770 09" {
		t.Errorf("mobile after the error: got %q, want what was typed, %q", got, "0770 09")
	}
	browsertest.FillByLabel(t, b.ctx, "Full name", "Siobhán O'Neill")
	browsertest.FillByLabel(t, b.ctx, "UK mobile number", "07700 900123")
	b.choose("How should we contact you?", "Text message")
	b.button("Continue", http.StatusOK)

	// Check your phone: the code sent to the mobile proves it is theirs.
	b.at("Check your phone", "check your phone")
	b.wantText("07*** ***123", "Send a new code", "Change the number")
	browsertest.FillByLabel(t, b.ctx, "Code", "12345")
	b.button("Continue", http.StatusUnprocessableEntity)
	b.at("Check your phone", "check your phone, with errors")
	b.wantErrors("The code is 6 numbers, like 123456")
	b.visit(srv.URL + "/dev/outbox")
	b.at("Demo outbox", "demo outbox, apply code")
	applyCode := b.codeFor("+447700900123")
	b.visit(srv.URL + webtest.ApplyPath(p) + "/check-your-phone")
	b.at("Check your phone", "check your phone, again")
	browsertest.FillByLabel(t, b.ctx, "Code", applyCode)
	b.button("Continue", http.StatusOK)

	// Your work, four short pages. Labels such as "Customer service" appear
	// in several questions, so each answer is chosen within its question.
	b.at("What is your work situation now?", "your work: situation")
	b.wantText("We save your answers as you go.")
	b.choose("What is your work situation now?", "At risk of redundancy")
	b.button("Continue", http.StatusOK)
	b.at("Work you have done", "your work: work done")
	b.choose("Which kinds of work have you done? (optional)", "Hospitality (hotels, restaurants, cafés, bars)")
	b.button("Continue", http.StatusUnprocessableEntity)
	b.at("Work you have done", "your work: work done, with errors")
	b.wantErrors("Select how many years you have worked in these jobs")
	b.choose("How many years have you worked in these jobs?", "1 to 5 years")
	b.button("Continue", http.StatusOK)
	b.at("What can you already do? (optional)", "your work: skills")
	b.choose("What can you already do? (optional)", "Food hygiene or kitchen work")
	b.choose("What can you already do? (optional)", "Customer service")
	b.button("Continue", http.StatusOK)
	b.at("The work you would like", "your work: the work you would like")
	b.choose("Which jobs would you like to do? (optional)", "Catering and kitchen work")
	b.choose("How many hours can you work?", "Full time")
	b.choose("How long can you travel to work each way?", "Up to 30 minutes")
	b.button("Continue", http.StatusOK)

	b.at("Support to take part", "support")
	b.choose("Would any of these help you?", "Childcare")
	browsertest.FillByLabel(t, b.ctx, "Anything else we should know? (optional)", "Not on Fridays")
	b.button("Continue", http.StatusOK)

	// The suggestions say why they suit the resident.
	b.at("Courses that suit you", "courses that suit you")
	b.wantText("You have worked in hospitality: hospital catering and ward host teams value that experience.")
	b.choose("Courses that suit you", "Hospitality to Health")
	b.button("Continue", http.StatusOK)

	b.at("Choose a course date", "choose a course date")
	dates := b.choices("Choose a course date")
	if len(dates) < 2 || dates[len(dates)-1] != "The next course with places" {
		t.Fatalf("course dates: got %q, want at least one date, then %q", dates, "The next course with places")
	}
	b.choose("Choose a course date", dates[0])
	b.button("Continue", http.StatusOK)

	// Check your answers, change one, and come back.
	b.at("Check your answers before sending your application", "check your answers")
	b.wantText("Hospitality to Health", p.Postcode(), "None of the partner providers", "Siobhán O'Neill", "07700 900 123", "Text message",
		"At risk of redundancy", "Food hygiene or kitchen work", "Catering and kitchen work", "Childcare", "Not on Fridays")
	b.link("Change anything else", http.StatusOK)
	b.at("Support to take part", "support, changing an answer")
	if got := b.value("Anything else we should know? (optional)"); got != "Not on Fridays" {
		t.Errorf("details when changing: got %q, want the earlier answer", got)
	}
	browsertest.FillByLabel(t, b.ctx, "Anything else we should know? (optional)", "Not on Fridays or Mondays")
	b.button("Continue", http.StatusOK)
	b.at("Check your answers before sending your application", "check your answers, after a change")
	b.wantText("Not on Fridays or Mondays")
	b.button("Accept and send", http.StatusOK)

	// Confirmation with a reference.
	b.at("Application sent", "confirmation")
	ref := b.reference()

	// The code sign-in of the journey shows the application: withdraw it.
	b.link("check your application", http.StatusOK)
	b.at("Your applications", "your applications, signed in while applying")
	b.wantText(ref, portal.StatusSubmitted.Label())
	b.link("Withdraw application to Hospitality to Health", http.StatusOK)
	b.at("Are you sure you want to withdraw your application?", "withdraw")
	b.button("Withdraw application", http.StatusOK)
	b.at("Your applications", "your applications, withdrawn")
	b.wantText("Success", "You have withdrawn your application.", ref, portal.StatusWithdrawn.Label())

	// The confirmation page now tells the truth about it.
	b.visit(srv.URL + webtest.ApplyPath(p) + "/confirmation")
	b.at("Your application", "confirmation, withdrawn")
	b.wantText(ref, portal.StatusWithdrawn.Label())

	// Sign out, then sign in again with a one-time code from the demo outbox.
	b.visit(srv.URL + "/status/applications")
	b.at("Your applications", "your applications, before signing out")
	b.button("Sign out", http.StatusOK)
	b.visit(srv.URL + "/status")
	b.at("Check your application", "status sign-in")
	browsertest.FillByLabel(t, b.ctx, "Check your application", "07700 900123")
	b.button("Send me a code", http.StatusOK)
	b.at("Enter your code", "enter your code")

	b.visit(srv.URL + "/dev/outbox")
	b.at("Demo outbox", "demo outbox")
	code := b.codeFor("+447700900123")

	b.visit(srv.URL + "/status/code")
	b.at("Enter your code", "enter your code, again")
	wrong := "000000"
	if code == wrong {
		wrong = "111111"
	}
	browsertest.FillByLabel(t, b.ctx, "Code", wrong)
	b.button("Continue", http.StatusUnprocessableEntity)
	b.at("Enter your code", "enter your code, wrong code")
	b.wantErrors("That code is not right or has expired. Check the newest message we sent you, or ask for a new code")
	browsertest.FillByLabel(t, b.ctx, "Code", code)
	b.button("Continue", http.StatusOK)

	// Signed in again: the application, withdrawn.
	b.at("Your applications", "your applications")
	b.wantText(ref, portal.StatusWithdrawn.Label())
}

// TestResidentJourneyNotEligibleInBrowser checks the page for a resident who
// lives outside the pathway's neighbourhoods and rents from none of its
// housing providers.
func TestResidentJourneyNotEligibleInBrowser(t *testing.T) {
	app := webtest.NewBareApp(t, dbtest.SQLite(t))
	p := browserPathway(t, app.Store)
	srv := httptest.NewServer(app.Echo)
	t.Cleanup(srv.Close)
	b := &resident{t: t, ctx: browsertest.Start(t, 375, 667)}

	b.visit(srv.URL + "/pathways/" + p.Slug)
	b.at("Hospitality to Health", "pathway")
	b.button("Start now", http.StatusOK)
	b.at("Check you can apply", "eligibility")
	browsertest.FillByLabel(t, b.ctx, "What is your postcode?", "SW1A 1AA")
	b.choose("Do you rent your home from one of these housing providers?", "No, none of these")
	b.choose("Are you 18 or over?", "Yes")
	b.choose("Do you have the right to work in the UK?", "Yes")
	b.button("Continue", http.StatusOK)
	b.at("You cannot apply for this course", "not eligible")
	if n := len(b.listAfter("Thank you for checking. This time:")); n == 0 {
		t.Errorf("not eligible: no reasons listed; the page reads:\n%s", browsertest.Text(t, b.ctx))
	}
	b.wantText("We have not kept any of your answers.")
	b.link("check your answers again", http.StatusOK)
	b.at("Check you can apply", "eligibility, after not eligible")
}
