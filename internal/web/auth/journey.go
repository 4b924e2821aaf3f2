package auth

import "anchorpathways/internal/store"

// ApplyURL is the address of a step of the apply journey ("" for its
// start). It lives beside ApplyState because both apply and status send a
// resident into the journey, and area packages do not import each other.
func ApplyURL(slug, step string) string {
	u := "/pathways/" + slug + "/apply"
	if step != "" {
		u += "/" + step
	}
	return u
}

// MissingStep is the first step of a draft not yet answered ("" when all
// are). "Your work" is four steps; a draft saved before it was split, with
// WorkDone alone, has answered all four.
func MissingStep(app store.Application) string {
	a := app.Answers
	switch {
	case !a.WorkPartDone(store.WorkSituation):
		return "your-work"
	case !a.WorkPartDone(store.WorkExperience):
		return "work-experience"
	case !a.WorkPartDone(store.WorkSkills):
		return "skills"
	case !a.WorkPartDone(store.WorkPreferences):
		return "job-preferences"
	case !app.Answers.SupportDone:
		return "support"
	case !app.Answers.ChoiceDone:
		return "choose"
	}
	return ""
}
