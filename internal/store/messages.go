package store

import (
	"encoding/json"
	"fmt"
	"time"

	"anchorpathways/internal/portal"
)

// Messages words what the portal writes to residents. The store queues them in
// the same transaction as the change they report.
type Messages struct {
	// BaseURL is the portal's public address, for links in messages.
	BaseURL string
}

// Submitted is the confirmation of a new application.
func (m Messages) Submitted(s Submission) (subject, body string) {
	subject = "Your application to " + s.PathwayName + ": " + s.Ref()
	body = fmt.Sprintf("Anchor Pathways: thank you, we have your application to %s. Your reference is %s. ", s.PathwayName, s.Ref())
	if s.Cohort != nil {
		body += fmt.Sprintf("Applications for the course starting %s close on %s; we will contact you within 5 working days after that. ",
			s.Cohort.StartsOn.Format("2 January"), s.Cohort.ClosesAt.Format("2 January"))
	} else {
		body += "We will contact you within 10 working days. "
	}
	body += "Check progress at " + m.BaseURL + "/status"
	return subject, body
}

// Withdrawn confirms a withdrawal.
func (m Messages) Withdrawn(a Application, pathwayName string) (subject, body string) {
	subject = "You have withdrawn your application " + a.Ref()
	body = fmt.Sprintf("Anchor Pathways: you have withdrawn your application %s to %s. You can apply again at any time at %s", a.Ref(), pathwayName, m.BaseURL)
	return subject, body
}

// SignInCode carries a one-time code.
func (m Messages) SignInCode(code string) (subject, body string) {
	return "Your Anchor Pathways code: " + code,
		"Anchor Pathways: your code is " + code + ". It works once, for 10 minutes. If you did not ask for it, you can ignore this message."
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
