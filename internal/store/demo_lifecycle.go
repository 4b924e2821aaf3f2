package store

import (
	"crypto/rand"
	"fmt"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/portal"
)

// The demo's extra cohorts of Hospitality to Health: one long finished (its
// people are now in work), one running, and one about to start that is
// full with a waiting list. None takes applications any more.
const (
	DemoHTHPastCohortID    = "demo-cohort-hth-past"
	DemoHTHRunningCohortID = "demo-cohort-hth-running"
	DemoHTHFullCohortID    = "demo-cohort-hth-full"
)

// demoNames are the demo applicants, one each.
var demoNames = []string{
	"Amara Okafor", "Ben Whitfield", "Chloe Nguyen", "Dev Patel", "Ellie Murphy", "Farah Hussain", "George Adeyemi",
	"Hannah Kowalski", "Imran Ali", "Jade Thompson", "Kieran O'Neill", "Lena Fischer", "Marcus Green", "Nadia Rahman",
	"Owen Price", "Priya Sharma", "Quinn Baker", "Rosa Martins", "Samir Haddad", "Tara Byrne", "Usman Iqbal",
	"Vicky Lewis", "Wes Campbell", "Xena Papadopoulos", "Yusuf Mohamed", "Zoe Carter", "Aaron Brooks", "Bella Hughes",
	"Callum Reid", "Daisy Evans", "Emeka Obi", "Fatima Begum", "Gavin Shaw", "Holly Ward", "Ismail Khan", "Jasmine Cole",
	"Kwame Mensah", "Lily Turner", "Mohammed Aziz", "Niamh Doyle", "Oscar Bennett", "Poppy Clarke",
}

// demoLife seeds, inside the demo's transaction, about 40 applications to
// Hospitality to Health in every status, through the store's own moves at
// the times each happened, so events, places taken, offers and the outbox
// agree. It does nothing once the demo applications exist.
type demoLife struct {
	tx    *gorm.DB
	day   func(int) time.Time
	m     Messages
	staff portal.Staff
	n     int
}

func (s *Store) seedDemoLifecycle(tx *gorm.DB, now time.Time, m Messages) error {
	var have int64
	if err := tx.Model(&Application{}).Where("id LIKE ?", "demo-app-%").Count(&have).Error; err != nil || have > 0 {
		return err
	}
	day := func(d int) time.Time {
		return time.Date(now.Year(), now.Month(), now.Day(), 9, 30, 0, 0, time.UTC).AddDate(0, 0, d)
	}
	cohorts := []Cohort{
		{ID: DemoHTHPastCohortID, CourseID: "demo-course-hth", StartsOn: day(-260), EndsOn: day(-249), ClosesAt: day(-270),
			VenueName: "Castle Vale Community Hub", VenueAddress: "Reed Square, Castle Vale, Birmingham", VenuePostcode: "B35 7PR", Capacity: 10},
		{ID: DemoHTHRunningCohortID, CourseID: "demo-course-hth", StartsOn: day(-4), EndsOn: day(7), ClosesAt: day(-14),
			VenueName: "Heartlands Hospital Education Centre", VenueAddress: "Bordesley Green East, Birmingham", VenuePostcode: "B9 5SS", Capacity: 8},
		{ID: DemoHTHFullCohortID, CourseID: "demo-course-hth", StartsOn: day(12), EndsOn: day(23), ClosesAt: day(-2),
			VenueName: "Castle Vale Community Hub", VenueAddress: "Reed Square, Castle Vale, Birmingham", VenuePostcode: "B35 7PR", Capacity: 6},
	}
	for i := range cohorts {
		cohorts[i].Version, cohorts[i].CreatedAt, cohorts[i].UpdatedAt = 1, day(-300), day(-300)
	}
	if err := tx.Create(&cohorts).Error; err != nil {
		return err
	}
	d := &demoLife{tx: tx, day: day, m: m, staff: portal.Staff{ID: "demo-staff-recruiter", Role: portal.RoleRecruiter, OrganisationID: DemoTrustID}}
	if err := d.seed(); err != nil {
		return err
	}
	// What the story texted its residents went out when it happened, as the
	// demo sender would have sent it (keeping live links readable in the
	// demo outbox until they expire); nothing is left to send.
	return tx.Exec("UPDATE outbox SET status = ?, sent_at = created_at WHERE status = ? AND recipient IN (SELECT contact_mobile FROM applications WHERE id LIKE ? UNION SELECT contact_email FROM applications WHERE id LIKE ?)",
		OutboxSent, OutboxPending, "demo-app-%", "demo-app-%").Error
}

// step is one thing that happens to a demo application, on a day.
type step struct {
	at   int
	to   portal.Status
	note string
}

func (d *demoLife) seed() error {
	S := -260 // the finished cohort's start
	inWork := func(last portal.Status) []step {
		all := []step{{S, portal.StatusCourseStarted, ""}, {S + 11, portal.StatusCourseCompleted, ""},
			{S + 20, portal.StatusInterview, ""}, {S + 25, portal.StatusJobOffered, "Healthcare support worker, substantive, 37.5 hours"},
			{S + 40, portal.StatusJobStarted, ""}, {S + 131, portal.StatusInWork13, ""}, {S + 222, portal.StatusInWork26, ""}}
		for i, st := range all {
			if st.to == last {
				return all[:i+1]
			}
		}
		return all
	}
	// The finished cohort: offered and accepted before it started, then on.
	past := [][]step{
		inWork(portal.StatusInWork26), inWork(portal.StatusInWork26), inWork(portal.StatusInWork13), inWork(portal.StatusJobStarted),
		inWork(portal.StatusJobOffered), inWork(portal.StatusInterview), inWork(portal.StatusCourseCompleted),
		{{S, portal.StatusCourseStarted, ""}, {S + 6, portal.StatusNotProgressed, "did not complete the course"}},
	}
	for _, steps := range past {
		if err := d.through(DemoHTHPastCohortID, S-45, S-30, steps); err != nil {
			return err
		}
	}
	if err := d.withdrawAfterAccepting(DemoHTHPastCohortID, S-45, S-30, S-20); err != nil {
		return err
	}
	// The running cohort.
	for range 3 {
		if err := d.through(DemoHTHRunningCohortID, -30, -15, []step{{-4, portal.StatusCourseStarted, ""}}); err != nil {
			return err
		}
	}
	if err := d.fullCohort(); err != nil {
		return err
	}
	// The cohort taking applications: the pool.
	for i := range 2 {
		if err := d.insert(DemoHTHCohortID, -3+i, false); err != nil {
			return err
		}
	}
	open := []portal.Status{portal.StatusSubmitted, portal.StatusSubmitted, portal.StatusSubmitted, portal.StatusSubmitted,
		portal.StatusSubmitted, portal.StatusSubmitted, portal.StatusSubmitted, portal.StatusSubmitted, portal.StatusShortlisted,
		portal.StatusShortlisted, portal.StatusShortlisted, portal.StatusShortlisted, portal.StatusShortlisted, portal.StatusNotProgressed}
	for i, to := range open {
		if err := d.insert(DemoHTHCohortID, -9+i/3, true); err != nil {
			return err
		}
		if to != portal.StatusSubmitted {
			if _, err := d.move(-2, to, ""); err != nil {
				return err
			}
		}
	}
	for range 3 { // offered in the open cohort, waiting for an answer
		if err := d.insert(DemoHTHCohortID, -8, true); err != nil {
			return err
		}
		if _, err := d.offer(DemoHTHCohortID, -3, -1); err != nil {
			return err
		}
	}
	return nil
}

// fullCohort fills the cohort about to start: eleven offers for six
// places; six accept, one declines, three accept too late and wait, one
// never answers and the offer expires.
func (d *demoLife) fullCohort() error {
	tokens := make([]string, 11)
	for i := range tokens {
		if err := d.insert(DemoHTHCohortID, -20, true); err != nil {
			return err
		}
		tok, err := d.offer(DemoHTHFullCohortID, -10, -7)
		if err != nil {
			return err
		}
		tokens[i] = tok
	}
	for i, tok := range tokens[:10] {
		at := d.day(-6).Add(time.Duration(i) * time.Hour)
		answer := acceptOffer
		if i == 6 {
			answer = declineOffer
		}
		if _, err := answer(d.tx, at, tok, d.m); err != nil {
			return err
		}
	}
	var last []Application
	if err := d.tx.Select("id", "version").Where("cohort_id = ? AND status = ?", DemoHTHFullCohortID, portal.StatusPlaceOffered).
		Find(&last).Error; err != nil {
		return err
	}
	for _, a := range last {
		if err := expireOffer(d.tx, d.day(-1), Target{ID: a.ID, Version: a.Version}, d.m); err != nil {
			return err
		}
	}
	return nil
}

// through takes a new application through an offer in cohortID, accepted
// the next day, and then steps.
func (d *demoLife) through(cohortID string, submitted, offered int, steps []step) error {
	if err := d.insert(cohortID, submitted, true); err != nil {
		return err
	}
	tok, err := d.offer(cohortID, offered-3, offered)
	if err != nil {
		return err
	}
	if _, err := acceptOffer(d.tx, d.day(offered+1), tok, d.m); err != nil {
		return err
	}
	for _, st := range steps {
		if _, err := d.move(st.at, st.to, st.note); err != nil {
			return err
		}
	}
	return nil
}

// withdrawAfterAccepting is a resident who took a place and gave it back.
func (d *demoLife) withdrawAfterAccepting(cohortID string, submitted, offered, withdrawn int) error {
	if err := d.insert(cohortID, submitted, true); err != nil {
		return err
	}
	tok, err := d.offer(cohortID, offered-3, offered)
	if err != nil {
		return err
	}
	if _, err := acceptOffer(d.tx, d.day(offered+1), tok, d.m); err != nil {
		return err
	}
	var app Application
	if err := d.tx.Where("id = ?", d.id()).Take(&app).Error; err != nil {
		return err
	}
	at := d.day(withdrawn)
	if err := beforeLeavingCohort(d.tx, at, app); err != nil {
		return err
	}
	if _, err := moveApplication(d.tx, at, Target{ID: app.ID, Version: app.Version}, move{actor: portal.ActorResident, to: portal.StatusWithdrawn}); err != nil {
		return err
	}
	return afterLeavingCohort(d.tx, at, app, d.m)
}

func (d *demoLife) id() string { return fmt.Sprintf("demo-app-%02d", d.n) }

// current is the latest demo application as it is now.
func (d *demoLife) current() (Target, error) {
	var app Application
	err := d.tx.Select("id", "version").Where("id = ?", d.id()).Take(&app).Error
	return Target{ID: app.ID, Version: app.Version}, err
}

// move makes a recruiter's move on the latest application on day at.
func (d *demoLife) move(at int, to portal.Status, note string) (Application, error) {
	t, err := d.current()
	if err != nil {
		return Application{}, err
	}
	return moveApplication(d.tx, d.day(at), t, staffMove(d.staff, to, note))
}

// offer shortlists the latest application on day shortlisted and offers it
// a place in cohortID on day offered; it returns the link's token.
func (d *demoLife) offer(cohortID string, shortlisted, offered int) (string, error) {
	if _, err := d.move(shortlisted, portal.StatusShortlisted, ""); err != nil {
		return "", err
	}
	t, err := d.current()
	if err != nil {
		return "", err
	}
	_, token, err := offerPlace(d.tx, d.day(offered), t, cohortID, staffMove(d.staff, portal.StatusPlaceOffered, ""), d.m)
	return token, err
}

// insert adds the next demo applicant's application to cohortID, sent on
// day at (or still a draft), with answers and a routing score that vary.
func (d *demoLife) insert(cohortID string, at int, sent bool) error {
	d.n++
	n, when := d.n, d.day(at)
	c := Contact{FullName: demoNames[(n-1)%len(demoNames)], Mobile: fmt.Sprintf("+447700900%03d", 800+n), Channel: ChannelSMS}
	if n%5 == 0 {
		c.Email, c.Channel = fmt.Sprintf("applicant%02d@demo.example", n), ChannelEmail
	}
	residentID, err := resolveResident(d.tx, when, c)
	if err != nil {
		return err
	}
	pick := func(opts []portal.Option, k int) string { return opts[(n+k)%len(opts)].Value }
	answers := Answers{Tenant: "none", Over18: true, RightToWork: true, Situation: pick(portal.Situations, 0),
		Sectors: []string{pick(portal.Sectors, 1)}, Years: "1_to_5", Skills: []string{pick(portal.Skills, 2), pick(portal.Skills, 5)},
		Interests: []string{pick(portal.Interests, 3)}, Hours: pick(portal.HoursOptions, 4), Travel: pick(portal.TravelOptions, 0),
		WorkDone: true, SupportDone: true, ChoiceDone: true}
	if n%3 == 0 {
		answers.Tenant = DemoPioneerID
	}
	score := 10 + (n*37)%75
	app := Application{
		ID: d.id(), ResidentID: residentID, PathwayID: DemoHTHID, CohortID: &cohortID, TenantOrgID: tenantOf(answers.Tenant),
		Status: portal.StatusDraft, FullName: c.FullName, Postcode: fmt.Sprintf("B35 7%c%c", 'A'+n%26, 'A'+(n*7)%26),
		ContactMobile: optional(c.Mobile), ContactEmail: optional(c.Email), ContactChannel: c.Channel, Answers: answers,
		Routing: []portal.Suggestion{{PathwayID: DemoHTHID, Name: "Hospitality to Health", Score: score,
			Reasons: []string{"You have worked in hospitality: hospital catering and ward host teams value that experience."}}},
		Version: 1, CreatedAt: when.Add(-time.Hour), UpdatedAt: when,
	}
	if sent {
		ref, err := portal.NewReference("HTH", rand.Reader)
		if err != nil {
			return err
		}
		app.Status, app.Reference, app.SubmittedAt, app.Version = portal.StatusSubmitted, &ref, &when, 2
	}
	if err := d.tx.Create(&app).Error; err != nil {
		return err
	}
	if !sent {
		return nil
	}
	// As sending keeps them, for the recruiters' pool to rank and filter.
	if err := d.tx.Model(&Application{}).Where("id = ?", app.ID).
		Updates(map[string]any{"fit_score": fitScore(app), "sectors_done": sectorsDone(app)}).Error; err != nil {
		return err
	}
	return recordEvent(d.tx, when, app.ID, portal.StatusDraft, portal.StatusSubmitted, portal.ActorResident, "", "")
}
