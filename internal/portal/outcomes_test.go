package portal

import "testing"

func TestInterviewReasonsAreComplete(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range InterviewReasons() {
		if r.Code == "" || r.Label == "" || r.Text == "" || r.NextStep == "" {
			t.Errorf("reason %q is missing a part: %+v", r.Code, r)
		}
		if seen[r.Code] {
			t.Errorf("reason %q twice", r.Code)
		}
		seen[r.Code] = true
		if got, ok := InterviewReasonFor(r.Code); !ok || got != r {
			t.Errorf("InterviewReasonFor(%q) = %+v, %v", r.Code, got, ok)
		}
	}
	if _, ok := InterviewReasonFor("rude"); ok {
		t.Error("an unknown reason was found")
	}
}

func TestInWorkStatus(t *testing.T) {
	for _, c := range []struct {
		week     int
		from, to Status
		ok       bool
	}{{13, StatusJobStarted, StatusInWork13, true}, {26, StatusInWork13, StatusInWork26, true}, {12, "", "", false}} {
		from, to, ok := InWorkStatus(c.week)
		if from != c.from || to != c.to || ok != c.ok {
			t.Errorf("InWorkStatus(%d) = %s, %s, %v", c.week, from, to, ok)
		}
	}
	if !JobBank.Valid() || JobKind("zero_hours").Valid() {
		t.Error("JobKind.Valid is wrong")
	}
}
