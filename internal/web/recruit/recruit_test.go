package recruit_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
	"anchorpathways/internal/web/recruit"
	"anchorpathways/internal/web/webtest"
)

const (
	secretName    = "Zephyrine Quillfeather"
	secretSupport = "needs a hearing loop zq77"
)

// applicant is a sent application with a distinctive name and support
// details, its routing scoring the pathway.
func applicant(t testing.TB, st *store.Store, b storetest.Built, score int, name string) (store.Application, store.Contact) {
	t.Helper()
	ctx := context.Background()
	c := storetest.Contact()
	c.FullName = name
	app := storetest.Draft(t, st, b, c)
	_, err := st.UpdateDraft(ctx, app.ID, func(a *store.Application) error {
		a.Routing = []portal.Suggestion{{PathwayID: b.ID, Name: b.Name, Score: score, Reasons: []string{"Has kitchen experience"}}}
		a.Answers.Situation, a.Answers.Hours = "unemployed", "full_time"
		a.SupportNeeds = store.Support{Details: secretSupport}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sub, err := st.SubmitApplication(ctx, app.ID, store.Messages{})
	if err != nil {
		t.Fatal(err)
	}
	return sub.Application, c
}

type world struct {
	app              *webtest.App
	b                storetest.Built
	recruiter, coord *webtest.Client
	officer          *webtest.Client
}

func newWorld(t *testing.T, db *gorm.DB) world {
	app := webtest.NewBareApp(t, db)
	b := storetest.Pathway(t, app.Store, storetest.Places(10))
	return world{app: app, b: b,
		recruiter: app.SignIn(t, storetest.Staff(t, app.Store, portal.RoleRecruiter, b.Employer, storetest.EnrolledMFA())),
		coord:     app.SignIn(t, storetest.Staff(t, app.Store, portal.RoleCoordinator, store.Organisation{}, storetest.EnrolledMFA())),
		officer:   app.SignIn(t, storetest.Staff(t, app.Store, portal.RoleHousingOfficer, b.Providers[0], storetest.EnrolledMFA())),
	}
}

// TestNoNameBeforeAnOffer renders every recruiter page with an applicant
// whose name, mobile, postcode and support needs are distinctive, and
// finds none of them until a place is offered; the coordinator sees the
// support needs.
func TestNoNameBeforeAnOffer(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		w := newWorld(t, db)
		a, c := applicant(t, w.app.Store, w.b, 7, secretName)
		secrets := []string{secretName, "Zephyrine", c.Mobile, w.b.Postcode(), secretSupport}
		pool := "/staff/pathways/" + w.b.ID + "/pool"
		key := a.ID + "." + strconv.Itoa(a.Version)
		pages := []string{pool, pool + "?status=submitted", "/staff/applications/" + a.ID,
			pool + "/bulk?action=shortlist&app=" + key, "/staff"}
		check := func(when string) {
			for _, p := range pages {
				rec := w.recruiter.Get(p)
				webtest.WantStatus(t, rec, http.StatusOK)
				for _, s := range secrets {
					if strings.Contains(rec.Body.String(), s) || strings.Contains(rec.Body.String(), escaped(s)) {
						t.Errorf("%s: %s shows %q", when, p, s)
					}
				}
			}
		}
		check("submitted")
		rec := w.recruiter.Get("/staff/applications/" + a.ID)
		webtest.WantBody(t, rec, store.Pseudonym(a.Ref()), "Has kitchen experience")
		rec = w.recruiter.Post(pool+"/bulk", url.Values{"action": {"shortlist"}, "app": {key}})
		webtest.WantBody(t, rec, "1 applicant moved")
		check("shortlisted")
		webtest.WantBody(t, w.coord.Get("/staff/applications/"+a.ID), secretSupport, secretName)
		if n := webtest.Count(t, db, "audit_log", "action = ? AND target_id = ?", store.AuditViewed, a.ID); n != 1 {
			t.Errorf("the coordinator's view of a name: %d audit rows, want 1", n)
		}
		// A place offered: the name shows to the recruiter; support never does.
		offer(t, db, a.ID)
		rec = w.recruiter.Get("/staff/applications/" + a.ID)
		webtest.WantBody(t, rec, secretName, escaped(c.Mobile))
		if strings.Contains(rec.Body.String(), secretSupport) {
			t.Error("recruiter sees support needs after the offer")
		}
	})
}

// offer stands in for part A's offer page: the application is now at
// "place offered".
func offer(t *testing.T, db *gorm.DB, id string) {
	t.Helper()
	if err := db.Exec("UPDATE applications SET status = ?, version = version + 1 WHERE id = ?", portal.StatusPlaceOffered, id).Error; err != nil {
		t.Fatal(err)
	}
}

// escaped is s as html/template writes it in text.
func escaped(s string) string { return strings.ReplaceAll(html.EscapeString(s), "+", "&#43;") }

var moveVersionRE = regexp.MustCompile(`name="version" value="(\d+)"`)

// TestMovesOnTheApplicationPage: a move posts and redirects; the same page
// posted again gets the conflict page; no reason is a 422 with the summary;
// a housing officer is refused.
func TestMovesOnTheApplicationPage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		w := newWorld(t, db)
		a, c := applicant(t, w.app.Store, w.b, 3, "Ordinary Person")
		path := "/staff/applications/" + a.ID
		rec := w.recruiter.Get(path)
		webtest.WantBody(t, rec, "Shortlist", "Do not progress")
		v := moveVersionRE.FindStringSubmatch(rec.Body.String())[1]
		webtest.WantStatus(t, w.officer.Get(path), http.StatusForbidden)
		webtest.WantStatus(t, w.officer.Post(path+"/move", url.Values{"action": {"shortlist"}, "version": {v}}), http.StatusForbidden)
		rec = w.recruiter.Post(path+"/move", url.Values{"action": {"not_progress"}, "version": {v}, "seen": {"submitted"}})
		webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
		webtest.WantBody(t, rec, "There is a problem", "Select why the application is not going forward")
		webtest.WantRedirect(t, w.recruiter.Post(path+"/move", url.Values{"action": {"shortlist"}, "version": {v}, "seen": {"submitted"}}), path)
		if m, _ := w.app.Store.LatestOutboxTo(context.Background(), c.Mobile); !strings.Contains(m.Body, "shortlist") {
			t.Errorf("no shortlist message: %q", m.Body)
		}
		rec = w.coord.Post(path+"/move", url.Values{"action": {"shortlist"}, "version": {v}, "seen": {"submitted"}})
		webtest.WantStatus(t, rec, http.StatusConflict)
		webtest.WantBody(t, rec, "Shortlisted")
		rec = w.recruiter.Get(path)
		webtest.WantBody(t, rec, "Shortlisted", "/staff/applications/"+a.ID+"/offer")
		// Notes: empty is a 422, a real one is kept and shown.
		webtest.WantStatus(t, w.recruiter.Post(path+"/notes", url.Values{"note": {"  "}}), http.StatusUnprocessableEntity)
		webtest.WantRedirect(t, w.recruiter.Post(path+"/notes", url.Values{"note": {"Strong on hygiene"}}), path+"#notes")
		webtest.WantBody(t, w.coord.Get(path), "Strong on hygiene")
	})
}

// TestBulkPages: the confirmation counts the selection; the moves land for
// those that can, and the rest are listed.
func TestBulkPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		w := newWorld(t, db)
		pool := "/staff/pathways/" + w.b.ID + "/pool"
		a1, c1 := applicant(t, w.app.Store, w.b, 5, "One Person")
		a2, _ := applicant(t, w.app.Store, w.b, 4, "Two Person")
		a3, _ := applicant(t, w.app.Store, w.b, 3, "Three Person")
		rec := w.recruiter.Get(pool)
		webtest.WantBody(t, rec, `name="app" type="checkbox" value="`+a1.ID+"."+strconv.Itoa(a1.Version)+`"`, "Sent: <strong>3</strong>")
		keys := []string{a1.ID + "." + strconv.Itoa(a1.Version), a2.ID + "." + strconv.Itoa(a2.Version-1), a3.ID + "." + strconv.Itoa(a3.Version)}
		q := url.Values{"action": {"not_progress"}, "app": keys}
		rec = w.recruiter.Get(pool + "/bulk?" + q.Encode())
		webtest.WantStatus(t, rec, http.StatusOK)
		webtest.WantBody(t, rec, "3 applicants will be not progressed")
		webtest.WantStatus(t, w.recruiter.Get(pool+"/bulk?action=shortlist"), http.StatusUnprocessableEntity)
		rec = w.recruiter.Post(pool+"/bulk", q)
		webtest.WantStatus(t, rec, http.StatusUnprocessableEntity)
		webtest.WantBody(t, rec, "Select why the applications are not going forward")
		q.Set("reason", "places_filled")
		rec = w.recruiter.Post(pool+"/bulk", q)
		webtest.WantStatus(t, rec, http.StatusOK)
		webtest.WantBody(t, rec, "2 applicants moved", "1 could not be moved", store.Pseudonym(a2.Ref()))
		webtest.WantBody(t, w.recruiter.Get(pool), "Not taken forward: <strong>2</strong>", "Sent: <strong>1</strong>")
		// The resident sees the reason and a next step on /status.
		r, _ := portal.ReasonFor("places_filled")
		res := w.app.Client(t)
		res.Get("/status")
		webtest.WantRedirect(t, res.Post("/status", url.Values{"contact": {c1.Mobile}}), "/status/code")
		res.Get("/status/code")
		webtest.WantRedirect(t, res.Post("/status/code", url.Values{"code": {w.app.LatestCode(t, c1.Mobile)}}), "/status/applications")
		webtest.WantBody(t, res.Get("/status/applications"), html.EscapeString(r.Text), html.EscapeString(r.NextStep))
		other := storetest.Pathway(t, w.app.Store)
		webtest.WantStatus(t, w.recruiter.Get("/staff/pathways/"+other.ID+"/pool"), http.StatusNotFound)
		webtest.WantStatus(t, w.recruiter.Post("/staff/pathways/"+other.ID+"/pool/bulk", q), http.StatusNotFound)
	})
}

// TestExportCSV: names only for those offered, formula-safe cells, a BOM,
// not cacheable.
func TestExportCSV(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		w := newWorld(t, db)
		a, _ := applicant(t, w.app.Store, w.b, 5, "=HYPERLINK(\"http://evil\")")
		applicant(t, w.app.Store, w.b, 4, secretName)
		offer(t, db, a.ID)
		rec := w.recruiter.Get("/staff/pathways/" + w.b.ID + "/cohorts/" + w.b.Cohort.ID + "/export.csv")
		webtest.WantStatus(t, rec, http.StatusOK)
		got := rec.Body.String()
		if !strings.HasPrefix(got, "\uFEFFReference,Name,") {
			t.Errorf("no BOM and header: %q", got[:min(len(got), 40)])
		}
		if !strings.Contains(got, `"'=HYPERLINK(""http://evil"")"`) || strings.Contains(got, secretName) {
			t.Errorf("export:\n%s", got)
		}
		if cc := rec.Header().Get("Cache-Control"); cc != "no-store" {
			t.Errorf("Cache-Control %q", cc)
		}
		webtest.WantStatus(t, w.officer.Get("/staff/pathways/"+w.b.ID+"/cohorts/"+w.b.Cohort.ID+"/export.csv"), http.StatusForbidden)
	})
}

func TestFormulaSafe(t *testing.T) {
	for in, want := range map[string]string{"=1+1": "'=1+1", "+44": "'+44", "-2": "'-2", "@SUM": "'@SUM",
		"\tx": "'\tx", "\rx": "'\rx", "Ann": "Ann", "": "", "Zoë ☃": "Zoë ☃"} {
		if got := recruit.FormulaSafe(in); got != want {
			t.Errorf("FormulaSafe(%q) = %q, want %q", in, got, want)
		}
	}
	b, err := recruit.WriteCSV([][]string{{"a,b", "=x"}})
	if err != nil || string(b) != "\uFEFF\"a,b\",'=x\r\n" {
		t.Errorf("WriteCSV = %q, %v", b, err)
	}
}
