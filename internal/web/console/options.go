package console

import (
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
)

// ---- helpers ------------------------------------------------------------------------------

func organisationOptions(orgs []store.Organisation) []portal.Option {
	out := make([]portal.Option, len(orgs))
	for i, o := range orgs {
		out[i] = portal.Option{Value: o.ID, Label: o.Name}
	}
	return out
}

func neighbourhoodOptions(hoods []store.Neighbourhood) []portal.Option {
	out := make([]portal.Option, len(hoods))
	for i, h := range hoods {
		out[i] = portal.Option{Value: h.ID, Label: h.Name}
	}
	return out
}

// labelOf is the label of id among options, or id itself if it has gone.
func labelOf(options []portal.Option, id string) string {
	if l := portal.LabelFor(options, id); l != "" {
		return l
	}
	return id
}

// labelsOf lists the labels of ids, in the options' order.
func labelsOf(options []portal.Option, ids []string) []string {
	var out []string
	for _, o := range options {
		for _, id := range ids {
			if o.Value == id {
				out = append(out, o.Label)
				break
			}
		}
	}
	return out
}
