package store

import (
	"testing"
	"time"

	"anchorpathways/internal/i18n"
	"anchorpathways/internal/portal"
)

// laterMessages are the resident messages merged after issue 10, in m's
// language, with long realistic values (the longest reasons) and a real
// link token.
func laterMessages(m Messages) map[string]string {
	ref := "HTH-7K2M-Q9XD"
	app := Application{Reference: &ref, ContactChannel: ChannelSMS}
	name := "Retail to Council Services"
	token, _ := linkToken()
	at := time.Date(2026, 9, 30, 10, 30, 0, 0, time.UTC)
	slot := InterviewSlot{StartsAt: at, Place: "Civic Centre, Room 2"}
	offer := JobOffer{RoleTitle: "Customer Service Adviser", Kind: portal.JobSubstantive, HoursPerWeek: 30, StartsOn: at}
	cohort := Cohort{StartsOn: at, VenueName: "Civic Centre, Room 2"}
	out := map[string]string{}
	body := func(_, b string) string { return b }
	longest := func(a, b string) string {
		if len(b) > len(a) {
			return b
		}
		return a
	}
	for _, r := range portal.Reasons() {
		out["not progressed"] = longest(out["not progressed"], body(m.NotProgressed(app, name, r)))
	}
	for _, r := range portal.InterviewReasons() {
		out["after interview"] = longest(out["after interview"], body(m.NotProgressedAfterInterview(name, r)))
	}
	out["shortlisted"] = body(m.Shortlisted(app, name))
	out["course completed"] = body(m.CourseCompleted(app, name))
	out["interview invite"] = body(m.InterviewInvite(name, token, at))
	out["interview booked"] = body(m.InterviewBooked(name, slot, token))
	out["interview moved"] = body(m.InterviewMoved(name, slot))
	out["job offered"] = body(m.JobOffered(name, offer))
	out["job started"] = body(m.JobStarted(name))
	out["in work 26"] = body(m.InWorkCheck(26, token))
	out["referral"] = body(m.Referral("Northfield Homes", name, token, false))
	out["referral reminder"] = body(m.Referral("Northfield Homes", name, token, true))
	out["erased"] = body(m.Erased())
	out["erasure refused"] = body(m.ErasureRefused("An application is under way."))
	out["place offered"] = body(m.PlaceOffered(name, cohort, at, token))
	out["place accepted"] = body(m.PlaceAccepted(name, cohort))
	out["waiting list"] = body(m.Waitlisted(name, cohort))
	out["place declined"] = body(m.PlaceDeclined(name))
	out["offer expired"] = body(m.OfferExpired(name))
	return out
}

// TestLaterMessagesFitTwoTextParts: each message to a resident added after
// issue 10 fits two SMS parts in every language, links included (each
// names the language, so the page opens in it).
func TestLaterMessagesFitTwoTextParts(t *testing.T) {
	base := Messages{BaseURL: "https://pathways.example.org"}
	for _, l := range i18n.Languages {
		for what, text := range laterMessages(base.In(l.Code)) {
			parts, enc, n := smsParts(text)
			t.Logf("%s %-18s %s %3d → %d part(s)", l.Code, what, enc, n, parts)
			if parts > 2 {
				t.Errorf("%s %s: %d %s characters, %d parts, want at most 2:\n%s", l.Code, what, n, enc, parts, text)
			}
			if l.Code != i18n.Default && text == laterMessages(base)[what] {
				t.Errorf("%s %s is still in English", l.Code, what)
			}
			checkLinksNameLanguage(t, l.Code+" "+what, text, base.BaseURL, l.Code)
		}
	}
}

// TestReasonsAreTranslated: every reason a resident is told (not
// progressed, and after an interview) has its exact English in the
// catalogue, so /status and messages find its translation.
func TestReasonsAreTranslated(t *testing.T) {
	var texts []string
	for _, r := range portal.Reasons() {
		texts = append(texts, r.Text, r.NextStep)
	}
	for _, r := range portal.InterviewReasons() {
		texts = append(texts, r.Text, r.NextStep)
	}
	for _, l := range i18n.Languages[1:] {
		loc := i18n.Words().Locale(l.Code)
		for _, text := range texts {
			if loc.Translate(text) == text {
				t.Errorf("%s: no translation of %q", l.Code, text)
			}
		}
	}
}
