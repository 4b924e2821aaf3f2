package apply

import (
	"strings"

	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/web/page"
)

var yearsOptions = []portal.Option{{Value: "under_1", Label: "years_under_1"}, {Value: "1_to_5", Label: "years_1_to_5"}, {Value: "over_5", Label: "years_over_5"}}

var yesNoOptions = []portal.Option{{Value: "yes", Label: "yes"}, {Value: "no", Label: "no"}}

// translated is opts with each Label (a message id) in the page's language.
func translated(p page.Page, opts []portal.Option) []portal.Option {
	out := make([]portal.Option, len(opts))
	for i, o := range opts {
		out[i] = portal.Option{Value: o.Value, Label: p.T(o.Label)}
	}
	return out
}

// YesNo is the answer list of a yes/no question.
func (p *eligibilityPage) YesNo() []portal.Option { return translated(p.Page, yesNoOptions) }

// TenantOptions lists the pathway's partner housing providers, then "none".
func (p *eligibilityPage) TenantOptions() []portal.Option {
	out := make([]portal.Option, 0, len(p.Pathway.Providers)+1)
	for _, o := range p.Pathway.Providers {
		out = append(out, portal.Option{Value: o.ID, Label: o.Name})
	}
	return append(out, portal.Option{Value: "none", Label: p.T("none_of_these")})
}

// Channels are the ways we can contact a resident.
func (p *aboutYouPage) Channels() []portal.Option {
	return translated(p.Page, []portal.Option{{Value: "sms", Label: "text_message"}, {Value: "email", Label: "email"}})
}

// Slug is the pathway of the journey the resident is on.
func (p *alreadyAppliedPage) Slug() string { return p.slug }

// PrivacyCoordinator is the coordinator a resident asks for a copy of their
// data or its erasure: the first with an email address or phone number.
func (p *checkPage) PrivacyCoordinator() *store.Organisation { return store.Reachable(p.Coordinators) }

// YearsOptions labels the answer to "how many years have you worked in these jobs?".
func (p *checkPage) YearsOptions() []portal.Option { return translated(p.Page, yearsOptions) }

// CohortText describes the chosen course date.
func (p *checkPage) CohortText() string {
	if p.Cohort == nil {
		return p.T("next_course_with_places")
	}
	return p.Date(p.Cohort.StartsOn) + ", " + p.Cohort.VenueName
}

// TenantName is the resident's housing provider, if they rent from a partner.
func (p *checkPage) TenantName() string {
	for _, o := range p.Pathway.Providers {
		if o.ID == p.App.Answers.Tenant {
			return o.Name
		}
	}
	return ""
}

// TenantText answers "housing provider" on the check page.
func (p *checkPage) TenantText() string {
	if n := p.TenantName(); n != "" {
		return n
	}
	return p.T("none_of_partners")
}

// Mobile is the mobile number given, in the usual UK form.
func (p *checkPage) Mobile() string {
	m := deref(p.App.ContactMobile)
	if strings.HasPrefix(m, "+44") && len(m) == 13 {
		return "0" + m[3:7] + " " + m[7:10] + " " + m[10:]
	}
	return m
}

// Email is the email address given.
func (p *checkPage) Email() string { return deref(p.App.ContactEmail) }

// ChannelText names the chosen way to contact the resident.
func (p *checkPage) ChannelText() string {
	if p.App.ContactChannel == "email" {
		return p.T("email")
	}
	return p.T("text_message")
}
