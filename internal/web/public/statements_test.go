package public_test

import (
	"html"
	"net/http"
	"strings"
	"testing"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/i18n"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
	"anchorpathways/internal/web/webtest"
)

// TestStatementsNameWhoRunsTheService: the privacy notice and the
// accessibility statement are public pages in every language, linked from
// every page's footer, set no cookie, and name the coordinating
// organisation and how to reach it.
func TestStatementsNameWhoRunsTheService(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewBareApp(t, db)
		// The first coordinating organisation by name has no contact
		// details: it is the controller, and the second is the contact.
		first := storetest.Organisation(t, app.Store, store.KindCoordinator, storetest.Named("Aardvark Anchor Network"),
			func(in *store.OrganisationInput) { in.ContactEmail = "" })
		second := storetest.Organisation(t, app.Store, store.KindCoordinator, storetest.Named("Beacon Anchor Partners"),
			func(in *store.OrganisationInput) { in.ContactPhone = "0121 496 0000" })
		c := app.Client(t)
		for _, l := range i18n.Words().Languages() {
			loc := i18n.Words().Locale(l.Code)
			home := c.Get("/?lang=" + l.Code)
			webtest.WantBody(t, home, `href="/privacy?lang=`+l.Code+`"`, `href="/accessibility?lang=`+l.Code+`"`)
			for _, tt := range []struct{ path, heading, lead, contact, also string }{
				{"/privacy", "pn_heading", "pn_lead", "pn_contact", "pn_collect_equality"},
				{"/accessibility", "as_heading", "as_lead", "as_contact", "as_known_review"},
			} {
				rec := c.Get(tt.path + "?lang=" + l.Code)
				webtest.WantStatus(t, rec, http.StatusOK)
				if got := rec.Header().Values("Set-Cookie"); len(got) > 0 {
					t.Errorf("%s %s sets cookies %q", l.Code, tt.path, got)
				}
				body := rec.Body.String()
				for _, want := range []string{loc.T(tt.heading), loc.Isolated(tt.lead, "Name", first.Name), loc.Isolated(tt.contact, "Name", second.Name), loc.T(tt.also),
					"mailto:" + second.ContactEmail, "0121 496 0000"} {
					if !strings.Contains(html.UnescapeString(body), want) {
						t.Errorf("%s %s lacks %q", l.Code, tt.path, want)
					}
				}
			}
		}
	})
}

// TestPrivacyNoticeSaysHowLongWhatTheScheduleDoes: the periods the notice
// promises residents are the ones the retention job carries out; change
// one, and this fails until the other says the same.
func TestPrivacyNoticeSaysHowLongWhatTheScheduleDoes(t *testing.T) {
	en := i18n.Words().Locale("en")
	schedule := map[string]string{}
	for _, c := range store.RetentionSchedule() {
		schedule[c.What] = c.Kept
	}
	for _, tt := range []struct{ message, what, period string }{
		{"pn_keep_draft", "Applications started but never sent", "30 days"},
		{"pn_keep_ended", "Applications that ended without a job", "6 months"},
		{"pn_keep_job", "Applications that led to a job", "12 months"},
		{"pn_keep_messages", "Messages in the outbox", "30 days"},
	} {
		if !strings.Contains(en.T(tt.message), tt.period) || !strings.HasPrefix(schedule[tt.what], tt.period) {
			t.Errorf("%s says %q; the schedule keeps %q for %q", tt.message, en.T(tt.message), tt.what, schedule[tt.what])
		}
	}
}

// TestStatementsWithoutACoordinator: before the network has a coordinating
// organisation, the pages still say who runs the service, in general terms,
// and offer no contact.
func TestStatementsWithoutACoordinator(t *testing.T) {
	app := webtest.NewBareApp(t, dbtest.SQLite(t))
	c := app.Client(t)
	en := i18n.Words().Locale("en")
	for _, path := range []string{"/privacy", "/accessibility"} {
		rec := c.Get(path)
		webtest.WantStatus(t, rec, http.StatusOK)
		body := html.UnescapeString(rec.Body.String())
		if !strings.Contains(body, en.T("network_coordinator")) || strings.Contains(body, "mailto:") {
			t.Errorf("%s without a coordinator:\n%s", path, webtest.Snippet(body))
		}
	}
}
