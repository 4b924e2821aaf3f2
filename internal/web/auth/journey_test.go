package auth_test

import (
	"testing"

	"anchorpathways/internal/store"
	"anchorpathways/internal/web/auth"
)

// TestMissingStep checks the first unanswered step of drafts, including
// one saved before "your work" was split, whose WorkDone alone stands for
// its four parts.
func TestMissingStep(t *testing.T) {
	for _, tc := range []struct {
		name string
		a    store.Answers
		want string
	}{
		{"nothing answered", store.Answers{}, "your-work"},
		{"situation", store.Answers{SituationDone: true}, "work-experience"},
		{"situation, experience", store.Answers{SituationDone: true, ExperienceDone: true}, "skills"},
		{"all but preferences", store.Answers{SituationDone: true, ExperienceDone: true, SkillsDone: true}, "job-preferences"},
		{"skills only", store.Answers{SkillsDone: true}, "your-work"},
		{"old draft, work done", store.Answers{WorkDone: true}, "support"},
		{"old draft, work and support", store.Answers{WorkDone: true, SupportDone: true}, "choose"},
		{"all", store.Answers{WorkDone: true, SupportDone: true, ChoiceDone: true}, ""},
	} {
		if got := auth.MissingStep(store.Application{Answers: tc.a}); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestMarkWorkPartKeepsAnOldDraftDone checks that changing one part of an
// old draft's "your work" does not undo the other three.
func TestMarkWorkPartKeepsAnOldDraftDone(t *testing.T) {
	a := store.Answers{WorkDone: true}
	a.MarkWorkPart(store.WorkSkills)
	if !a.WorkDone || auth.MissingStep(store.Application{Answers: a}) != "support" {
		t.Errorf("old draft after changing skills: %+v, want all of 'your work' still done", a)
	}
	var fresh store.Answers
	for i, p := range []store.WorkPart{store.WorkSituation, store.WorkExperience, store.WorkSkills, store.WorkPreferences} {
		if fresh.WorkDone {
			t.Errorf("WorkDone after %d of 4 parts", i)
		}
		fresh.MarkWorkPart(p)
	}
	if !fresh.WorkDone {
		t.Errorf("got WorkDone false after all four parts, want true")
	}
}
