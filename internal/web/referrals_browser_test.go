package web_test

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"anchorpathways/internal/browsertest"
	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/web/webtest"
)

var referralLinkRE = regexp.MustCompile(`/referral/[A-Za-z0-9_-]+`)

// TestOfficerRefersAndTenantAppliesInBrowser is issue 8's done criterion at
// phone width, axe-core on every state: the demo housing officer refers a
// tenant in one page (sent wrong first), the tenant opens the link from the
// demo outbox and finishes the application without typing anything the
// officer entered, and the officer then sees "Applied".
func TestOfficerRefersAndTenantAppliesInBrowser(t *testing.T) {
	app := webtest.NewApp(t, dbtest.SQLite(t))
	srv := httptest.NewServer(app.Echo)
	t.Cleanup(srv.Close)
	o := newStaffBrowser(t, srv.URL, "phone", 320, 568)
	o.signInDemo(webtest.DemoHousingOfficer)

	o.link("Refer a tenant", http.StatusOK)
	o.at("Refer a tenant", "refer a tenant")
	o.button("Send referral", http.StatusUnprocessableEntity)
	o.at("Refer a tenant", "refer a tenant, with errors")
	o.wantStaffErrors("Enter the tenant’s full name", "Enter a mobile number or an email address, so we can send the tenant their link",
		"Enter the tenant’s postcode", "Select how the tenant agreed to be referred")
	o.fill("Tenant’s full name", "Kemi Adeyemi")
	o.fill("Mobile number", "07700 900555")
	o.fill("Tenant’s postcode", "b35 7pr")
	o.choose("Pathway", "Hospitality to Health")
	o.fill("Tenancy reference (optional)", "PHG-555")
	o.choose("How did the tenant agree to be referred?", "In person")
	o.fill("Note for you and your colleagues (optional)", "Worked in a hotel kitchen")
	o.button("Send referral", http.StatusOK)
	o.at("Referrals", "referrals, just referred")
	o.wantText("Referral sent", "Kemi Adeyemi", "Hospitality to Health", "Not started")

	// The tenant, on their own phone, from the text in the demo outbox.
	r := &resident{t: t, ctx: browsertest.Start(t, 375, 667)}
	r.visit(srv.URL + "/dev/outbox")
	r.at("Demo outbox", "demo outbox, referral")
	rows := evaluate[[][]string](r, `[...document.querySelectorAll("tbody tr")].map((tr) =>
  [...tr.cells].map((td) => td.innerText.replace(/\s+/g, " ").trim()))`)
	link := ""
	for _, row := range rows {
		if len(row) == 2 && strings.HasPrefix(row[0], "+447700900555 ") {
			link = referralLinkRE.FindString(row[1])
			break
		}
	}
	if link == "" {
		t.Fatalf("no referral link for the tenant in the outbox: %q", rows)
	}
	r.visit(srv.URL + link)
	r.at("Your application", "referral link")
	r.wantText("Kemi Adeyemi", "B35 7PR", "Pioneer Housing Group", "Hospitality to Health")
	r.button("Continue", http.StatusUnprocessableEntity)
	r.at("Your application", "referral link, with errors")
	r.wantErrors("Select yes if you are 18 or over", "Select yes if you have the right to work in the UK",
		"Select yes if your housing provider may see how your application is going")
	r.choose("Are you 18 or over?", "Yes")
	r.choose("Do you have the right to work in the UK?", "Yes")
	r.choose("Can Pioneer Housing Group see how your application is going?", "Yes")
	r.button("Continue", http.StatusOK)

	// Straight to what only the tenant can say: no name, contact or postcode.
	r.at("What is your work situation now?", "referred: your work")
	r.choose("What is your work situation now?", "At risk of redundancy")
	r.button("Continue", http.StatusOK)
	r.at("Work you have done", "referred: work done")
	r.choose("Which kinds of work have you done? (optional)", "Hospitality (hotels, restaurants, cafés, bars)")
	r.choose("How many years have you worked in these jobs?", "1 to 5 years")
	r.button("Continue", http.StatusOK)
	r.at("What can you already do? (optional)", "referred: skills")
	r.choose("What can you already do? (optional)", "Food hygiene or kitchen work")
	r.button("Continue", http.StatusOK)
	r.at("The work you would like", "referred: the work you would like")
	r.choose("Which jobs would you like to do? (optional)", "Catering and kitchen work")
	r.choose("How many hours can you work?", "Full time")
	r.choose("How long can you travel to work each way?", "Up to 30 minutes")
	r.button("Continue", http.StatusOK)
	r.at("Support to take part", "referred: support")
	r.choose("Would any of these help you?", "Childcare")
	r.button("Continue", http.StatusOK)
	r.at("Courses that suit you", "referred: courses that suit you")
	r.choose("Courses that suit you", "Hospitality to Health")
	r.button("Continue", http.StatusOK)
	r.at("Choose a course date", "referred: course date")
	r.choose("Choose a course date", r.choices("Choose a course date")[0])
	r.button("Continue", http.StatusOK)
	r.at("Check your answers before sending your application", "referred: check your answers")
	r.wantText("Kemi Adeyemi", "07700 900 555", "B35 7PR", "Pioneer Housing Group")
	r.button("Accept and send", http.StatusOK)
	r.at("Application sent", "referred: confirmation")

	// The officer sees it without asking anyone.
	o.visit(srv.URL + "/staff/referrals")
	o.at("Referrals", "referrals, applied")
	o.wantText("Kemi Adeyemi", "Applied")
}
