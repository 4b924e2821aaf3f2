package portal

// RecruiterSeesName reports whether a recruiter may see the name on an
// application in status s. Recruiters review name-blind until a place is
// offered, so that shortlisting is fair; an application that never reached
// an offer (withdrawn, not progressed) stays name-blind for good. Anyone may
// call it; the store applies it to every row it gives a recruiter.
func RecruiterSeesName(s Status) bool {
	switch s {
	case StatusDraft, StatusSubmitted, StatusShortlisted, StatusNotProgressed, StatusWithdrawn:
		return false
	}
	return true
}
