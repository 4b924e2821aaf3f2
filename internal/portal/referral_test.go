package portal

import "testing"

func TestStepFor(t *testing.T) {
	tests := []struct {
		status Status
		share  bool
		want   ReferralStep
	}{
		{"", false, StepNotStarted},
		{StatusDraft, false, StepReferred},
		{StatusSubmitted, false, StepApplied},
		{StatusShortlisted, true, StepShortlisted},
		{StatusShortlisted, false, StepApplied},
		{StatusCourseStarted, true, StepOnCourse},
		{StatusCourseCompleted, true, StepCompleted},
		{StatusJobOffered, true, StepInterview},
		{StatusInWork26, true, StepInWork},
		{StatusNotProgressed, true, StepNotGoing},
		{StatusNotProgressed, false, StepApplied},
		{StatusWithdrawn, false, StepApplied},
	}
	for _, tt := range tests {
		if got := StepFor(tt.status, tt.share); got != tt.want {
			t.Errorf("StepFor(%q, %v) = %q, want %q", tt.status, tt.share, got, tt.want)
		}
	}
	for _, s := range AllStatuses() {
		if _, ok := stepOf[s]; !ok {
			t.Errorf("status %q has no step", s)
		}
		if !StepFor(s, true).Valid() {
			t.Errorf("StepFor(%q) is not a known step", s)
		}
	}
}
