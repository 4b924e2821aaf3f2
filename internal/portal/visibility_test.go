package portal

import "testing"

func TestRecruiterSeesName(t *testing.T) {
	tests := []struct {
		status Status
		want   bool
	}{
		{StatusDraft, false},
		{StatusSubmitted, false},
		{StatusShortlisted, false},
		{StatusNotProgressed, false},
		{StatusWithdrawn, false},
		{StatusPlaceOffered, true},
		{StatusPlaceAccepted, true},
		{StatusWaitlisted, true},
		{StatusCourseStarted, true},
		{StatusCourseCompleted, true},
		{StatusInterview, true},
		{StatusJobOffered, true},
		{StatusJobStarted, true},
		{StatusInWork13, true},
		{StatusInWork26, true},
		{StatusOfferExpired, true},
		{StatusPlaceDeclined, true},
	}
	covered := map[Status]bool{}
	for _, tt := range tests {
		covered[tt.status] = true
		if got := RecruiterSeesName(tt.status); got != tt.want {
			t.Errorf("RecruiterSeesName(%s): got %v, want %v", tt.status, got, tt.want)
		}
	}
	for _, s := range AllStatuses() {
		if !covered[s] {
			t.Errorf("status %s has no row: decide whether recruiters see its name", s)
		}
	}
}
