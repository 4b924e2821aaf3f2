package store

import (
	"encoding/json"

	"anchorpathways/internal/i18n"
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
