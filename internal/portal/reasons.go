package portal

// Reason is why recruitment stopped an application (not progressed): a
// short fixed list, so that residents are told the same thing in the same
// words, and reports can count them. Kind is stored
// (applications.stop_reason); never change or reuse one, add new ones.
type Reason struct {
	Kind string
	// Text is what the resident is told, in plain English.
	Text string
	// NextStep is something they can do about it.
	NextStep string
}

// The reasons, in the order forms offer them.
var reasons = []Reason{
	{"places_filled", "All the places on this course went to applicants whose answers matched it more closely.",
		"You can apply for the next course, or for another pathway that suits your answers."},
	{"hours_do_not_fit", "The hours of this course and job do not fit the hours you said you can work.",
		"Look for a pathway whose hours suit you, or apply again if your hours change."},
	{"travel_too_far", "The course and job are further away than you said you can travel.",
		"Look for a pathway closer to home; your housing officer can help with travel costs."},
	{"needs_experience", "This job asks for experience or skills your answers did not show yet.",
		"A short course or volunteering could help; your housing officer can point you to one."},
	{"no_contact", "We could not reach you after several tries.",
		"Check your phone number and email are right, then apply again when a course is open."},
	{"did_not_attend", "You did not come to the course, or stopped coming before the end.",
		"If something got in the way, talk to your housing officer; you can apply for the next course."},
}

// Reasons returns the reasons in form order; the slice is new on each call.
func Reasons() []Reason { return append([]Reason(nil), reasons...) }

// ReasonFor returns the reason of kind k and whether there is one.
func ReasonFor(k string) (Reason, bool) {
	for _, r := range reasons {
		if r.Kind == k {
			return r, true
		}
	}
	return Reason{}, false
}
