package store

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/portal"
)

// JobOffer is the job offered after the guaranteed interview.
type JobOffer struct {
	ApplicationID string
	Kind          portal.JobKind
	RoleTitle     string
	HoursPerWeek  int
	StartsOn      time.Time
	OfferedBy     string
	CreatedAt     time.Time
}

// TableName maps JobOffer to job_offers.
func (JobOffer) TableName() string { return "job_offers" }

// ActionApplication is an application as the pages that record its
// interview outcome, job start and in-work checks show it: the reference,
// the status and version a move needs, and the job offered, if any. It
// carries no personal details.
type ActionApplication struct {
	ID           string
	Reference    string
	PathwayID    string
	PathwayName  string
	Status       portal.Status
	Version      int
	JobStartedOn *time.Time
	Offer        *JobOffer
	Slot         *InterviewSlot
}

// ApplicationToAct reads application id for a recruiter of its employer or
// the coordinator. Errors: portal.ErrNotFound (no such application within
// reach).
func (s *Store) ApplicationToAct(ctx context.Context, st portal.Staff, id string) (a ActionApplication, err error) {
	defer wrap(&err, "ApplicationToAct")
	db := s.db.WithContext(ctx)
	var row struct {
		ID, PathwayID, PathwayName string
		Reference                  *string
		Status                     portal.Status
		Version                    int
		JobStartedOn               *time.Time
	}
	q := db.Table("applications").Select("applications.id, applications.reference, applications.pathway_id, pathways.name AS pathway_name, "+
		"applications.status, applications.version, applications.job_started_on").
		Joins("JOIN pathways ON pathways.id = applications.pathway_id").
		Where("applications.id = ? AND applications.submitted_at IS NOT NULL", id)
	if err := workableBy(q, st).Take(&row).Error; err != nil {
		return a, notFound(err)
	}
	a = ActionApplication{ID: row.ID, PathwayID: row.PathwayID, PathwayName: row.PathwayName, Status: row.Status,
		Version: row.Version, JobStartedOn: row.JobStartedOn}
	if row.Reference != nil {
		a.Reference = *row.Reference
	}
	var offers []JobOffer
	if err := db.Where("application_id = ?", id).Limit(1).Find(&offers).Error; err != nil {
		return a, err
	}
	if len(offers) == 1 {
		a.Offer = &offers[0]
	}
	var slots []InterviewSlot
	if err := db.Where("application_id = ?", id).Limit(1).Find(&slots).Error; err != nil {
		return a, err
	}
	if len(slots) == 1 {
		a.Slot = &slots[0]
	}
	return a, nil
}

// InterviewOutcome is what a recruiter records after the interview: a job
// offered (Offered, with its kind, role, hours and start) or not (Reason,
// a code of portal.InterviewReasons).
type InterviewOutcome struct {
	Offered      bool
	Kind         portal.JobKind
	RoleTitle    string
	HoursPerWeek int
	StartsOn     time.Time
	Reason       string
}

// Check validates the outcome's fields, keyed by the form's field names.
func (o InterviewOutcome) Check() error {
	v := &portal.ValidationError{}
	if !o.Offered {
		if _, ok := portal.InterviewReasonFor(o.Reason); !ok {
			v.Add("reason", "Select why the application is not going further")
		}
		return v.Err()
	}
	if !o.Kind.Valid() {
		v.Add("kind", "Select the kind of job offered")
	}
	if t := strings.TrimSpace(o.RoleTitle); t == "" {
		v.Add("role_title", "Enter the job title")
	} else if len([]rune(t)) > 120 {
		v.Add("role_title", "The job title must be 120 characters or fewer")
	}
	if o.HoursPerWeek < 1 || o.HoursPerWeek > 60 {
		v.Add("hours", "Enter the hours a week, a whole number from 1 to 60")
	}
	if o.StartsOn.IsZero() {
		v.Add("starts_on", "Enter the start date")
	}
	return v.Err()
}

// RecordInterviewOutcome records the interview's result on application t
// (a recruiter of its employer or the coordinator): a job offer moves it to
// job offered and keeps the offer; otherwise it moves to not progressed
// with the reason. Either way the resident is told. Errors:
// *portal.ValidationError; portal.ErrNotFound, portal.ErrForbidden,
// portal.ErrConflict (not at interview, or changed since the page was read).
func (s *Store) RecordInterviewOutcome(ctx context.Context, a Actor, t Target, o InterviewOutcome, m Messages) (err error) {
	defer wrap(&err, "RecordInterviewOutcome")
	if err := o.Check(); err != nil {
		return err
	}
	now := s.now()
	return s.tx(ctx, func(tx *gorm.DB) error {
		if !o.Offered {
			reason, _ := portal.InterviewReasonFor(o.Reason)
			app, err := moveApplication(tx, now, t, staffMove(a.Staff, portal.StatusNotProgressed, reason.Code))
			if err != nil {
				return err
			}
			return tellResident(tx, now, app, m, func(m Messages, pathway string) (string, string) {
				return m.NotProgressedAfterInterview(pathway, reason)
			})
		}
		mv := staffMove(a.Staff, portal.StatusJobOffered, "")
		mv.set = map[string]any{"job_kind": string(o.Kind)}
		app, err := moveApplication(tx, now, t, mv)
		if err != nil {
			return err
		}
		offer := JobOffer{ApplicationID: app.ID, Kind: o.Kind, RoleTitle: strings.TrimSpace(o.RoleTitle), HoursPerWeek: o.HoursPerWeek,
			StartsOn: dbTime(o.StartsOn), OfferedBy: a.Staff.ID, CreatedAt: dbTime(now)}
		if err := tx.Create(&offer).Error; err != nil {
			return err
		}
		return tellResident(tx, now, app, m, func(m Messages, pathway string) (string, string) { return m.JobOffered(pathway, offer) })
	})
}

// tellResident queues the message words(m in the resident's language,
// pathway name) to app's resident.
func tellResident(tx *gorm.DB, now time.Time, app Application, m Messages, words func(m Messages, pathway string) (string, string)) error {
	m, err := m.toResident(tx, app.ResidentID)
	if err != nil {
		return err
	}
	var p Pathway
	if err := tx.Where("id = ?", app.PathwayID).Take(&p).Error; err != nil {
		return err
	}
	channel, to := app.channel()
	subject, body := words(m, p.Name)
	return enqueue(tx, now, channel, to, subject, body)
}

// RecordJobStarted records that the resident on application t started the
// job on startedOn (a recruiter of its employer or the coordinator): it
// moves to job started, which starts the 13- and 26-week clock. Errors:
// *portal.ValidationError (no date, or one in the future);
// portal.ErrNotFound, portal.ErrForbidden, portal.ErrConflict.
func (s *Store) RecordJobStarted(ctx context.Context, a Actor, t Target, startedOn time.Time, m Messages) (err error) {
	defer wrap(&err, "RecordJobStarted")
	now := s.now()
	if startedOn.IsZero() || startedOn.After(now) {
		v := &portal.ValidationError{}
		v.Add("started_on", "Enter the date they started, today or earlier")
		return v
	}
	return s.tx(ctx, func(tx *gorm.DB) error {
		mv := staffMove(a.Staff, portal.StatusJobStarted, "")
		mv.set = map[string]any{"job_started_on": dbTime(startedOn)}
		app, err := moveApplication(tx, now, t, mv)
		if err != nil {
			return err
		}
		return tellResident(tx, now, app, m, Messages.JobStarted)
	})
}
