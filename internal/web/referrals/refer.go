package referrals

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/web/auth"
	"anchorpathways/internal/web/page"
)

// Template names, beside the handlers that use them.
const tmplRefer = "referrals/refer"

type referForm struct {
	FullName     string `form:"full_name" validate:"required,max=100" msg:"required=Enter the tenant’s full name;max=Full name must be 100 characters or fewer"`
	Mobile       string `form:"mobile" validate:"max=30" msg:"max=Enter a UK mobile number, like 07700 900 982"`
	Email        string `form:"email" validate:"max=254" msg:"max=Email address must be 254 characters or fewer"`
	Postcode     string `form:"postcode" validate:"required,max=16" msg:"required=Enter the tenant’s postcode;max=Enter a real postcode, like B35 7PR"`
	Pathway      string `form:"pathway" validate:"max=64"`
	Tenancy      string `form:"tenancy_reference" validate:"max=40" msg:"max=Tenancy reference must be 40 characters or fewer"`
	Consent      string `form:"consent_method" validate:"required,oneof=in_person by_phone in_writing" msg:"*=Select how the tenant agreed to be referred"`
	ConsentDay   string `form:"consent_on-day" validate:"max=2"`
	ConsentMonth string `form:"consent_on-month" validate:"max=2"`
	ConsentYear  string `form:"consent_on-year" validate:"max=4"`
	OfficerNote  string `form:"officer_note" validate:"max=1000" msg:"max=Note must be 1000 characters or fewer"`
}

type referPage struct {
	page.Page
	Form     referForm
	Pathways []portal.Option
	Consents []portal.Option
}

func (h *Handler) referPage(c echo.Context, f referForm, verr *portal.ValidationError) (*referPage, error) {
	cards, err := h.store.ListOpenPathways(c.Request().Context())
	if err != nil {
		return nil, err
	}
	opts := []portal.Option{{Value: "", Label: "Let them choose"}}
	for _, p := range cards {
		opts = append(opts, portal.Option{Value: p.ID, Label: p.Name})
	}
	return &referPage{Page: page.Page{Title: "Refer a tenant", Back: "/staff/referrals", Errors: verr},
		Form: f, Pathways: opts, Consents: portal.ConsentMethods()}, nil
}

// Refer answers GET /staff/referrals/new (housing officer).
func (h *Handler) Refer(c echo.Context) error {
	now := h.store.Now()
	pg, err := h.referPage(c, referForm{ConsentDay: strconv.Itoa(now.Day()), ConsentMonth: strconv.Itoa(int(now.Month())),
		ConsentYear: strconv.Itoa(now.Year())}, nil)
	if err != nil {
		return err
	}
	return h.views.Render(c, http.StatusOK, tmplRefer, pg)
}

// ReferPost answers POST /staff/referrals/new (housing officer). The tenant
// is sent a link to an application already filled in; one already known is
// linked to, never made twice, and the officer is told so.
func (h *Handler) ReferPost(c echo.Context) error {
	var f referForm
	if err := page.Bind(c, &f); err != nil {
		return err
	}
	page.TrimAll(&f)
	verr := page.Check(&f)
	in := store.Referring{PathwayID: f.Pathway, TenancyReference: f.Tenancy, ConsentMethod: f.Consent, OfficerNote: f.OfficerNote}
	var err error
	if !verr.Has("full_name") {
		if in.Contact.FullName, err = portal.CleanName(f.FullName); err != nil {
			verr.Add("full_name", err.Error())
		}
	}
	if f.Mobile != "" && !verr.Has("mobile") {
		if in.Contact.Mobile, err = portal.NormaliseMobile(f.Mobile); err != nil {
			verr.Add("mobile", err.Error())
		}
	}
	if f.Email != "" && !verr.Has("email") {
		if in.Contact.Email, err = portal.NormaliseEmail(f.Email); err != nil {
			verr.Add("email", err.Error())
		}
	}
	if f.Mobile == "" && f.Email == "" {
		verr.Add("mobile", "Enter a mobile number or an email address, so we can send the tenant their link")
	}
	// A text reaches most tenants soonest; email when there is no mobile.
	in.Contact.Channel = store.ChannelSMS
	if f.Mobile == "" {
		in.Contact.Channel = store.ChannelEmail
	}
	if !verr.Has("postcode") {
		if in.Postcode, err = portal.NormalisePostcode(f.Postcode); err != nil {
			verr.Add("postcode", err.Error())
		}
	}
	var msg string
	if in.ConsentOn, msg = consentDate(f, h.store.Now()); msg != "" {
		verr.Add("consent_on-day", msg)
	}
	if verr.Empty() {
		out, err := h.store.ReferTenant(c.Request().Context(), auth.Me(c), in, h.messages)
		switch {
		case errors.Is(err, portal.ErrNotFound):
			verr.Add("pathway", "Select a pathway that is open for applications, or let them choose")
		case err != nil:
			return err
		default:
			if err := h.auth.Flash(c, referredFlash(in.Contact.FullName, out)); err != nil {
				return err
			}
			return c.Redirect(http.StatusSeeOther, "/staff/referrals")
		}
	}
	verr.Errors = page.Ordered(verr.Errors, "full_name", "mobile", "email", "postcode", "pathway", "tenancy_reference",
		"consent_method", "consent_on-day", "officer_note")
	pg, err := h.referPage(c, f, verr)
	if err != nil {
		return err
	}
	return h.views.Render(c, http.StatusUnprocessableEntity, tmplRefer, pg)
}

// referredFlash tells the officer what happened, and nothing about a known
// tenant beyond that they are known.
func referredFlash(name string, out store.ReferOutcome) string {
	switch {
	case out.AlreadyApplied:
		return name + " has already applied. We have linked your referral to their application, so you can follow it here"
	case out.KnownResident:
		return name + " is already known to us. We have linked your referral to their record and sent them a link to apply"
	}
	return "Referral sent. We have sent " + name + " a link to their application"
}

// consentDate reads the consent date, or says what is wrong with it: a real
// date, not in the future, within the last year.
func consentDate(f referForm, now time.Time) (time.Time, string) {
	if f.ConsentDay == "" && f.ConsentMonth == "" && f.ConsentYear == "" {
		return time.Time{}, "Enter the date the tenant agreed to be referred"
	}
	d, errD := strconv.Atoi(f.ConsentDay)
	m, errM := strconv.Atoi(f.ConsentMonth)
	y, errY := strconv.Atoi(f.ConsentYear)
	if errD != nil || errM != nil || errY != nil || m < 1 || m > 12 || d < 1 || y < 2000 {
		return time.Time{}, "The date the tenant agreed must be a real date, like 27 3 2026"
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return time.Time{}, "The date the tenant agreed must be a real date, like 27 3 2026"
	}
	if t.After(now) {
		return time.Time{}, "The date the tenant agreed must be today or in the past"
	}
	if t.Before(now.AddDate(-1, 0, 0)) {
		return time.Time{}, "The tenant must have agreed within the last year. Ask them again"
	}
	return t, ""
}
