package portal

// ReferralStep is how far a referred tenant has got, as their housing
// officer sees it: a coarse step, never the answers, support needs, notes
// or reasons behind it.
type ReferralStep string

// The steps, in order, then the one exit.
const (
	StepNotStarted  ReferralStep = "not_started" // referred; the tenant has not opened the application
	StepReferred    ReferralStep = "referred"    // the tenant has started but not sent it
	StepApplied     ReferralStep = "applied"
	StepShortlisted ReferralStep = "shortlisted"
	StepOnCourse    ReferralStep = "on_course"
	StepCompleted   ReferralStep = "completed"
	StepInterview   ReferralStep = "interview"
	StepInWork      ReferralStep = "in_work"
	StepNotGoing    ReferralStep = "not_going_ahead"
)

// ReferralSteps lists the steps with their labels, for the list's filter.
func ReferralSteps() []Option {
	return []Option{
		{string(StepNotStarted), "Not started"},
		{string(StepReferred), "Referred"},
		{string(StepApplied), "Applied"},
		{string(StepShortlisted), "Shortlisted"},
		{string(StepOnCourse), "On the course"},
		{string(StepCompleted), "Completed the course"},
		{string(StepInterview), "Interview"},
		{string(StepInWork), "In work"},
		{string(StepNotGoing), "Not going ahead"},
	}
}

// Label is the step in plain English.
func (s ReferralStep) Label() string { return LabelFor(ReferralSteps(), string(s)) }

// Valid reports whether s is a known step.
func (s ReferralStep) Valid() bool { return Valid(ReferralSteps(), string(s)) }

// stepOf maps every status to the step a consenting tenant's officer sees.
var stepOf = map[Status]ReferralStep{
	StatusDraft:           StepReferred,
	StatusSubmitted:       StepApplied,
	StatusShortlisted:     StepShortlisted,
	StatusPlaceOffered:    StepShortlisted,
	StatusPlaceAccepted:   StepShortlisted,
	StatusWaitlisted:      StepShortlisted,
	StatusCourseStarted:   StepOnCourse,
	StatusCourseCompleted: StepCompleted,
	StatusInterview:       StepInterview,
	StatusJobOffered:      StepInterview,
	StatusJobStarted:      StepInWork,
	StatusInWork13:        StepInWork,
	StatusInWork26:        StepInWork,
	StatusWithdrawn:       StepNotGoing,
	StatusNotProgressed:   StepNotGoing,
	StatusOfferExpired:    StepNotGoing,
	StatusPlaceDeclined:   StepNotGoing,
}

// StepFor is what the officer sees of an application in status s ("" when
// the referral has no application yet). Without the tenant's consent to
// share progress, every sent application is "applied", whatever happened
// since: the officer learns only that their tenant applied.
func StepFor(s Status, shareProgress bool) ReferralStep {
	if s == "" {
		return StepNotStarted
	}
	step, ok := stepOf[s]
	if !ok {
		return StepApplied
	}
	if !shareProgress && step != StepReferred {
		return StepApplied
	}
	return step
}

// StatusesFor is every status that shows as step with consent to share
// progress, in lifecycle order (none for StepNotStarted).
func StatusesFor(step ReferralStep) []Status {
	var out []Status
	for _, s := range AllStatuses() {
		if stepOf[s] == step {
			out = append(out, s)
		}
	}
	return out
}

// ConsentMethods are how a tenant agreed to be referred.
func ConsentMethods() []Option {
	return []Option{
		{"in_person", "In person"},
		{"by_phone", "By phone"},
		{"in_writing", "In writing"},
	}
}
