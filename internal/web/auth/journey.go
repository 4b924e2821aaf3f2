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

// MissingStep is the first step of a draft not yet answered ("" when all are).
func MissingStep(app store.Application) string {
	switch {
	case !app.Answers.WorkDone:
		return "your-work"
	case !app.Answers.SupportDone:
		return "support"
	case !app.Answers.ChoiceDone:
		return "choose"
	}
	return ""
}
