package store

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"anchorpathways/internal/i18n"
	"anchorpathways/internal/portal"
)

// Messages words what the portal writes to residents. The store queues them in
// the same transaction as the change they report. Resident messages are in
// Lang (see In); staff messages stay in English.
type Messages struct {
	// BaseURL is the portal's public address, for links in messages.
	BaseURL string
	// Lang is the resident's language code (i18n.Languages); "" is English.
	Lang string
}

// In is m speaking language code: the page's language when the resident is
// on the portal, residents.preferred_language when a job writes to them.
func (m Messages) In(code string) Messages { m.Lang = code; return m }

func (m Messages) words() *i18n.Locale { return i18n.Words().Locale(m.Lang) }

// Submitted is the confirmation of a new application.
func (m Messages) Submitted(s Submission) (subject, body string) {
	w := m.words()
	subject = w.T("msg_submitted_subject", "Name", s.PathwayName, "Ref", s.Ref())
	body = w.T("msg_submitted_body", "Name", s.PathwayName, "Ref", s.Ref())
	if s.Cohort != nil {
		body += w.T("msg_submitted_cohort", "Starts", w.DayMonth(s.Cohort.StartsOn), "Closes", w.DayMonth(s.Cohort.ClosesAt))
	} else {
		body += w.T("msg_submitted_no_cohort")
	}
	body += w.T("msg_check_progress", "URL", m.link("/status"))
	return subject, body
}

// Withdrawn confirms a withdrawal.
func (m Messages) Withdrawn(a Application, pathwayName string) (subject, body string) {
	w := m.words()
	subject = w.T("msg_withdrawn_subject", "Ref", a.Ref())
	body = w.T("msg_withdrawn_body", "Ref", a.Ref(), "Name", pathwayName, "URL", m.link(""))
	return subject, body
}

// SignInCode carries a one-time code.
func (m Messages) SignInCode(code string) (subject, body string) {
	w := m.words()
	return w.T("msg_code_subject", "Code", code), w.T("msg_code_body", "Code", code)
}

// jsonOf encodes a value for a JSON text column.
func jsonOf(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "null"
	}
	return string(b)
}

// Invitation asks a new staff member to set up their account.
func (m Messages) Invitation(name, orgName, token string) (subject, body string) {
	return "You have been invited to Anchor Pathways",
		"Hello " + name + ",\n\nYou have been invited to Anchor Pathways as a member of " + orgName + ".\n\n" +
			"Set up your account within 72 hours: " + m.BaseURL + "/staff/invitations/" + token + "\n\n" +
			"The link works once. If you were not expecting this, you can ignore this email."
}

// PasswordReset carries a reset link.
func (m Messages) PasswordReset(token string) (subject, body string) {
	return "Reset your Anchor Pathways password",
		"Someone asked to reset the password of your Anchor Pathways account.\n\n" +
			"Choose a new password within 30 minutes: " + m.BaseURL + "/staff/password-reset/" + token + "\n\n" +
			"The link works once. You will still need your authenticator app to sign in. If you did not ask for this, you can ignore this email."
}

// Shortlisted tells a resident they are on a pathway's shortlist.
func (m Messages) Shortlisted(a Application, pathwayName string) (subject, body string) {
	w := m.words()
	subject = w.T("msg_shortlisted_subject", "Name", pathwayName)
	body = w.T("msg_shortlisted_body", "Ref", a.Ref(), "Name", pathwayName, "URL", m.link("/status"))
	return subject, body
}

// NotProgressed tells a resident their application is going no further,
// why, and what they can do next.
func (m Messages) NotProgressed(a Application, pathwayName string, r portal.Reason) (subject, body string) {
	w := m.words()
	subject = w.T("msg_not_progressed_subject", "Ref", a.Ref(), "Name", pathwayName)
	body = w.T("msg_not_progressed_body", "Ref", a.Ref(), "Name", pathwayName,
		"Reason", w.Translate(r.Text), "NextStep", w.Translate(r.NextStep), "URL", m.link("/status"))
	return subject, body
}

// CourseCompleted congratulates a resident and tells them their
// guaranteed interview is owed.
func (m Messages) CourseCompleted(a Application, pathwayName string) (subject, body string) {
	w := m.words()
	subject = w.T("msg_course_completed_subject", "Name", pathwayName)
	body = w.T("msg_course_completed_body", "Name", pathwayName, "URL", m.link("/status"))
	return subject, body
}

// InterviewInvite carries the link to book the guaranteed interview.
func (m Messages) InterviewInvite(pathwayName, token string, expires time.Time) (subject, body string) {
	w := m.words()
	return w.T("msg_interview_invite_subject", "Name", pathwayName),
		w.T("msg_interview_invite_body", "Name", pathwayName, "Date", w.DayMonth(expires), "Link", m.link("/interviews/"+token))
}

// interviewWhen is an interview's time for a text message: "Monday 2
// January at 15:04" in English.
func (m Messages) interviewWhen(t time.Time) string {
	w := m.words()
	return w.T("msg_interview_when", "Weekday", w.T("weekday_"+strings.ToLower(t.Weekday().String())),
		"Date", w.DayMonth(t), "Time", t.Format("15:04"))
}

// InterviewBooked confirms an interview time and carries the link to move
// it, once.
func (m Messages) InterviewBooked(pathwayName string, slot InterviewSlot, moveToken string) (subject, body string) {
	w, when := m.words(), m.interviewWhen(slot.StartsAt)
	return w.T("msg_interview_booked_subject", "Name", pathwayName, "When", when),
		w.T("msg_interview_booked_body", "Name", pathwayName, "When", when, "Place", slot.Place, "Link", m.link("/interviews/"+moveToken))
}

// InterviewMoved confirms a changed interview time.
func (m Messages) InterviewMoved(pathwayName string, slot InterviewSlot) (subject, body string) {
	w, when := m.words(), m.interviewWhen(slot.StartsAt)
	return w.T("msg_interview_moved_subject", "Name", pathwayName, "When", when),
		w.T("msg_interview_moved_body", "Name", pathwayName, "When", when, "Place", slot.Place)
}

// jobKindIDs are the message ids of portal.JobKind's labels.
var jobKindIDs = map[portal.JobKind]string{portal.JobSubstantive: "msg_job_kind_permanent", portal.JobBank: "msg_job_kind_bank"}

// JobOffered tells the resident about the job they were offered.
func (m Messages) JobOffered(pathwayName string, o JobOffer) (subject, body string) {
	w := m.words()
	kind := portal.JobKind(o.Kind)
	label := kind.Label()
	if id, ok := jobKindIDs[kind]; ok {
		label = w.T(id)
	}
	t := o.StartsOn
	date := w.T("msg_job_offered_date", "Day", t.Day(), "Month", w.T("month_"+strings.ToLower(t.Month().String())),
		"MonthNum", fmt.Sprintf("%02d", int(t.Month())), "Year", t.Year())
	return w.T("msg_job_offered_subject"),
		w.T("msg_job_offered_body", "Name", pathwayName, "Role", o.RoleTitle, "Kind", label,
			"Hours", o.HoursPerWeek, "Date", date, "URL", m.link("/status"))
}

// NotProgressedAfterInterview tells the resident, kindly, why there is no
// job this time and what they can do.
func (m Messages) NotProgressedAfterInterview(pathwayName string, r portal.InterviewReason) (subject, body string) {
	w := m.words()
	return w.T("msg_after_interview_subject", "Name", pathwayName),
		w.T("msg_after_interview_body", "Name", pathwayName, "Reason", w.Translate(r.Text), "NextStep", w.Translate(r.NextStep), "URL", m.link("/status"))
}

// JobStarted confirms the start of work and says what comes next.
func (m Messages) JobStarted(pathwayName string) (subject, body string) {
	w := m.words()
	return w.T("msg_job_started_subject"), w.T("msg_job_started_body", "Name", pathwayName)
}

// InWorkCheck asks, with a one-tap link, whether the resident is still in
// the job week weeks after starting.
func (m Messages) InWorkCheck(week int, token string) (subject, body string) {
	w := m.words()
	return w.T("msg_in_work_subject", "Week", week),
		w.T("msg_in_work_body", "Week", week, "Link", m.link("/in-work/"+token))
}

// Referral invites a tenant their housing officer referred to apply, with
// the link to an application already filled in; reminder words the one
// reminder (and the officer's one resend) of it.
func (m Messages) Referral(orgName, pathwayName, token string, reminder bool) (subject, body string) {
	w := m.words()
	what := w.T("msg_referral_what")
	if pathwayName != "" {
		what = w.T("msg_referral_what_named", "Name", pathwayName)
	}
	subject = w.T("msg_referral_subject", "Org", orgName)
	body = w.T("msg_referral_body", "Org", orgName, "What", what)
	if reminder {
		subject = w.T("msg_referral_reminder_subject")
		body = w.T("msg_referral_reminder_body", "Org", orgName, "What", what)
	}
	body += w.T("msg_referral_finish", "Link", m.link("/referral/"+token))
	return subject, body
}

// ReferralDigest is a housing officer's weekly email about their referrals:
// lines already worded by the store (who moved, who has not started).
func (m Messages) ReferralDigest(name string, moved, notStarted []string) (subject, body string) {
	subject = "Your referrals this week"
	body = "Hello " + name + ",\n\n"
	if len(moved) > 0 {
		body += "What moved this week:\n"
		for _, l := range moved {
			body += "- " + l + "\n"
		}
		body += "\n"
	}
	if len(notStarted) > 0 {
		body += "Not started yet:\n"
		for _, l := range notStarted {
			body += "- " + l + "\n"
		}
		body += "\n"
	}
	body += "See all your referrals at " + m.BaseURL + "/staff/referrals\n\n" +
		"You can turn this weekly email off on that page."
	return subject, body
}

// Erased tells a resident their data has been erased (issue 9).
func (m Messages) Erased() (subject, body string) {
	w := m.words()
	return w.T("msg_erased_subject"), w.T("msg_erased_body", "URL", m.link(""))
}

// ErasureRefused tells a resident why their data was not erased yet (issue
// 9); reason is the coordinator's words, as they wrote them.
func (m Messages) ErasureRefused(reason string) (subject, body string) {
	w := m.words()
	return w.T("msg_erasure_refused_subject"), w.T("msg_erasure_refused_body", "Reason", reason, "URL", m.link("/status"))
}

// courseWhen is how offer messages name a cohort: its first day and venue.
func (m Messages) courseWhen(c Cohort) string {
	w := m.words()
	return w.T("msg_course_when", "Weekday", w.T("weekday_"+strings.ToLower(c.StartsOn.Weekday().String())),
		"Date", w.DayMonth(c.StartsOn), "Venue", c.VenueName)
}

// replyBy is an offer's deadline for a text message: "10:30am on Monday
// 30 September" in English.
func (m Messages) replyBy(t time.Time) string {
	w := m.words()
	clock := t.Format("15:04")
	if w.Code == i18n.Default {
		clock = t.Format("3:04pm")
	}
	return w.T("msg_reply_by", "Weekday", w.T("weekday_"+strings.ToLower(t.Weekday().String())), "Date", w.DayMonth(t), "Time", clock)
}

// link is the address of a resident page in a message, naming m's language
// so that the page opens in it.
func (m Messages) link(path string) string {
	if m.Lang == "" || m.Lang == i18n.Default {
		return m.BaseURL + path
	}
	if path == "" {
		path = "/"
	}
	return m.BaseURL + path + "?lang=" + m.Lang
}

// PlaceOffered carries the link to accept or decline a place.
func (m Messages) PlaceOffered(pathwayName string, c Cohort, replyBy time.Time, token string) (subject, body string) {
	w := m.words()
	return w.T("msg_place_offered_subject", "Name", pathwayName),
		w.T("msg_place_offered_body", "Name", pathwayName, "When", m.courseWhen(c), "ReplyBy", m.replyBy(replyBy), "Link", m.link("/offers/"+token))
}

// PlaceAccepted confirms a place taken.
func (m Messages) PlaceAccepted(pathwayName string, c Cohort) (subject, body string) {
	w := m.words()
	return w.T("msg_place_accepted_subject", "Name", pathwayName),
		w.T("msg_place_accepted_body", "Name", pathwayName, "When", m.courseWhen(c), "URL", m.link("/status"))
}

// Waitlisted tells a resident who accepted too late that the course is full.
func (m Messages) Waitlisted(pathwayName string, c Cohort) (subject, body string) {
	w := m.words()
	return w.T("msg_waitlisted_subject", "Name", pathwayName),
		w.T("msg_waitlisted_body", "Name", pathwayName, "When", m.courseWhen(c), "URL", m.link("/status"))
}

// PlaceDeclined confirms a declined place.
func (m Messages) PlaceDeclined(pathwayName string) (subject, body string) {
	w := m.words()
	return w.T("msg_place_declined_subject", "Name", pathwayName), w.T("msg_place_declined_body", "Name", pathwayName, "URL", m.link(""))
}

// OfferExpired tells a resident their offer ended unanswered.
func (m Messages) OfferExpired(pathwayName string) (subject, body string) {
	w := m.words()
	return w.T("msg_offer_expired_subject", "Name", pathwayName), w.T("msg_offer_expired_body", "Name", pathwayName, "URL", m.link(""))
}
