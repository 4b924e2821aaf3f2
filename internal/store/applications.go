// This file is over 300 lines because it holds the whole application
// aggregate, as the one-file-per-aggregate rule asks; sending an application
// (SubmitApplication and its helpers) is the part to move out if it grows.

package store

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/database"
	"anchorpathways/internal/portal"
)

// Answers are what a resident told us while applying, apart from support
// needs. Stored as JSON on the application.
type Answers struct {
	Tenant      string   `json:"tenant"`
	Over18      bool     `json:"over18"`
	RightToWork bool     `json:"right_to_work"`
	Situation   string   `json:"situation,omitempty"`
	Sectors     []string `json:"sectors,omitempty"`
	Years       string   `json:"years,omitempty"`
	Skills      []string `json:"skills,omitempty"`
	Interests   []string `json:"interests,omitempty"`
	Hours       string   `json:"hours,omitempty"`
	Travel      string   `json:"travel,omitempty"`
	// WorkDone and SupportDone record that the resident has been through those
	// steps, so that "check your answers" knows nothing was skipped. WorkDone
	// means all four parts of "your work" are answered (see MarkWorkPart); a
	// draft saved before "your work" was split has WorkDone alone, which
	// means the same.
	WorkDone    bool `json:"work_done,omitempty"`
	SupportDone bool `json:"support_done,omitempty"`
	ChoiceDone  bool `json:"choice_done,omitempty"`
	// The parts of "your work", one page each. Absent (false) in old drafts.
	SituationDone   bool `json:"situation_done,omitempty"`
	ExperienceDone  bool `json:"experience_done,omitempty"`
	SkillsDone      bool `json:"skills_done,omitempty"`
	PreferencesDone bool `json:"preferences_done,omitempty"`
}

// WorkPart is one page of "your work".
type WorkPart int

// The parts of "your work", in the order the journey asks them.
const (
	WorkSituation   WorkPart = iota // what is your work situation now
	WorkExperience                  // kinds of work done, and for how long
	WorkSkills                      // what you can already do
	WorkPreferences                 // jobs you would like, hours, travel
)

// WorkPartDone reports whether the resident has answered part p.
func (a Answers) WorkPartDone(p WorkPart) bool {
	if a.WorkDone {
		return true
	}
	switch p {
	case WorkSituation:
		return a.SituationDone
	case WorkExperience:
		return a.ExperienceDone
	case WorkSkills:
		return a.SkillsDone
	case WorkPreferences:
		return a.PreferencesDone
	}
	return false
}

// MarkWorkPart records that part p is answered, and sets WorkDone once all
// four are. An old draft's WorkDone stands for all four parts, so it is
// spelled out first: changing one answer never undoes the others.
func (a *Answers) MarkWorkPart(p WorkPart) {
	if a.WorkDone {
		a.SituationDone, a.ExperienceDone, a.SkillsDone, a.PreferencesDone = true, true, true, true
	}
	switch p {
	case WorkSituation:
		a.SituationDone = true
	case WorkExperience:
		a.ExperienceDone = true
	case WorkSkills:
		a.SkillsDone = true
	case WorkPreferences:
		a.PreferencesDone = true
	}
	a.WorkDone = a.SituationDone && a.ExperienceDone && a.SkillsDone && a.PreferencesDone
}

// Profile is the part of the answers routing rules look at.
func (a Answers) Profile() portal.ResidentProfile {
	return portal.ResidentProfile{Situation: a.Situation, Sectors: a.Sectors, Skills: a.Skills, Interests: a.Interests, Hours: a.Hours, Travel: a.Travel}
}

// Support is what would help a resident take part. Coordinators see it;
// recruiters never do, so it lives in its own column.
type Support struct {
	Needs   []string `json:"needs,omitempty"`
	Details string   `json:"details,omitempty"`
}

// Application is a resident's application to a pathway.
type Application struct {
	ID             string
	Reference      *string
	ResidentID     string
	PathwayID      string
	CohortID       *string
	TenantOrgID    *string
	Status         portal.Status
	FullName       string
	Postcode       string
	ContactMobile  *string
	ContactEmail   *string
	ContactChannel string
	Answers        Answers             `gorm:"serializer:json"`
	SupportNeeds   Support             `gorm:"serializer:json"`
	Routing        []portal.Suggestion `gorm:"serializer:json"`
	Version        int
	SubmittedAt    *time.Time
	ClosedAt       *time.Time
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// Ref is the reference, or "" for a draft.
func (a Application) Ref() string {
	if a.Reference == nil {
		return ""
	}
	return *a.Reference
}

// Names reports whether the application gave contact as its mobile or email.
func (a Application) Names(contact string) bool {
	return contact != "" && ((a.ContactMobile != nil && *a.ContactMobile == contact) || (a.ContactEmail != nil && *a.ContactEmail == contact))
}

// ApplicationEvent is one change of status.
type ApplicationEvent struct {
	ID            string
	ApplicationID string
	FromStatus    portal.Status
	ToStatus      portal.Status
	Actor         portal.Actor
	ActorID       string
	Note          string
	CreatedAt     time.Time
}

// Contact is how to reach a resident; at least one of Mobile and Email.
type Contact struct {
	FullName string
	Mobile   string // E.164, or ""
	Email    string // normalised, or ""
	Channel  string // ChannelSMS or ChannelEmail
}

// ErrAlreadyApplied is returned with the existing open application when a
// resident starts a second application to the same pathway.
var ErrAlreadyApplied = fmt.Errorf("%w: already applied", portal.ErrConflict)

// StartApplication finds or creates the resident named by the contact details
// and opens a draft application to the pathway with the eligibility answers.
// When that resident already has an open application to the pathway, it
// returns that application and ErrAlreadyApplied: a resident never has two.
// Existing resident records are never changed from unverified input.
func (s *Store) StartApplication(ctx context.Context, pathwayID string, e Eligibility, c Contact) (_ Application, err error) {
	defer wrap(&err, "StartApplication")
	now := s.now()
	app := Application{
		ID: portal.NewID(), PathwayID: pathwayID, Status: portal.StatusDraft,
		FullName: c.FullName, Postcode: e.Postcode, ContactMobile: optional(c.Mobile), ContactEmail: optional(c.Email),
		ContactChannel: c.Channel, Answers: Answers{Tenant: e.Tenant, Over18: e.Over18, RightToWork: e.RightToWork},
		Routing: []portal.Suggestion{}, Version: 1, CreatedAt: now, UpdatedAt: now, TenantOrgID: tenantOf(e.Tenant),
	}
	var existing Application
	err = s.tx(ctx, func(tx *gorm.DB) error {
		residentID, err := resolveResident(tx, now, c)
		if err != nil {
			return err
		}
		app.ResidentID = residentID
		err = tx.Where("resident_id = ? AND pathway_id = ? AND closed_at IS NULL", residentID, pathwayID).Take(&existing).Error
		if err == nil {
			return ErrAlreadyApplied
		}
		if !errors.Is(err, gorm.ErrRecordNotFound) {
			return err
		}
		return tx.Create(&app).Error
	})
	switch {
	case errors.Is(err, ErrAlreadyApplied):
		return existing, err
	case database.IsUniqueViolation(err):
		// Another request opened one at the same moment: answer with it.
		err := s.db.WithContext(ctx).
			Where("pathway_id = ? AND closed_at IS NULL AND resident_id = (SELECT id FROM residents WHERE mobile = ? OR email = ? ORDER BY created_at LIMIT 1)",
				pathwayID, c.Mobile, c.Email).
			Take(&existing).Error
		if err != nil {
			return Application{}, err
		}
		return existing, ErrAlreadyApplied
	case err != nil:
		return Application{}, err
	}
	return app, nil
}

// resolveResident returns the resident with this mobile (first) or email, or
// creates one. A new record takes an email only if no one else has it.
func resolveResident(tx *gorm.DB, now time.Time, c Contact) (string, error) {
	var ids []string
	q := tx.Table("residents").Select("id")
	switch {
	case c.Mobile != "":
		q = q.Where("mobile = ?", c.Mobile)
	case c.Email != "":
		q = q.Where("email = ?", c.Email)
	default:
		return "", errors.New("a resident needs a mobile or an email")
	}
	if err := q.Limit(1).Pluck("id", &ids).Error; err != nil {
		return "", err
	}
	if len(ids) == 1 {
		return ids[0], nil
	}
	email := c.Email
	if c.Mobile != "" && email != "" {
		var n int64
		if err := tx.Table("residents").Where("email = ?", email).Count(&n).Error; err != nil {
			return "", err
		}
		if n > 0 {
			email = ""
		}
	}
	id := portal.NewID()
	err := tx.Exec(`INSERT INTO residents (id, mobile, email, preferred_channel, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
		id, optional(c.Mobile), optional(email), c.Channel, now, now).Error
	return id, err
}

// ApplicationByID returns an application, or portal.ErrNotFound. Only
// callers that already hold the ID through the resident's own session use it.
func (s *Store) ApplicationByID(ctx context.Context, id string) (_ Application, err error) {
	defer wrap(&err, "ApplicationByID")
	var app Application
	err = s.db.WithContext(ctx).Where("id = ?", id).Take(&app).Error
	return app, notFound(err)
}

// UpdateDraft applies change to a draft application and saves it, with
// optimistic locking: portal.ErrConflict when it is no longer a draft or
// someone else saved it in between, portal.ErrNotFound when it does not exist.
func (s *Store) UpdateDraft(ctx context.Context, id string, change func(*Application) error) (_ Application, err error) {
	defer wrap(&err, "UpdateDraft")
	var app Application
	err = s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Where("id = ?", id).Take(&app).Error; err != nil {
			return notFound(err)
		}
		if app.Status != portal.StatusDraft {
			return portal.ErrConflict
		}
		if err := change(&app); err != nil {
			return err
		}
		res := tx.Model(&Application{}).Where("id = ? AND version = ? AND status = ?", id, app.Version, portal.StatusDraft).
			Updates(map[string]any{
				"full_name": app.FullName, "postcode": app.Postcode, "contact_mobile": app.ContactMobile,
				"contact_email": app.ContactEmail, "contact_channel": app.ContactChannel, "pathway_id": app.PathwayID,
				"cohort_id": app.CohortID, "answers": jsonOf(app.Answers), "support_needs": jsonOf(app.SupportNeeds),
				"routing": jsonOf(app.Routing), "version": app.Version + 1, "updated_at": s.now(),
				"tenant_org_id": tenantOf(app.Answers.Tenant),
			})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return portal.ErrConflict
		}
		app.Version++
		return nil
	})
	if database.IsUniqueViolation(err) {
		return app, ErrAlreadyApplied
	}
	return app, err
}

// Submission is what a submitted application's confirmation needs.
type Submission struct {
	Application
	PathwayName string
	Cohort      *Cohort
	// Fresh is false when the application had already been submitted (a
	// double-tapped button, a second tab): nothing new happened.
	Fresh bool
}

// ErrPathwayClosed is returned when a draft is sent after its pathway
// stopped taking applications, or after its chosen cohort's closing time.
var ErrPathwayClosed = fmt.Errorf("%w: applications have closed", portal.ErrConflict)

// SubmitCheck is a caller's condition on a draft about to be sent, run on the
// draft SubmitApplication has just read (so it costs no query): a non-nil
// error stops the send.
type SubmitCheck func(Application) error

// NotReadyError is SubmitApplication's answer when a SubmitCheck refused the
// draft: nothing was written. Application is the draft as read, so that the
// caller can say what is missing without reading it again.
type NotReadyError struct {
	Application Application
	Err         error
}

func (e *NotReadyError) Error() string { return "draft not ready to send: " + e.Err.Error() }

// Unwrap keeps errors.Is working on the check's own error.
func (e *NotReadyError) Unwrap() error { return e.Err }

// SubmitApplication moves a draft to submitted, gives it a reference, records
// the change and queues a confirmation to the resident, atomically. The
// resident whose session holds the draft may call it. Submitting twice, or
// from ten requests at once, yields one submission: the others get the same
// application back with Fresh false. Each check runs on the draft before
// anything is written (not on an application already sent).
//
// Errors: portal.ErrNotFound when there is no such application;
// *NotReadyError when a check refused the draft; ErrPathwayClosed (a
// portal.ErrConflict) when its pathway is closed or its chosen cohort has
// closed for applications, checked again in the writing statement so that a
// pathway closed meanwhile is never written to; others are the database's.
// All name the use case.
//
// It makes two round trips on PostgreSQL (one read, one statement that
// writes the application, its event and its message) and six on SQLite,
// which cannot write several tables in one statement but has no network.
func (s *Store) SubmitApplication(ctx context.Context, id string, m Messages, checks ...SubmitCheck) (Submission, error) {
	out, err := s.submit(ctx, id, m, checks)
	wrap(&err, "SubmitApplication")
	return out, err
}

// submissionRow is an application with what its confirmation needs, read in
// one query: the pathway's name and prefix and, when chosen, the cohort.
type submissionRow struct {
	Application
	PathwayName string
	RefPrefix   string
	PathwayOpen bool
	Cohort      Cohort `gorm:"embedded;embeddedPrefix:c_"`
}

const submissionQuery = `SELECT applications.*, pathways.name AS pathway_name, pathways.ref_prefix AS ref_prefix,
  pathways.is_open AS pathway_open,
  cohorts.id AS c_id, cohorts.course_id AS c_course_id, cohorts.starts_on AS c_starts_on, cohorts.ends_on AS c_ends_on,
  cohorts.closes_at AS c_closes_at, cohorts.venue_name AS c_venue_name, cohorts.venue_address AS c_venue_address,
  cohorts.venue_postcode AS c_venue_postcode, cohorts.capacity AS c_capacity, cohorts.places_taken AS c_places_taken,
  cohorts.version AS c_version, cohorts.created_at AS c_created_at, cohorts.updated_at AS c_updated_at
FROM applications
JOIN pathways ON pathways.id = applications.pathway_id
LEFT JOIN cohorts ON cohorts.id = applications.cohort_id
WHERE applications.id = ?`

// readSubmission loads an application for SubmitApplication, with its
// pathway's reference prefix and whether it takes applications at now;
// ErrNotFound when there is none.
func (s *Store) readSubmission(ctx context.Context, id string, now time.Time) (Submission, string, bool, error) {
	var rows []submissionRow
	if err := s.db.WithContext(ctx).Raw(submissionQuery, id).Scan(&rows).Error; err != nil {
		return Submission{}, "", false, err
	}
	if len(rows) == 0 {
		return Submission{}, "", false, portal.ErrNotFound
	}
	r := rows[0]
	out := Submission{Application: r.Application, PathwayName: r.PathwayName}
	if r.CohortID != nil && r.Cohort.ID != "" {
		c := r.Cohort
		out.Cohort = &c
	}
	open := r.PathwayOpen && (out.Cohort == nil || out.Cohort.ClosesAt.After(now))
	return out, r.RefPrefix, open, nil
}

// stillOpen is the writing statements' own condition that the draft's
// pathway is open and its chosen cohort (if any) not closed: the read's
// answer could be stale by the time of the write. Its ? is now.
const stillOpen = `EXISTS (SELECT 1 FROM pathways WHERE pathways.id = applications.pathway_id AND pathways.is_open = TRUE)
  AND (applications.cohort_id IS NULL OR EXISTS (SELECT 1 FROM cohorts WHERE cohorts.id = applications.cohort_id AND cohorts.closes_at > ?))`

// submitPostgres is the one statement that sends an application on
// PostgreSQL: the conditional UPDATE takes the draft, and the event and the
// message are written only when it did. One statement is one transaction.
const submitPostgres = `WITH up AS (
  UPDATE applications SET status = ?, reference = ?, submitted_at = ?, version = version + 1, updated_at = ?
  WHERE id = ? AND status = ? AND ` + stillOpen + ` RETURNING id
), ev AS (
  INSERT INTO application_events (id, application_id, from_status, to_status, actor, actor_id, note, created_at)
  SELECT CAST(? AS TEXT), up.id, CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), '', '', CAST(? AS TIMESTAMP) FROM up
), msg AS (
  INSERT INTO outbox (id, channel, recipient, subject, body, status, attempts, next_attempt_at, last_error, created_at)
  SELECT CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), 0,
    CAST(? AS TIMESTAMP), '', CAST(? AS TIMESTAMP) FROM up
)
SELECT id FROM up`

func (s *Store) submit(ctx context.Context, id string, m Messages, checks []SubmitCheck) (Submission, error) {
	out, prefix, open, err := s.readSubmission(ctx, id, s.now())
	if err != nil || out.Status != portal.StatusDraft {
		return out, err
	}
	for _, check := range checks {
		if err := check(out.Application); err != nil {
			return out, &NotReadyError{Application: out.Application, Err: err}
		}
	}
	if !open {
		return out, ErrPathwayClosed
	}
	if err := portal.Transition(portal.StatusDraft, portal.StatusSubmitted, portal.ActorResident); err != nil {
		return out, err
	}
	draft := out
	for attempt := 0; attempt < 3; attempt++ {
		ref, err := portal.NewReference(prefix, rand.Reader)
		if err != nil {
			return out, err
		}
		now := s.now()
		out = draft
		out.Status, out.Reference, out.SubmittedAt, out.Fresh = portal.StatusSubmitted, &ref, &now, true
		out.Version, out.UpdatedAt = draft.Version+1, now
		channel, to := out.channel()
		subject, body := m.Submitted(out)
		if strings.TrimSpace(to) == "" {
			return draft, errors.New("no contact to confirm to")
		}
		var took bool
		if database.DialectOf(s.db) == database.Postgres {
			took, err = s.submitOneStatement(ctx, id, ref, now, channel, to, subject, body)
		} else {
			took, err = s.submitInTx(ctx, id, ref, now, channel, to, subject, body)
		}
		switch {
		case database.IsUniqueViolation(err):
			continue // the reference collided: draw another
		case err != nil:
			return draft, err
		case !took:
			// Someone else submitted it between our read and write, or the
			// pathway closed meanwhile (then it is still a draft).
			again, _, _, err := s.readSubmission(ctx, id, now)
			if err == nil && again.Status == portal.StatusDraft {
				return again, ErrPathwayClosed
			}
			return again, err
		}
		return out, nil
	}
	return draft, errors.New("could not draw a unique reference")
}

// submitOneStatement sends the draft with submitPostgres and reports
// whether this call was the one that took it.
func (s *Store) submitOneStatement(ctx context.Context, id, ref string, now time.Time, channel, to, subject, body string) (bool, error) {
	t := dbTime(now)
	var ids []string
	err := s.db.WithContext(ctx).Raw(submitPostgres,
		portal.StatusSubmitted, ref, now, now, id, portal.StatusDraft, now,
		portal.NewID(), portal.StatusDraft, portal.StatusSubmitted, portal.ActorResident, now,
		portal.NewID(), channel, to, subject, body, OutboxPending, t, t,
	).Scan(&ids).Error
	return len(ids) == 1, err
}

// submitInTx is submitOneStatement for SQLite: the same three writes, in
// one transaction.
func (s *Store) submitInTx(ctx context.Context, id, ref string, now time.Time, channel, to, subject, body string) (bool, error) {
	var took bool
	err := s.tx(ctx, func(tx *gorm.DB) error {
		res := tx.Model(&Application{}).Where("id = ? AND status = ? AND "+stillOpen, id, portal.StatusDraft, now).Updates(map[string]any{
			"status": portal.StatusSubmitted, "reference": ref, "submitted_at": now,
			"version": gorm.Expr("version + 1"), "updated_at": now,
		})
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error
		}
		took = true
		if err := recordEvent(tx, now, id, portal.StatusDraft, portal.StatusSubmitted, portal.ActorResident, "", ""); err != nil {
			return err
		}
		return enqueue(tx, now, channel, to, subject, body)
	})
	return took && err == nil, err
}

// SubmissionByID returns a submitted application for its confirmation page.
func (s *Store) SubmissionByID(ctx context.Context, id string) (_ Submission, err error) {
	defer wrap(&err, "SubmissionByID")
	var out Submission
	db := s.db.WithContext(ctx)
	if err := db.Where("id = ? AND status <> ?", id, portal.StatusDraft).Take(&out.Application).Error; err != nil {
		return out, notFound(err)
	}
	if err := db.Table("pathways").Select("name").Where("id = ?", out.PathwayID).Scan(&out.PathwayName).Error; err != nil {
		return out, err
	}
	if out.CohortID != nil {
		var c Cohort
		if err := db.Where("id = ?", *out.CohortID).Take(&c).Error; err != nil {
			return out, err
		}
		out.Cohort = &c
	}
	return out, nil
}

// channel picks where to write to the resident: their preference when they
// gave that contact, else whichever they gave.
func (a Application) channel() (string, string) {
	if a.ContactChannel == ChannelEmail && a.ContactEmail != nil {
		return ChannelEmail, *a.ContactEmail
	}
	if a.ContactMobile != nil {
		return ChannelSMS, *a.ContactMobile
	}
	return ChannelEmail, *a.ContactEmail
}

func recordEvent(tx *gorm.DB, now time.Time, appID string, from, to portal.Status, actor portal.Actor, actorID, note string) error {
	return tx.Create(&ApplicationEvent{ID: portal.NewID(), ApplicationID: appID, FromStatus: from, ToStatus: to,
		Actor: actor, ActorID: actorID, Note: note, CreatedAt: now}).Error
}

// ResidentApplication is one application as its resident sees it.
type ResidentApplication struct {
	Application
	PathwayName string
	PathwaySlug string
	Cohort      *Cohort
	Events      []ApplicationEvent
}

// ApplicationsForContact returns the applications that name the contact a
// resident proved with a one-time code, with their history: unsent drafts
// first, then newest first.
// It makes three queries whatever the number of applications.
func (s *Store) ApplicationsForContact(ctx context.Context, contact string) (_ []ResidentApplication, err error) {
	defer wrap(&err, "ApplicationsForContact")
	if contact == "" {
		return nil, portal.ErrForbidden
	}
	db := s.db.WithContext(ctx)
	var rows []struct {
		Application
		PathwayName string
		PathwaySlug string
	}
	err = db.Table("applications").
		Select("applications.*, pathways.name AS pathway_name, pathways.slug AS pathway_slug").
		Joins("JOIN pathways ON pathways.id = applications.pathway_id").
		Where("applications.contact_mobile = ? OR applications.contact_email = ?", contact, contact).
		// A draft not yet sent comes first: it is the one thing the resident
		// still has to do. The CASE compares with a constant, never input.
		Order("CASE WHEN applications.status = 'draft' THEN 0 ELSE 1 END, applications.created_at DESC, applications.id").
		Scan(&rows).Error
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	ids := make([]string, len(rows))
	var cohortIDs []string
	for i, r := range rows {
		ids[i] = r.ID
		if r.CohortID != nil {
			cohortIDs = append(cohortIDs, *r.CohortID)
		}
	}
	var events []ApplicationEvent
	if err := db.Where("application_id IN ?", ids).Order("created_at, id").Find(&events).Error; err != nil {
		return nil, err
	}
	var cohorts []Cohort
	if len(cohortIDs) > 0 {
		if err := db.Where("id IN ?", cohortIDs).Find(&cohorts).Error; err != nil {
			return nil, err
		}
	}
	out := make([]ResidentApplication, len(rows))
	for i, r := range rows {
		out[i] = ResidentApplication{Application: r.Application, PathwayName: r.PathwayName, PathwaySlug: r.PathwaySlug}
		for _, e := range events {
			if e.ApplicationID == r.ID {
				out[i].Events = append(out[i].Events, e)
			}
		}
		for j := range cohorts {
			if r.CohortID != nil && cohorts[j].ID == *r.CohortID {
				out[i].Cohort = &cohorts[j]
			}
		}
	}
	return out, nil
}

// WithdrawApplication withdraws, for the resident who proved contact, one of
// their open applications, recording the change and telling them. Errors:
// portal.ErrNotFound (no such application for this contact), portal.ErrConflict
// (it can no longer be withdrawn, or changed meanwhile).
func (s *Store) WithdrawApplication(ctx context.Context, id, contact string, m Messages) (err error) {
	defer wrap(&err, "WithdrawApplication")
	return s.tx(ctx, func(tx *gorm.DB) error {
		var app Application
		err := tx.Where("id = ? AND (contact_mobile = ? OR contact_email = ?)", id, contact, contact).Take(&app).Error
		if err != nil {
			return notFound(err)
		}
		if err := portal.Transition(app.Status, portal.StatusWithdrawn, portal.ActorResident); err != nil {
			return portal.ErrConflict
		}
		now := s.now()
		res := tx.Model(&Application{}).Where("id = ? AND version = ?", id, app.Version).Updates(map[string]any{
			"status": portal.StatusWithdrawn, "closed_at": now, "version": app.Version + 1, "updated_at": now,
		})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return portal.ErrConflict
		}
		if err := recordEvent(tx, now, id, app.Status, portal.StatusWithdrawn, portal.ActorResident, "", ""); err != nil {
			return err
		}
		if app.Status == portal.StatusDraft {
			return nil // nothing was ever sent; no need to write
		}
		var p Pathway
		if err := tx.Where("id = ?", app.PathwayID).Take(&p).Error; err != nil {
			return err
		}
		channel, to := app.channel()
		subject, body := m.Withdrawn(app, p.Name)
		return enqueue(tx, now, channel, to, subject, body)
	})
}

// tenantOf is the partner housing provider a resident rents from, if any.
func tenantOf(answer string) *string {
	if answer == "none" {
		return nil
	}
	return optional(answer)
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// wrap names the use case in a non-nil *err, for logs, keeping errors.Is and
// errors.As working on what it wraps.
func wrap(err *error, useCase string) {
	if *err != nil {
		*err = fmt.Errorf("store: %s: %w", useCase, *err)
	}
}
