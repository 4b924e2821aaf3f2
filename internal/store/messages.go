package store

import (
	"encoding/json"
	"fmt"
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
	body += w.T("msg_check_progress", "URL", m.BaseURL+"/status")
	return subject, body
}

// Withdrawn confirms a withdrawal.
func (m Messages) Withdrawn(a Application, pathwayName string) (subject, body string) {
	w := m.words()
	subject = w.T("msg_withdrawn_subject", "Ref", a.Ref())
	body = w.T("msg_withdrawn_body", "Ref", a.Ref(), "Name", pathwayName, "URL", m.BaseURL)
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
	subject = "You are on the shortlist for " + pathwayName
	body = fmt.Sprintf("Anchor Pathways: good news, your application %s to %s is on the shortlist. We will text you if a place on the course is offered to you. Check progress at %s/status",
		a.Ref(), pathwayName, m.BaseURL)
	return subject, body
}

// NotProgressed tells a resident their application is going no further,
// why, and what they can do next.
func (m Messages) NotProgressed(a Application, pathwayName string, r portal.Reason) (subject, body string) {
	subject = "Your application " + a.Ref() + " to " + pathwayName
	body = fmt.Sprintf("Anchor Pathways: your application %s to %s is not going any further this time. %s %s More at %s/status",
		a.Ref(), pathwayName, r.Text, r.NextStep, m.BaseURL)
	return subject, body
}

// CourseCompleted congratulates a resident and tells them their
// guaranteed interview is owed.
func (m Messages) CourseCompleted(a Application, pathwayName string) (subject, body string) {
	subject = "You have completed the " + pathwayName + " course"
	body = fmt.Sprintf("Anchor Pathways: well done for finishing the %s course. You have a guaranteed job interview; we will text you a link to book a time. Check progress at %s/status",
		pathwayName, m.BaseURL)
	return subject, body
}

// InterviewInvite carries the link to book the guaranteed interview.
func (m Messages) InterviewInvite(pathwayName, token string, expires time.Time) (subject, body string) {
	return "Book your guaranteed interview for " + pathwayName,
		"Anchor Pathways: well done for finishing the course. Book your guaranteed interview for " + pathwayName +
			" by " + expires.Format("2 January") + ": " + m.BaseURL + "/interviews/" + token + " The link works once."
}

// InterviewBooked confirms an interview time and carries the link to move
// it, once.
func (m Messages) InterviewBooked(pathwayName string, slot InterviewSlot, moveToken string) (subject, body string) {
	when := slot.StartsAt.Format("Monday 2 January at 15:04")
	return "Your interview for " + pathwayName + ": " + when,
		"Anchor Pathways: your interview for " + pathwayName + " is on " + when + " at " + slot.Place +
			". If you cannot make it, you can change the time once: " + m.BaseURL + "/interviews/" + moveToken
}

// InterviewMoved confirms a changed interview time.
func (m Messages) InterviewMoved(pathwayName string, slot InterviewSlot) (subject, body string) {
	when := slot.StartsAt.Format("Monday 2 January at 15:04")
	return "Your interview for " + pathwayName + " has moved to " + when,
		"Anchor Pathways: your interview for " + pathwayName + " is now on " + when + " at " + slot.Place +
			". If you cannot make this time, contact the employer."
}

// JobOffered tells the resident about the job they were offered.
func (m Messages) JobOffered(pathwayName string, o JobOffer) (subject, body string) {
	return "You have been offered a job",
		fmt.Sprintf("Anchor Pathways: congratulations, after your interview for %s you have been offered a job: %s (%s), %d hours a week, starting %s. "+
			"The employer will contact you about the checks they need before you start. See %s/status",
			pathwayName, o.RoleTitle, portal.JobKind(o.Kind).Label(), o.HoursPerWeek, o.StartsOn.Format("2 January 2006"), m.BaseURL)
}

// NotProgressedAfterInterview tells the resident, kindly, why there is no
// job this time and what they can do.
func (m Messages) NotProgressedAfterInterview(pathwayName string, r portal.InterviewReason) (subject, body string) {
	return "Your interview for " + pathwayName,
		"Anchor Pathways: thank you for coming to your interview for " + pathwayName + ". " + r.Text + " " + r.NextStep +
			" See " + m.BaseURL + "/status"
}

// JobStarted confirms the start of work and says what comes next.
func (m Messages) JobStarted(pathwayName string) (subject, body string) {
	return "Good luck in your new job",
		"Anchor Pathways: good luck in your new job through " + pathwayName +
			". We will text you after 13 and 26 weeks to ask how it is going."
}

// InWorkCheck asks, with a one-tap link, whether the resident is still in
// the job week weeks after starting.
func (m Messages) InWorkCheck(week int, token string) (subject, body string) {
	return fmt.Sprintf("Are you still in work? (%d weeks)", week),
		fmt.Sprintf("Anchor Pathways: you started your job %d weeks ago. Are you still working there? Tap to tell us: %s/in-work/%s", week, m.BaseURL, token)
}

// Referral invites a tenant their housing officer referred to apply, with
// the link to an application already filled in; reminder words the one
// reminder (and the officer's one resend) of it.
func (m Messages) Referral(orgName, pathwayName, token string, reminder bool) (subject, body string) {
	what := "a training course that leads to a guaranteed job interview"
	if pathwayName != "" {
		what = pathwayName + ", a training course that leads to a guaranteed job interview"
	}
	subject = "Your housing officer at " + orgName + " has put you forward for Anchor Pathways"
	body = "Anchor Pathways: your housing officer at " + orgName + " has put you forward for " + what + ". "
	if reminder {
		subject = "Reminder: your application to Anchor Pathways is waiting"
		body = "Anchor Pathways: a reminder that your housing officer at " + orgName + " put you forward for " + what + ". "
	}
	body += "We have filled in what they told us. Finish your application here (the link works once, for 14 days): " +
		m.BaseURL + "/referral/" + token
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
	return "We have erased your Anchor Pathways data",
		"Anchor Pathways: as you asked, we have erased your contact details and applications. We keep only anonymous totals. You can apply again at any time at " + m.BaseURL
}

// ErasureRefused tells a resident why their data was not erased yet (issue 9).
func (m Messages) ErasureRefused(reason string) (subject, body string) {
	return "About your request to erase your Anchor Pathways data",
		"Anchor Pathways: we have not erased your data yet. " + reason + " You can ask again at " + m.BaseURL + "/status"
}

// courseWhen is how offer messages name a cohort: its course dates and venue.
func courseWhen(c Cohort) string {
	return fmt.Sprintf("starting %s at %s", c.StartsOn.Format("Monday 2 January"), c.VenueName)
}

// PlaceOffered carries the link to accept or decline a place.
func (m Messages) PlaceOffered(pathwayName string, c Cohort, replyBy time.Time, token string) (subject, body string) {
	return "You have been offered a place on " + pathwayName,
		fmt.Sprintf("Anchor Pathways: you have been offered a place on the %s course %s. Accept or decline by %s: %s/offers/%s "+
			"If we do not hear from you by then, the place will go to someone else.",
			pathwayName, courseWhen(c), replyBy.Format("3:04pm on Monday 2 January"), m.BaseURL, token)
}

// PlaceAccepted confirms a place taken.
func (m Messages) PlaceAccepted(pathwayName string, c Cohort) (subject, body string) {
	return "Your place on " + pathwayName,
		fmt.Sprintf("Anchor Pathways: you have a place on the %s course %s. We will send you the details before it starts. Check progress at %s/status",
			pathwayName, courseWhen(c), m.BaseURL)
}

// Waitlisted tells a resident who accepted too late that the course is full.
func (m Messages) Waitlisted(pathwayName string, c Cohort) (subject, body string) {
	return "You are on the waiting list for " + pathwayName,
		fmt.Sprintf("Anchor Pathways: thank you for accepting. The %s course %s filled up before your answer came, so you are on its waiting list. "+
			"We will text you straight away if a place comes free. Check progress at %s/status", pathwayName, courseWhen(c), m.BaseURL)
}

// PlaceDeclined confirms a declined place.
func (m Messages) PlaceDeclined(pathwayName string) (subject, body string) {
	return "You turned down the place on " + pathwayName,
		fmt.Sprintf("Anchor Pathways: you have turned down the place on the %s course. You can apply again when a course is open at %s", pathwayName, m.BaseURL)
}

// OfferExpired tells a resident their offer ended unanswered.
func (m Messages) OfferExpired(pathwayName string) (subject, body string) {
	return "Your offer of a place on " + pathwayName + " has ended",
		fmt.Sprintf("Anchor Pathways: the offer of a place on the %s course has ended because we did not hear back in time. "+
			"You can apply again when a course is open at %s", pathwayName, m.BaseURL)
}
