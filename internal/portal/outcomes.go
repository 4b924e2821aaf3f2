package portal

// InterviewReason is why an application did not go further after the
// guaranteed interview: a short fixed list, so that every resident told
// "no" hears it kindly and is given something they can do next. Staff pick
// one; there is no free text, which could carry personal remarks.
type InterviewReason struct {
	Code     string // stored in the event's note
	Label    string // what the recruiter picks
	Text     string // what the resident is told
	NextStep string // what the resident can do now
}

// interviewReasons is the whole list, in the order pages show it.
var interviewReasons = []InterviewReason{
	{"other_candidate", "Another candidate was a closer match for the role",
		"The employer offered the job to another candidate whose experience was a closer match this time.",
		"Ask the employer for feedback on your interview, and look out for the next course or job we advertise."},
	{"no_vacancy", "No suitable vacancy at the moment",
		"The employer does not have a suitable job open at the moment.",
		"We will keep your course certificate on record. Apply again when the next pathway opens."},
	{"hours_or_location", "The hours or location did not fit",
		"The hours or the place of work of the jobs available did not fit what you told us you need.",
		"Tell us if what you can do changes, and apply for a pathway whose hours suit you."},
	{"did_not_attend", "Did not attend the interview",
		"We did not see you at your interview.",
		"If something stopped you coming, contact the employer: they may be able to offer another time."},
}

// InterviewReasons returns every reason, in order; the slice is new.
func InterviewReasons() []InterviewReason { return append([]InterviewReason(nil), interviewReasons...) }

// InterviewReasonFor looks a reason up by its code.
func InterviewReasonFor(code string) (InterviewReason, bool) {
	for _, r := range interviewReasons {
		if r.Code == code {
			return r, true
		}
	}
	return InterviewReason{}, false
}

// JobKind is the kind of job offered: a substantive post or bank (as-needed)
// work. The values match applications.job_kind's CHECK.
type JobKind string

// The job kinds.
const (
	JobSubstantive JobKind = "substantive"
	JobBank        JobKind = "bank"
)

// Valid reports whether k is one of the kinds above.
func (k JobKind) Valid() bool { return k == JobSubstantive || k == JobBank }

// Label is the kind in plain English.
func (k JobKind) Label() string {
	switch k {
	case JobSubstantive:
		return "Permanent job"
	case JobBank:
		return "Bank (as-needed) work"
	}
	return string(k)
}

// InWorkWeeks are the weeks after a job starts when the portal asks whether
// the resident is still in work.
var InWorkWeeks = []int{13, 26}

// InWorkStatus is the status a "yes" at week moves to, and the status the
// application must be in for that question to be asked.
func InWorkStatus(week int) (from, to Status, ok bool) {
	switch week {
	case 13:
		return StatusJobStarted, StatusInWork13, true
	case 26:
		return StatusInWork13, StatusInWork26, true
	}
	return "", "", false
}
