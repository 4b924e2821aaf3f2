package store

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/portal"
)

// ReferralLinkFor is how long a referral's link works.
const ReferralLinkFor = 14 * 24 * time.Hour

// Referral is one row of referrals: what a housing officer knows about a
// tenant they referred. Only officers of OrganisationID read it.
type Referral struct {
	ID               string
	OrganisationID   string
	OfficerID        string
	PathwayID        *string
	FullName         string
	Postcode         string
	ContactMobile    *string
	ContactEmail     *string
	ContactChannel   string
	TenancyReference string
	ConsentMethod    string
	ConsentOn        time.Time
	OfficerNote      string
	ResidentID       *string
	ApplicationID    *string
	RemindedAt       *time.Time
	ResentAt         *time.Time
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

func (Referral) TableName() string { return "referrals" }

// Contact is the referral's contact details; the link goes to Proved().
func (r Referral) Contact() Contact {
	return Contact{FullName: r.FullName, Mobile: refStr(r.ContactMobile), Email: refStr(r.ContactEmail), Channel: r.ContactChannel}
}

// Referring is what an officer tells us on "Refer a tenant", already
// normalised (portal.NormaliseMobile, NormaliseEmail, NormalisePostcode).
type Referring struct {
	Contact          Contact
	Postcode         string
	PathwayID        string // "" to let the tenant choose
	TenancyReference string
	ConsentMethod    string
	ConsentOn        time.Time
	OfficerNote      string
}

// ReferOutcome tells the officer what happened: a new resident was sent a
// link, or the tenant was already known (and whether they had already
// applied, in which case no link is sent). It says nothing more about them.
type ReferOutcome struct {
	ID             string
	KnownResident  bool
	AlreadyApplied bool
}

// ReferTenant records a housing officer's referral of a tenant of their own
// organisation and texts (or emails) the tenant a link to an application
// already filled in. A tenant already known (by normalised mobile, then
// email) is linked, never duplicated; one with an open sent application is
// linked to it and sent nothing. Errors: portal.ErrForbidden (not a housing
// officer), portal.ErrNotFound (no such open pathway).
func (s *Store) ReferTenant(ctx context.Context, officer portal.Staff, in Referring, msgs Messages) (out ReferOutcome, err error) {
	defer wrap(&err, "ReferTenant")
	if officer.Role != portal.RoleHousingOfficer {
		return out, portal.ErrForbidden
	}
	now := s.now()
	r := Referral{
		ID: portal.NewID(), OrganisationID: officer.OrganisationID, OfficerID: officer.ID, PathwayID: optional(in.PathwayID),
		FullName: in.Contact.FullName, Postcode: in.Postcode, ContactMobile: optional(in.Contact.Mobile),
		ContactEmail: optional(in.Contact.Email), ContactChannel: in.Contact.Channel, TenancyReference: in.TenancyReference,
		ConsentMethod: in.ConsentMethod, ConsentOn: dbTime(in.ConsentOn), OfficerNote: in.OfficerNote,
		CreatedAt: dbTime(now), UpdatedAt: dbTime(now),
	}
	err = s.tx(ctx, func(tx *gorm.DB) error {
		pathwayName := ""
		if in.PathwayID != "" {
			var names []string
			if err := tx.Table("pathways").Where("id = ? AND is_open = ?", in.PathwayID, true).Pluck("name", &names).Error; err != nil {
				return err
			}
			if len(names) == 0 {
				return portal.ErrNotFound
			}
			pathwayName = names[0]
		}
		residentID, err := knownResident(tx, in.Contact)
		if err != nil {
			return err
		}
		if residentID != "" {
			out.KnownResident = true
			r.ResidentID = &residentID
			app, found, err := openApplicationOf(tx, residentID, in.PathwayID)
			if err != nil {
				return err
			}
			if found && app.Status != portal.StatusDraft {
				out.AlreadyApplied = true
				r.ApplicationID = &app.ID
			}
		}
		if err := tx.Create(&r).Error; err != nil {
			return err
		}
		out.ID = r.ID
		if out.AlreadyApplied {
			// The application came first; it keeps its own source.
			return tx.Table("applications").Where("id = ? AND referral_id IS NULL", *r.ApplicationID).
				Update("referral_id", r.ID).Error
		}
		return sendReferralLink(tx, now, r, msgs, pathwayName, false)
	})
	return out, err
}

// knownResident is the resident holding the contact's mobile, else its
// email; "" for none.
func knownResident(tx *gorm.DB, c Contact) (string, error) {
	for _, q := range []struct{ column, value string }{{"mobile", c.Mobile}, {"email", c.Email}} {
		if q.value == "" {
			continue
		}
		var ids []string
		if err := tx.Table("residents").Where(q.column+" = ?", q.value).Limit(1).Pluck("id", &ids).Error; err != nil {
			return "", err
		}
		if len(ids) > 0 {
			return ids[0], nil
		}
	}
	return "", nil
}

// openApplicationOf is the resident's open application to the pathway (any
// pathway when pathwayID is "", the newest).
func openApplicationOf(tx *gorm.DB, residentID, pathwayID string) (Application, bool, error) {
	q := tx.Where("resident_id = ? AND closed_at IS NULL", residentID)
	if pathwayID != "" {
		q = q.Where("pathway_id = ?", pathwayID)
	}
	var app Application
	err := q.Order("created_at DESC").Take(&app).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return app, false, nil
	}
	return app, err == nil, err
}

// sendReferralLink ends the referral's earlier links and sends a new one,
// inside tx.
func sendReferralLink(tx *gorm.DB, now time.Time, r Referral, msgs Messages, pathwayName string, reminder bool) error {
	if err := retireLinks(tx, now, LinkReferral, r.ID); err != nil {
		return err
	}
	expires := now.Add(ReferralLinkFor)
	token, err := issueLink(tx, now, LinkReferral, r.ID, expires)
	if err != nil {
		return err
	}
	var orgs []string
	if err := tx.Table("organisations").Where("id = ?", r.OrganisationID).Pluck("name", &orgs).Error; err != nil {
		return err
	}
	msgs, err = msgs.toContact(tx, r.Contact().Proved())
	if err != nil {
		return err
	}
	org := msgs.words().T("msg_referral_org_unknown")
	if len(orgs) > 0 {
		org = orgs[0]
	}
	subject, body := msgs.Referral(org, pathwayName, token, reminder)
	return enqueueSecret(tx, now, r.ContactChannel, r.Contact().Proved(), subject, body, token, expires)
}

func refStr(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
