// This file is over 300 lines because it holds the whole application
// aggregate, as the one-file-per-aggregate rule asks; sending an application
// (SubmitApplication and its helpers) has moved out to submit.go.

package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/database"
	"anchorpathways/internal/i18n"
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
	ID          string
	Reference   *string
	ResidentID  string
	PathwayID   string
	CohortID    *string
	TenantOrgID *string
	// ReferralID is the housing officer's referral the draft came from, if
	// any; ShareProgress is the resident's answer: may their housing
	// provider's officers see how the application is going.
	ReferralID     *string
	ShareProgress  bool
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
// The contact of the chosen channel (Proved) is the one the resident has
// shown they hold with a code; the other is kept on the application for
// messages only.
type Contact struct {
	FullName string
	Mobile   string // E.164, or ""
	Email    string // normalised, or ""
	Channel  string // ChannelSMS or ChannelEmail
	// Language is the page's language code, stored on the resident for
	// later messages; "" leaves it as it is.
	Language string `json:",omitempty"`
}

// Proved is the contact of the chosen channel: the one a code goes to.
func (c Contact) Proved() string {
	if c.Channel == ChannelEmail {
		return c.Email
	}
	return c.Mobile
}

// ErrAlreadyApplied is returned with the existing open application when a
// resident starts a second application to the same pathway.
var ErrAlreadyApplied = fmt.Errorf("%w: already applied", portal.ErrConflict)

// StartApplication finds or creates the resident who holds c.Proved() and
// opens a draft application to the pathway with the eligibility answers.
// The caller must have had the resident prove that contact with a code
// (apply does, in this browser session). When that resident already has an
// open application to the pathway, it returns that application and
// ErrAlreadyApplied: a resident never has two. Resident records only ever
// hold proved contacts.
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
			Where("pathway_id = ? AND closed_at IS NULL AND resident_id IN (SELECT id FROM residents WHERE mobile = ? OR email = ?)",
				pathwayID, c.Proved(), c.Proved()).
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

// resolveResident returns the resident who holds the proved contact
// (c.Proved()), or creates one with that contact alone: the other contact
// was not proved, and a record holding it would let its real holder be
// matched to someone else's applications.
func resolveResident(tx *gorm.DB, now time.Time, c Contact) (string, error) {
	proved := c.Proved()
	if proved == "" {
		return "", errors.New("a resident needs a proved mobile or email")
	}
	column, mobile, email := "mobile", proved, ""
	if c.Channel == ChannelEmail {
		column, mobile, email = "email", "", proved
	}
	var found []struct{ ID, PreferredLanguage string }
	if err := tx.Table("residents").Select("id, preferred_language").Where(column+" = ?", proved).Limit(1).Scan(&found).Error; err != nil {
		return "", err
	}
	lang := c.Language
	if !i18n.Words().Known(lang) {
		lang = ""
	}
	if len(found) == 1 {
		r := found[0]
		if lang != "" && lang != r.PreferredLanguage {
			// Messages follow the language the resident applies in.
			if err := tx.Exec(`UPDATE residents SET preferred_language = ?, updated_at = ? WHERE id = ?`, lang, now, r.ID).Error; err != nil {
				return "", err
			}
		}
		return r.ID, nil
	}
	if lang == "" {
		lang = i18n.Default
	}
	id := portal.NewID()
	err := tx.Exec(`INSERT INTO residents (id, mobile, email, preferred_channel, preferred_language, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		id, optional(mobile), optional(email), c.Channel, lang, now, now).Error
	return id, err
}

// residentsHolding is the subquery of the residents who proved contact.
const residentsHolding = "resident_id IN (SELECT id FROM residents WHERE mobile = ? OR email = ?)"

// DraftForResident returns the application id if it belongs to the resident
// who proved contact; the apply steps load their draft with it. Errors:
// portal.ErrNotFound (no such application, or someone else's).
func (s *Store) DraftForResident(ctx context.Context, id, contact string) (_ Application, err error) {
	defer wrap(&err, "DraftForResident")
	var app Application
	if contact == "" {
		return app, portal.ErrNotFound
	}
	err = s.db.WithContext(ctx).Where("id = ? AND "+residentsHolding, id, contact, contact).Take(&app).Error
	return app, notFound(err)
}

// ChangeDraftContact gives a draft new contact details and moves it to the
// resident who holds c.Proved(), which the caller must have had proved in
// this session. Errors: ErrAlreadyApplied (that resident already has an open
// application to the pathway), portal.ErrConflict (no longer a draft, or
// saved meanwhile), portal.ErrNotFound.
func (s *Store) ChangeDraftContact(ctx context.Context, id string, c Contact) (_ Application, err error) {
	defer wrap(&err, "ChangeDraftContact")
	var app Application
	err = s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Where("id = ?", id).Take(&app).Error; err != nil {
			return notFound(err)
		}
		if app.Status != portal.StatusDraft {
			return portal.ErrConflict
		}
		now := s.now()
		residentID, err := resolveResident(tx, now, c)
		if err != nil {
			return err
		}
		res := tx.Model(&Application{}).Where("id = ? AND version = ? AND status = ?", id, app.Version, portal.StatusDraft).
			Updates(map[string]any{
				"resident_id": residentID, "full_name": c.FullName, "contact_mobile": optional(c.Mobile),
				"contact_email": optional(c.Email), "contact_channel": c.Channel, "version": app.Version + 1, "updated_at": now,
			})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return portal.ErrConflict
		}
		app.ResidentID, app.FullName, app.ContactMobile, app.ContactEmail, app.ContactChannel = residentID, c.FullName, optional(c.Mobile), optional(c.Email), c.Channel
		app.Version++
		return nil
	})
	if database.IsUniqueViolation(err) {
		return app, ErrAlreadyApplied
	}
	return app, err
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
	if a.ContactEmail != nil {
		return ChannelEmail, *a.ContactEmail
	}
	// Every application is started with a proved contact, so this is never
	// reached; an empty recipient is refused by the outbox (or, queued by
	// the PostgreSQL send statement, by every sender) rather than panicking.
	return ChannelEmail, ""
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
	// ReplyBy is when an offered place must be answered (place offered
	// only). The link to answer is only ever in the message, never here.
	ReplyBy *time.Time
}

// ApplicationsForContact returns the applications of the resident who proved
// contact with a one-time code, with their history: unsent drafts first, then
// newest first. A contact merely typed on an application (never proved)
// matches nothing.
// It makes three queries whatever the number of applications.
func (s *Store) ApplicationsForContact(ctx context.Context, contact string) (_ []ResidentApplication, err error) {
	defer wrap(&err, "ApplicationsForContact")
	if contact == "" {
		return nil, portal.ErrForbidden
	}
	db := s.db.WithContext(ctx)
	var rows []struct {
		Application
		PathwayName    string
		PathwaySlug    string
		OfferExpiresAt *time.Time
	}
	err = db.Table("applications").
		Select("applications.*, pathways.name AS pathway_name, pathways.slug AS pathway_slug").
		Joins("JOIN pathways ON pathways.id = applications.pathway_id").
		Where("applications."+residentsHolding, contact, contact).
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
		if r.Status == portal.StatusPlaceOffered {
			out[i].ReplyBy = r.OfferExpiresAt
		}
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
		err := tx.Where("id = ? AND "+residentsHolding, id, contact, contact).Take(&app).Error
		if err != nil {
			return notFound(err)
		}
		if err := portal.Transition(app.Status, portal.StatusWithdrawn, portal.ActorResident); err != nil {
			return portal.ErrConflict
		}
		now := s.now()
		if err := beforeLeavingCohort(tx, now, app); err != nil {
			return err
		}
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
		// A place taken or offered goes back to the cohort, and on to its
		// waiting list.
		if err := afterLeavingCohort(tx, now, app, m); err != nil {
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
