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
