package portal

import "slices"

// move is one allowed status change and who may make it.
type move struct {
	from, to Status
	by       []Actor
}

var (
	staff            = []Actor{ActorRecruiter, ActorCoordinator}
	resident         = []Actor{ActorResident}
	residentOrCoord  = []Actor{ActorResident, ActorCoordinator}
	residentOrSystem = []Actor{ActorResident, ActorSystem}
	system           = []Actor{ActorSystem}
	staffOrResident  = []Actor{ActorRecruiter, ActorCoordinator, ActorResident}
)

// moves is the whole application state machine: every allowed change and
// who may make it. Anything not listed is refused.
//
// Accepting a place is the resident's act; whether it lands as place_accepted
// or waitlisted depends on whether the cohort had a place left, which the
// store decides with a conditional UPDATE, so both moves are the resident's.
// The system may also waitlist, and when a place frees it offers it to the
// next person on the waiting list: a new offer, with its own reply-by date,
// which that person accepts or declines like any other.
var moves = func() []move {
	m := []move{
		{StatusDraft, StatusSubmitted, resident},
		{StatusSubmitted, StatusShortlisted, staff},
		{StatusShortlisted, StatusPlaceOffered, staff},
		{StatusPlaceOffered, StatusPlaceAccepted, resident},
		{StatusPlaceOffered, StatusWaitlisted, residentOrSystem},
		{StatusWaitlisted, StatusPlaceOffered, system},
		{StatusPlaceAccepted, StatusCourseStarted, staff},
		{StatusCourseStarted, StatusCourseCompleted, staff},
		{StatusCourseCompleted, StatusInterview, staffOrResident}, // the resident books a slot by link
		{StatusInterview, StatusJobOffered, staff},
		{StatusJobOffered, StatusJobStarted, staff},
		{StatusJobStarted, StatusInWork13, staffOrResident}, // the resident answers "still working there?"
		{StatusInWork13, StatusInWork26, staffOrResident},
		{StatusPlaceOffered, StatusOfferExpired, system},
		{StatusPlaceOffered, StatusPlaceDeclined, resident},
	}
	all := AllStatuses()
	// The resident may withdraw (a coordinator on their behalf) from any
	// open state up to and including a job offer.
	for _, s := range all[:slices.Index(all, StatusJobOffered)+1] {
		m = append(m, move{s, StatusWithdrawn, residentOrCoord})
	}
	// Recruitment may stop an application from submission up to interview.
	for _, s := range all[slices.Index(all, StatusSubmitted) : slices.Index(all, StatusInterview)+1] {
		m = append(m, move{s, StatusNotProgressed, staff})
	}
	return m
}()

// Transition reports whether actor may move an application from one status
// to another: nil if so; ErrConflict if there is no such move from that
// status (including from a closed status, to the same status, or with an
// unknown status), whoever asks; ErrForbidden if the move exists but this
// actor may not make it. The sentinels come back unwrapped.
func Transition(from, to Status, actor Actor) error {
	for _, m := range moves {
		if m.from == from && m.to == to {
			if slices.Contains(m.by, actor) {
				return nil
			}
			return ErrForbidden
		}
	}
	return ErrConflict
}

// NextStatuses returns the statuses actor may move an application to from
// from, in lifecycle order, so pages offer only the buttons that will work.
func NextStatuses(from Status, actor Actor) []Status {
	var out []Status
	for _, s := range AllStatuses() {
		if Transition(from, s, actor) == nil {
			out = append(out, s)
		}
	}
	return out
}
