package portal

import (
	"slices"
	"testing"
)

func TestAllStatuses(t *testing.T) {
	want := []Status{
		StatusDraft, StatusSubmitted, StatusShortlisted, StatusPlaceOffered, StatusPlaceAccepted,
		StatusWaitlisted, StatusCourseStarted, StatusCourseCompleted, StatusInterview, StatusJobOffered,
		StatusJobStarted, StatusInWork13, StatusInWork26,
		StatusWithdrawn, StatusNotProgressed, StatusOfferExpired, StatusPlaceDeclined,
	}
	got := AllStatuses()
	if !slices.Equal(got, want) {
		t.Fatalf("AllStatuses() = %v, want %v", got, want)
	}
	got[0] = "changed"
	if AllStatuses()[0] != StatusDraft {
		t.Errorf("AllStatuses() shares its slice with callers")
	}
}

// The values are stored; these are the strings in the applications.status CHECK constraint.
func TestStatusValues(t *testing.T) {
	want := []string{"draft", "submitted", "shortlisted", "place_offered", "place_accepted",
		"waitlisted", "course_started", "course_completed", "interview", "job_offered", "job_started",
		"in_work_13_weeks", "in_work_26_weeks", "withdrawn", "not_progressed", "offer_expired", "place_declined"}
	for i, s := range AllStatuses() {
		if got := string(s); got != want[i] {
			t.Errorf("status %d = %q, want %q", i, got, want[i])
		}
	}
}

func TestStatusMethods(t *testing.T) {
	colours := []string{"grey", "blue", "green", "yellow", "red", "purple", "turquoise", ""}
	tests := []struct {
		s          Status
		wantValid  bool
		wantClosed bool
		wantLabel  string
	}{
		{StatusDraft, true, false, "Draft – not sent yet"},
		{StatusSubmitted, true, false, "Sent"},
		{StatusShortlisted, true, false, "Shortlisted"},
		{StatusPlaceOffered, true, false, "Place offered"},
		{StatusPlaceAccepted, true, false, "Place accepted"},
		{StatusWaitlisted, true, false, "On the waiting list"},
		{StatusCourseStarted, true, false, "On the course"},
		{StatusCourseCompleted, true, false, "Course completed"},
		{StatusInterview, true, false, "Interview"},
		{StatusJobOffered, true, false, "Job offered"},
		{StatusJobStarted, true, false, "Started work"},
		{StatusInWork13, true, false, "In work for 13 weeks"},
		{StatusInWork26, true, false, "In work for 26 weeks"},
		{StatusWithdrawn, true, true, "Withdrawn"},
		{StatusNotProgressed, true, true, "Not taken forward"},
		{StatusOfferExpired, true, true, "Offer ended"},
		{StatusPlaceDeclined, true, true, "Place declined"},
		{"", false, false, ""},
		{"Draft", false, false, "Draft"},
		{"archived", false, false, "archived"},
	}
	for _, tt := range tests {
		t.Run(string(tt.s), func(t *testing.T) {
			if got := tt.s.Valid(); got != tt.wantValid {
				t.Errorf("Valid() = %v, want %v", got, tt.wantValid)
			}
			if got := tt.s.Closed(); got != tt.wantClosed {
				t.Errorf("Closed() = %v, want %v", got, tt.wantClosed)
			}
			if got := tt.s.Label(); got != tt.wantLabel {
				t.Errorf("Label() = %q, want %q", got, tt.wantLabel)
			}
			next, tag := tt.s.NextStep(), tt.s.TagColour()
			if got, want := next != "", tt.wantValid; got != want {
				t.Errorf("NextStep() = %q, want text only for valid statuses", next)
			}
			if !slices.Contains(colours, tag) || (tt.wantValid && tag == "") || (!tt.wantValid && tag != "") {
				t.Errorf("TagColour() = %q, want one of %q for valid statuses and \"\" otherwise", tag, colours)
			}
		})
	}
}

func TestActorValid(t *testing.T) {
	tests := []struct {
		a    Actor
		want bool
	}{
		{ActorResident, true}, {ActorHousingOfficer, true}, {ActorRecruiter, true},
		{ActorCoordinator, true}, {ActorSystem, true}, {"", false}, {"admin", false},
	}
	for _, tt := range tests {
		if got := tt.a.Valid(); got != tt.want {
			t.Errorf("Actor(%q).Valid() = %v, want %v", tt.a, got, tt.want)
		}
	}
}
