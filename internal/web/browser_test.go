package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"anchorpathways/internal/browsertest"
	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/web/webtest"
)

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
	srv := httptest.NewServer(webtest.NewApp(t, dbtest.SQLite(t)).Echo)
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
	browsertest.FillByLabel(t, b.ctx, "What is your postcode?", "b35 7pr")
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
	b.visit(srv.URL + "/pathways/hospitality-to-health/apply/check-your-phone")
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
	b.wantText("Hospitality to Health", "B35 7PR", "None of the partner providers", "Siobhán O'Neill", "07700 900 123", "Text message",
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
	b.visit(srv.URL + "/pathways/hospitality-to-health/apply/confirmation")
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
	srv := httptest.NewServer(webtest.NewApp(t, dbtest.SQLite(t)).Echo)
	t.Cleanup(srv.Close)
	b := &resident{t: t, ctx: browsertest.Start(t, 375, 667)}

	b.visit(srv.URL + "/pathways/hospitality-to-health")
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

// resident is one person using the portal in the browser.
type resident struct {
	t         *testing.T
	ctx       context.Context
	n         int  // screenshots taken
	noScripts bool // the tab runs without JavaScript
}

// at waits for the page's heading, then checks the page with axe-core and,
// when BROWSER_SCREENSHOTS names a folder, saves a full-page screenshot there.
func (r *resident) at(heading, state string) {
	r.t.Helper()
	browsertest.WaitForHeading(r.t, r.ctx, heading)
	if r.noScripts {
		// axe-core needs scripts; the page it checks was loaded without.
		browsertest.SetJavaScript(r.t, r.ctx, true)
	}
	browsertest.CheckAccessibility(r.t, r.ctx, state)
	if r.noScripts {
		browsertest.SetJavaScript(r.t, r.ctx, false)
	}
	r.checkReflow(state)
	r.screenshot(state)
}

// checkReflow fails when the page is wider than the phone's screen, so that
// reading it needs scrolling sideways (WCAG 1.4.10, which axe cannot see).
func (r *resident) checkReflow(state string) {
	r.t.Helper()
	type widths struct{ Page, Screen int }
	// innerWidth grows with a page that is too wide; the layout viewport,
	// set by <meta name="viewport">, keeps the phone's width.
	w := evaluate[widths](r, `({ Page: document.documentElement.scrollWidth, Screen: document.documentElement.clientWidth })`)
	if w.Page > w.Screen {
		wide := evaluate[[]string](r, `[...document.body.querySelectorAll("*")]
  .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .slice(0, 5).map((el) => el.tagName.toLowerCase() + (el.className ? "." + String(el.className).trim().split(/\s+/).join(".") : ""))`)
		r.t.Errorf("%s: the page is %d px wide on a %d px screen; too wide: %q", state, w.Page, w.Screen, wide)
	}
}

func (r *resident) visit(url string) {
	r.t.Helper()
	if got := browsertest.Visit(r.t, r.ctx, url); got != http.StatusOK {
		r.t.Fatalf("visit %s: got status %d, want 200", url, got)
	}
}

func (r *resident) button(text string, want int) {
	r.t.Helper()
	if got := browsertest.ClickButton(r.t, r.ctx, text); got != want {
		r.t.Fatalf("button %q: got status %d, want %d (at %s)", text, got, want, browsertest.Location(r.t, r.ctx))
	}
}

func (r *resident) link(text string, want int) {
	r.t.Helper()
	if got := browsertest.ClickLink(r.t, r.ctx, text); got != want {
		r.t.Fatalf("link %q: got status %d, want %d (at %s)", text, got, want, browsertest.Location(r.t, r.ctx))
	}
}

func (r *resident) wantText(parts ...string) {
	r.t.Helper()
	text := browsertest.Text(r.t, r.ctx)
	for _, p := range parts {
		if !strings.Contains(text, p) {
			r.t.Errorf("the page does not show %q; it reads:\n%s", p, text)
		}
	}
}

// evaluate runs a JavaScript expression with a short deadline.
func evaluate[T any](r *resident, expr string) T {
	r.t.Helper()
	ctx, cancel := context.WithTimeout(r.ctx, 10*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		r.t.Fatalf("evaluate: %v\n%s", err, expr)
	}
	return v
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// groupJS finds the one visible fieldset whose legend reads legend (without
// a GOV.UK caption) and returns its choices: [{label, checked}].
const groupJS = `(function (legend) {
  const norm = (s) => (s || "").replace(/\s+/g, " ").trim();
  const text = (el) => {
    const c = el.cloneNode(true);
    c.querySelectorAll("[class*=govuk-caption]").forEach((e) => e.remove());
    return norm(c.textContent);
  };
  const sets = [...document.querySelectorAll("fieldset")].filter((f) => {
    const l = f.querySelector(":scope > legend");
    return l && text(l) === legend && f.getClientRects().length > 0;
  });
  window.__group = sets.length === 1 ? sets[0] : null;
  const legends = [...document.querySelectorAll("fieldset > legend")].map(text);
  if (sets.length !== 1) return { count: sets.length, legends, choices: [] };
  const choices = [...sets[0].querySelectorAll("label")]
    .filter((l) => l.control && (l.control.type === "radio" || l.control.type === "checkbox") && l.getClientRects().length > 0)
    .map((l) => norm(l.textContent));
  return { count: 1, legends, choices };
})(%s)`

type group struct {
	Count   int      `json:"count"`
	Legends []string `json:"legends"`
	Choices []string `json:"choices"`
}

// findGroup waits, with a deadline, for exactly one question named legend.
func (r *resident) findGroup(legend string) group {
	r.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		ctx, cancel := context.WithTimeout(r.ctx, 5*time.Second)
		g, err := chromedp.Run(ctx, chromedp.Evaluate[group](fmt.Sprintf(groupJS, jsString(legend))))
		cancel()
		if err == nil && g.Count == 1 {
			return g
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("no one question %q (err %v); the page has questions %q", legend, err, g.Legends)
		}
		<-tick.C
	}
}

// choices lists the labels of the radios or checkboxes of one question.
func (r *resident) choices(legend string) []string {
	r.t.Helper()
	return r.findGroup(legend).Choices
}

// choose clicks the radio or checkbox labelled label in the question (the
// fieldset) whose legend reads legend, as a resident taps it, and fails
// unless it is then checked. Use it where a label such as "Yes" repeats.
func (r *resident) choose(legend, label string) {
	r.t.Helper()
	g := r.findGroup(legend)
	n := 0
	for _, c := range g.Choices {
		if c == label {
			n++
		}
	}
	if n != 1 {
		r.t.Fatalf("question %q: %d choices named %q; it has %q", legend, n, label, g.Choices)
	}
	sel := chromedp.JSPath(fmt.Sprintf(`[...window.__group.querySelectorAll("label")].find((l) => l.textContent.replace(/\s+/g, " ").trim() === %s)`, jsString(label)))
	ctx, cancel := context.WithTimeout(r.ctx, 10*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Click(sel)); err != nil {
		r.t.Fatalf("choose %q in %q: %v", label, legend, err)
	}
	checked := evaluate[bool](r, fmt.Sprintf(`[...window.__group.querySelectorAll("label")].find((l) => l.textContent.replace(/\s+/g, " ").trim() === %s).control.checked`, jsString(label)))
	if !checked {
		r.t.Fatalf("choose %q in %q: clicked, but it is not checked", label, legend)
	}
}

// value reads what the field labelled label holds.
func (r *resident) value(label string) string {
	r.t.Helper()
	return evaluate[string](r, fmt.Sprintf(`(function (want) {
  const l = [...document.querySelectorAll("label")].filter((l) => l.textContent.replace(/\s+/g, " ").trim() === want);
  return l.length === 1 && l[0].control ? l[0].control.value : "<no one field labelled " + want + ">";
})(%s)`, jsString(label)))
}

// errorSummary reads the error summary's list, and fails for any entry whose
// link does not lead to a field on the page that shows the same message.
func (r *resident) errorSummary() []string {
	r.t.Helper()
	type entry struct {
		Text, Href string
		Target     bool
		Shown      bool
	}
	entries := evaluate[[]entry](r, `[...document.querySelectorAll(".govuk-error-summary__list a")].map((a) => {
  const text = a.textContent.replace(/\s+/g, " ").trim();
  const id = decodeURIComponent(a.hash.slice(1));
  const target = document.getElementById(id);
  const group = target && target.closest(".govuk-form-group");
  const msg = group && group.querySelector(".govuk-error-message");
  return {
    Text: text,
    Href: a.getAttribute("href"),
    Target: !!target,
    Shown: !!msg && msg.textContent.replace(/\s+/g, " ").replace(/^\s*Error:\s*/, "").trim() === text,
  };
})`)
	if len(entries) > 0 {
		if title := evaluate[string](r, `document.title`); !strings.HasPrefix(title, "Error: ") {
			r.t.Errorf("error summary shown, but the title %q does not start with %q", title, "Error: ")
		}
		// GOV.UK's pattern: the summary takes focus, so a screen reader
		// announces it first; without JavaScript too.
		browsertest.WaitFor(r.t, r.ctx, "the error summary to have focus",
			`document.activeElement !== null && document.activeElement.classList.contains("govuk-error-summary")`)
	}
	out := make([]string, len(entries))
	for i, e := range entries {
		out[i] = e.Text
		if !e.Target {
			r.t.Errorf("error summary: %q links to %s, which is not on the page", e.Text, e.Href)
		} else if !e.Shown {
			r.t.Errorf("error summary: %q is not shown by the field it links to (%s)", e.Text, e.Href)
		}
	}
	return out
}

// wantErrors checks that the error summary lists exactly these problems.
func (r *resident) wantErrors(want ...string) {
	r.t.Helper()
	got := r.errorSummary()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		r.t.Errorf("error summary:\n got %q\nwant %q", got, want)
	}
}

func (r *resident) wantErrorCount(n int) []string {
	r.t.Helper()
	got := r.errorSummary()
	if len(got) != n {
		r.t.Fatalf("error summary: got %q, want %d problems", got, n)
	}
	return got
}

var confirmationRefRE = regexp.MustCompile(`^[A-Z]{2,4}-[A-Z0-9]{4}-[A-Z0-9]{4}$`)

// reference reads the reference from the confirmation panel, the line after
// "Your reference".
func (r *resident) reference() string {
	r.t.Helper()
	lines := strings.Split(browsertest.Text(r.t, r.ctx), "\n")
	for i, l := range lines {
		if strings.TrimSpace(l) == "Your reference" && i+1 < len(lines) {
			ref := strings.TrimSpace(lines[i+1])
			if !confirmationRefRE.MatchString(ref) {
				r.t.Fatalf("reference: got %q, want it to match %s", ref, confirmationRefRE)
			}
			return ref
		}
	}
	r.t.Fatalf("confirmation shows no reference; it reads:\n%s", strings.Join(lines, "\n"))
	return ""
}

var outboxCodeRE = regexp.MustCompile(`your code is (\d{6})`)

// codeFor reads the newest sign-in code sent to recipient from the demo
// outbox table (newest first).
func (r *resident) codeFor(recipient string) string {
	r.t.Helper()
	rows := evaluate[[][]string](r, `[...document.querySelectorAll("tbody tr")].map((tr) =>
  [...tr.cells].map((td) => td.innerText.replace(/\s+/g, " ").trim()))`)
	for _, row := range rows {
		if len(row) < 2 || !strings.HasPrefix(row[0], recipient+" ") {
			continue
		}
		if m := outboxCodeRE.FindStringSubmatch(row[1]); m != nil {
			return m[1]
		}
	}
	r.t.Fatalf("the outbox has no code for %s; rows: %q", recipient, rows)
	return ""
}

// listAfter returns the items of the list that follows the paragraph reading p.
func (r *resident) listAfter(p string) []string {
	r.t.Helper()
	return evaluate[[]string](r, fmt.Sprintf(`(function (want) {
  const p = [...document.querySelectorAll("p")].find((p) => p.textContent.replace(/\s+/g, " ").trim() === want);
  const ul = p && p.nextElementSibling;
  return ul && ul.matches("ul, ol") ? [...ul.children].map((li) => li.textContent.replace(/\s+/g, " ").trim()) : [];
})(%s)`, jsString(p)))
}

// screenshot saves a full-page PNG to $BROWSER_SCREENSHOTS, when set: a
// development aid for looking at pages at phone width.
func (r *resident) screenshot(state string) {
	r.t.Helper()
	dir := os.Getenv("BROWSER_SCREENSHOTS")
	if dir == "" {
		return
	}
	r.n++
	ctx, cancel := context.WithTimeout(r.ctx, 10*time.Second)
	defer cancel()
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		r.t.Errorf("screenshot %q: %v", state, err)
		return
	}
	name := fmt.Sprintf("%s-%02d-%s.png", r.t.Name(), r.n, strings.NewReplacer(" ", "-", ",", "").Replace(state))
	if err := os.WriteFile(filepath.Join(dir, name), buf, 0o644); err != nil {
		r.t.Errorf("screenshot %q: %v", state, err)
	}
}
