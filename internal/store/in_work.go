package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"anchorpathways/internal/portal"
)

// inWorkLinkLife is how long a "still working there?" link works.
const inWorkLinkLife = 28 * 24 * time.Hour

// InWorkCheck is one answer to "still working there?" at 13 or 26 weeks.
type InWorkCheck struct {
	ApplicationID string
	Week          int
	Answer        string // "yes" or "no"
	Actor         portal.Actor
	ActorID       string
	AnsweredAt    time.Time
}

// TableName maps InWorkCheck to in_work_checks.
func (InWorkCheck) TableName() string { return "in_work_checks" }

// InWorkQuestion is what an in-work link's page shows: the week, and the
// employer and job the question is about.
type InWorkQuestion struct {
	Week         int
	EmployerName string
	RoleTitle    string // "" when no offer was recorded
}

// inWorkPurpose is the link purpose for a week.
func inWorkPurpose(week int) LinkPurpose {
	if week == 26 {
		return LinkInWork26
	}
	return LinkInWork13
}

// dueBefore is the latest job start for which the week-weeks check is due.
func dueBefore(now time.Time, week int) time.Time { return dbTime(now.AddDate(0, 0, -7*week)) }

// CheckInWork texts a one-tap "still working there?" link to every resident
// whose 13- or 26-week date has come (job started 13 weeks ago and still
// at job started; in work at 13 weeks and started 26 weeks ago) and who has
// not been asked for that week nor answered it. Each question goes once,
// however many instances run it at once: it is claimed in job_claims in
// the transaction that issues the link and queues the text. It returns how
// many were asked.
func (s *Store) CheckInWork(ctx context.Context, m Messages) (n int, err error) {
	defer wrap(&err, "CheckInWork")
	now := s.now()
	err = s.tx(ctx, func(tx *gorm.DB) error {
		for _, week := range portal.InWorkWeeks {
			from, _, _ := portal.InWorkStatus(week)
			var apps []Application
			err := tx.Where("status = ? AND job_started_on IS NOT NULL AND job_started_on <= ?", from, dueBefore(now, week)).
				Where("NOT EXISTS (SELECT 1 FROM in_work_checks WHERE in_work_checks.application_id = applications.id AND in_work_checks.week = ?)", week).
				Order("id").Find(&apps).Error
			if err != nil {
				return err
			}
			for _, app := range apps {
				ok, err := claim(tx, now, fmt.Sprintf("in-work-%d", week), app.ID)
				if err != nil {
					return err
				}
				if !ok {
					continue
				}
				expires := now.Add(inWorkLinkLife)
				token, err := issueLink(tx, now, inWorkPurpose(week), app.ID, expires)
				if err != nil {
					return err
				}
				mm, err := m.toResident(tx, app.ResidentID)
				if err != nil {
					return err
				}
				channel, to := app.channel()
				subject, body := mm.InWorkCheck(week, token)
				if err := enqueueSecret(tx, now, channel, to, subject, body, token, expires); err != nil {
					return err
				}
				n++
			}
		}
		return nil
	})
	return n, err
}

// inWorkLink finds the live in-work link token names, of either week, and
// spends it if spend. Errors as readLink.
func inWorkLink(tx *gorm.DB, now time.Time, token string, spend bool) (residentLink, int, error) {
	use := readLink
	if spend {
		use = spendLink
	}
	var last error
	for _, week := range portal.InWorkWeeks {
		l, err := use(tx, now, inWorkPurpose(week), token)
		if !errors.Is(err, ErrLinkUnknown) {
			return l, week, err
		}
		last = err
	}
	return residentLink{}, 0, last
}

// InWorkQuestionFor reads what the in-work link token asks, without using
// it. Errors: ErrLinkUnknown, ErrLinkUsed, ErrLinkExpired.
func (s *Store) InWorkQuestionFor(ctx context.Context, token string) (q InWorkQuestion, err error) {
	defer wrap(&err, "InWorkQuestionFor")
	db := s.db.WithContext(ctx)
	l, week, err := inWorkLink(db, s.now(), token, false)
	if err != nil {
		return q, err
	}
	q.Week = week
	var row struct{ EmployerName, RoleTitle string }
	err = db.Table("applications").Select("organisations.name AS employer_name, COALESCE(job_offers.role_title, '') AS role_title").
		Joins("JOIN pathways ON pathways.id = applications.pathway_id").
		Joins("JOIN organisations ON organisations.id = pathways.employer_id").
		Joins("LEFT JOIN job_offers ON job_offers.application_id = applications.id").
		Where("applications.id = ?", l.SubjectID).Take(&row).Error
	q.EmployerName, q.RoleTitle = row.EmployerName, row.RoleTitle
	return q, notFound(err)
}

// answerOf is the stored answer.
func answerOf(yes bool) string {
	if yes {
		return "yes"
	}
	return "no"
}

// AnswerInWork records the resident's answer through the in-work link
// token, once: yes moves the application on (job started → in work at 13
// weeks, in work at 13 → 26 weeks) as the resident's move; no is recorded
// and the status kept, since the lifecycle has no "left work" exit. An
// answer the recruiter has already recorded for that week stands. Errors:
// ErrLinkUnknown, ErrLinkUsed, ErrLinkExpired.
func (s *Store) AnswerInWork(ctx context.Context, token string, yes bool) (week int, err error) {
	defer wrap(&err, "AnswerInWork")
	now := s.now()
	err = s.tx(ctx, func(tx *gorm.DB) error {
		l, w, err := inWorkLink(tx, now, token, true)
		if err != nil {
			return err
		}
		week = w
		res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&InWorkCheck{ApplicationID: l.SubjectID, Week: week,
			Answer: answerOf(yes), Actor: portal.ActorResident, AnsweredAt: dbTime(now)})
		if res.Error != nil || res.RowsAffected == 0 || !yes {
			return res.Error
		}
		var app Application
		if err := tx.Where("id = ?", l.SubjectID).Take(&app).Error; err != nil {
			return notFound(err)
		}
		from, to, _ := portal.InWorkStatus(week)
		if app.Status != from {
			return nil // moved on meanwhile (withdrawn, or recorded by staff): the answer is kept
		}
		_, err = moveApplication(tx, now, Target{ID: app.ID, Version: app.Version},
			move{actor: portal.ActorResident, to: to, note: "answered by link"})
		return err
	})
	return week, err
}

// RecordInWork records, for a recruiter of the employer or the coordinator,
// whether the resident on application t is still in work at week (13 or
// 26): yes moves it on; no is recorded and the status kept. Either
// replaces any earlier answer for that week and ends the resident's link.
// Errors: *portal.ValidationError (no such week, or its date has not come);
// portal.ErrNotFound; portal.ErrForbidden; portal.ErrConflict (not at the
// status the week follows, or changed since the page was read).
func (s *Store) RecordInWork(ctx context.Context, a Actor, t Target, week int, yes bool) (err error) {
	defer wrap(&err, "RecordInWork")
	now := s.now()
	from, to, ok := portal.InWorkStatus(week)
	if !ok {
		v := &portal.ValidationError{}
		v.Add("week", "Select 13 or 26 weeks")
		return v
	}
	return s.tx(ctx, func(tx *gorm.DB) error {
		var app Application
		if err := workableBy(tx.Where("applications.id = ?", t.ID), a.Staff).Take(&app).Error; err != nil {
			return notFound(err)
		}
		if actorOf(a.Staff) == "" || portal.Transition(from, to, actorOf(a.Staff)) != nil {
			return portal.ErrForbidden
		}
		if app.Status != from || app.Version != t.Version {
			return portal.ErrConflict
		}
		var started struct{ JobStartedOn *time.Time }
		if err := tx.Table("applications").Select("job_started_on").Where("id = ?", app.ID).Take(&started).Error; err != nil {
			return err
		}
		if started.JobStartedOn == nil || started.JobStartedOn.After(dueBefore(now, week)) {
			v := &portal.ValidationError{}
			v.Add("answer", fmt.Sprintf("It is not %d weeks since they started work yet", week))
			return v
		}
		if yes {
			if _, err := moveApplication(tx, now, t, staffMove(a.Staff, to, "")); err != nil {
				return err
			}
		}
		row := InWorkCheck{ApplicationID: app.ID, Week: week, Answer: answerOf(yes), Actor: actorOf(a.Staff), ActorID: a.Staff.ID, AnsweredAt: dbTime(now)}
		err := tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "application_id"}, {Name: "week"}},
			DoUpdates: clause.AssignmentColumns([]string{"answer", "actor", "actor_id", "answered_at"})}).Create(&row).Error
		if err != nil {
			return err
		}
		return retireLinks(tx, now, inWorkPurpose(week), app.ID)
	})
}
