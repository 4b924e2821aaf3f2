package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/portal"
)

// inviteLinkLife is how long a texted link to book an interview works.
const inviteLinkLife = 14 * 24 * time.Hour

// jobInterviewInvite names the claims that make each invitation go once.
const jobInterviewInvite = "interview-invite"

// maxInterviewInvites bounds the texts to one resident who does not book:
// a new link goes only when the last has run out, at most this many times.
const maxInterviewInvites = 3

// freeSlotFor is the SQL condition that a free, future slot exists that
// the application (aliased applications) may book.
const freeSlotFor = `EXISTS (SELECT 1 FROM interview_slots
	WHERE interview_slots.pathway_id = applications.pathway_id AND interview_slots.application_id IS NULL
	AND interview_slots.starts_at > ?
	AND (interview_slots.cohort_id IS NULL OR interview_slots.cohort_id = applications.cohort_id))`

// InviteToInterview texts a booking link to every resident who has
// completed the course (so is owed the guaranteed interview), holds no
// interview slot nor a live booking link, and has a free slot they could
// book. Times held by applications that have closed since are freed first.
// A resident whose link ran out unused is invited again, up to
// maxInterviewInvites links in all. Each invitation goes once even with
// several instances running it at once: it is claimed in job_claims (keyed
// by the application and how many links it has had) in the transaction
// that issues the link and queues the text. A scheduled job runs it, so a course completed
// after the slots were published still gets its invitation; publishing a
// slot invites at once. It returns how many were invited.
func (s *Store) InviteToInterview(ctx context.Context, m Messages) (n int, err error) {
	defer wrap(&err, "InviteToInterview")
	err = s.tx(ctx, func(tx *gorm.DB) error {
		n, err = inviteToInterview(tx, s.now(), m, "")
		return err
	})
	return n, err
}

// inviteToInterview is InviteToInterview inside tx, for one pathway or ("")
// all of them.
func inviteToInterview(tx *gorm.DB, now time.Time, m Messages, pathwayID string) (int, error) {
	// A future time held by an application that has since closed (withdrawn,
	// say) is free again. The UPDATE is conditional, so running it twice or
	// in two instances at once frees each slot once.
	if err := tx.Model(&InterviewSlot{}).
		Where("starts_at > ? AND application_id IN (SELECT id FROM applications WHERE closed_at IS NOT NULL)", dbTime(now)).
		Updates(map[string]any{"application_id": nil, "booked_at": nil}).Error; err != nil {
		return 0, err
	}
	q := tx.Where("applications.status = ?", portal.StatusCourseCompleted).
		Where("NOT EXISTS (SELECT 1 FROM interview_slots WHERE interview_slots.application_id = applications.id)").
		Where(freeSlotFor, dbTime(now))
	if pathwayID != "" {
		q = q.Where("applications.pathway_id = ?", pathwayID)
	}
	var apps []Application
	if err := q.Order("applications.id").Find(&apps).Error; err != nil {
		return 0, err
	}
	n := 0
	for _, app := range apps {
		var links, live int64
		if err := tx.Model(&residentLink{}).Where("subject_id = ? AND purpose = ?", app.ID, LinkInterview).Count(&links).Error; err != nil {
			return n, err
		}
		if err := tx.Model(&residentLink{}).Where("subject_id = ? AND purpose = ? AND used_at IS NULL AND expires_at > ?",
			app.ID, LinkInterview, dbTime(now)).Count(&live).Error; err != nil {
			return n, err
		}
		if live > 0 || links >= maxInterviewInvites {
			continue
		}
		ok, err := claim(tx, now, jobInterviewInvite, fmt.Sprintf("%s/%d", app.ID, links))
		if err != nil {
			return n, err
		}
		if !ok {
			continue
		}
		expires := now.Add(inviteLinkLife)
		token, err := issueLink(tx, now, LinkInterview, app.ID, expires)
		if err != nil {
			return n, err
		}
		var p Pathway
		if err := tx.Where("id = ?", app.PathwayID).Take(&p).Error; err != nil {
			return n, err
		}
		mm, err := m.toResident(tx, app.ResidentID)
		if err != nil {
			return n, err
		}
		channel, to := app.channel()
		subject, body := mm.InterviewInvite(p.Name, token, expires)
		if err := enqueueSecret(tx, now, channel, to, subject, body, token, expires); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
