package store

import (
	"encoding/json"
	"fmt"
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
