package portal

import "slices"

// Status is where an application is in its lifecycle. The values are stored
// in applications.status and must match that column's CHECK constraint.
type Status string

// The statuses, in lifecycle order, then the four exits.
const (
	StatusDraft           Status = "draft"
	StatusSubmitted       Status = "submitted"
	StatusShortlisted     Status = "shortlisted"
	StatusPlaceOffered    Status = "place_offered"
	StatusPlaceAccepted   Status = "place_accepted"
	StatusWaitlisted      Status = "waitlisted"
	StatusCourseStarted   Status = "course_started"
	StatusCourseCompleted Status = "course_completed"
	StatusInterview       Status = "interview"
	StatusJobOffered      Status = "job_offered"
	StatusJobStarted      Status = "job_started"
	StatusInWork13        Status = "in_work_13_weeks"
	StatusInWork26        Status = "in_work_26_weeks"
	StatusWithdrawn       Status = "withdrawn"
	StatusNotProgressed   Status = "not_progressed"
	StatusOfferExpired    Status = "offer_expired"
	StatusPlaceDeclined   Status = "place_declined"
)

// ReachedSteps are the steps applications.reached records, step i as bit
// 1<<i: an application counts for each step it passed, even after it ends.
// The impact report's tallies read them (database/report_tally.go), and a
// resident's download shows them by name. The bits are stored: add steps at
// the end, never reorder.
var ReachedSteps = []Status{StatusPlaceAccepted, StatusCourseCompleted, StatusInterview,
	StatusJobStarted, StatusInWork13, StatusInWork26}

// Reached is the steps of ReachedSteps whose bits are set in bits, in order.
func Reached(bits int) []Status {
	var out []Status
	for i, s := range ReachedSteps {
		if bits&(1<<i) != 0 {
			out = append(out, s)
		}
	}
	return out
}

// Actor is the kind of party making a change; it is recorded with every
// status change (application_events.actor).
type Actor string

// The actors.
const (
	ActorResident       Actor = "resident"
	ActorHousingOfficer Actor = "housing_officer"
	ActorRecruiter      Actor = "recruiter"
	ActorCoordinator    Actor = "coordinator"
	ActorSystem         Actor = "system"
)

// Valid reports whether a is one of the actors above.
func (a Actor) Valid() bool {
	switch a {
	case ActorResident, ActorHousingOfficer, ActorRecruiter, ActorCoordinator, ActorSystem:
		return true
	}
	return false
}

// statusInfo is everything known about one status, in one row.
type statusInfo struct {
	status   Status
	closed   bool
	label    string
	tag      string
	nextStep string
}

// statuses is in lifecycle order; AllStatuses returns it.
var statuses = []statusInfo{
	{StatusDraft, false, "Draft – not sent yet", "grey",
		"Your application has not been sent yet. Check your answers and send it when you are ready."},
	{StatusSubmitted, false, "Sent", "blue",
		"We have your application. The recruitment team will look at it and we will text you when they have decided."},
	{StatusShortlisted, false, "Shortlisted", "turquoise",
		"You are on the shortlist. We will text you if a place on the course is offered to you."},
	{StatusPlaceOffered, false, "Place offered", "yellow",
		"You have been offered a place on the course. Accept or decline it before the date in your message, or the offer will end."},
	{StatusPlaceAccepted, false, "Place accepted", "green",
		"You have a place on the course. We will send you the start date, time and address before it starts."},
	{StatusWaitlisted, false, "On the waiting list", "purple",
		"The course is full, so you are on the waiting list. We will text you straight away if a place comes free."},
	{StatusCourseStarted, false, "On the course", "blue",
		"You are on the course. Finishing it gets you a guaranteed job interview."},
	{StatusCourseCompleted, false, "Course completed", "green",
		"Well done for finishing the course. We will text you a link to book your guaranteed interview as soon as the employer has published times."},
	{StatusInterview, false, "Interview", "purple",
		"You have a job interview at the time you booked; your text has the date, time and place, and a link to change it once. The employer will tell you the result after it."},
	{StatusJobOffered, false, "Job offered", "green",
		"You have been offered a job. The employer will ask for some checks, such as your right to work, before you start."},
	{StatusJobStarted, false, "Started work", "green",
		"You have started work. We will check in with you after 13 weeks to see how it is going."},
	{StatusInWork13, false, "In work for 13 weeks", "green",
		"You have been in work for 13 weeks. We will check in with you again at 26 weeks."},
	{StatusInWork26, false, "In work for 26 weeks", "green",
		"You have been in work for 26 weeks. There is nothing more you need to do."},
	{StatusWithdrawn, true, "Withdrawn", "grey",
		"This application has been withdrawn. You can apply again when a course is open."},
	{StatusNotProgressed, true, "Not taken forward", "grey",
		"This application is not going any further this time. Your message explains why. You can apply again for other courses."},
	{StatusOfferExpired, true, "Offer ended", "grey",
		"The offer of a place ended because we did not hear back in time. You can apply again when a course is open."},
	{StatusPlaceDeclined, true, "Place declined", "grey",
		"You turned down the place on the course. You can apply again when a course is open."},
}

func info(s Status) (statusInfo, bool) {
	i := slices.IndexFunc(statuses, func(x statusInfo) bool { return x.status == s })
	if i < 0 {
		return statusInfo{}, false
	}
	return statuses[i], true
}

// AllStatuses returns every status in lifecycle order, then the exits.
// The slice is new on each call.
func AllStatuses() []Status {
	out := make([]Status, len(statuses))
	for i, x := range statuses {
		out[i] = x.status
	}
	return out
}

// Valid reports whether s is one of the statuses above.
func (s Status) Valid() bool { _, ok := info(s); return ok }

// Closed reports whether s is an exit (withdrawn, not progressed, offer
// expired, place declined). Every other status, including in work at 26
// weeks, is open: it still counts as the resident's one open application
// for the pathway.
func (s Status) Closed() bool { x, _ := info(s); return x.closed }

// Label is the status in plain English for residents and staff. An unknown
// status comes back as its raw value, so it is visible rather than blank.
func (s Status) Label() string {
	if x, ok := info(s); ok {
		return x.label
	}
	return string(s)
}

// NextStep tells the resident, in one or two sentences, what happens next;
// "" for an unknown status.
func (s Status) NextStep() string { x, _ := info(s); return x.nextStep }

// TagColour is the govuk-tag modifier for s ("govuk-tag--"+colour); "" for an
// unknown status, which shows the default tag. Colour is never the only
// signal: the label is always shown with it.
func (s Status) TagColour() string { x, _ := info(s); return x.tag }
