package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/portal"
)

// ErrOfferClosed means the link is live but the offer it answers is not open
// any more (the application moved on, say withdrawn or not progressed).
var ErrOfferClosed = fmt.Errorf("%w: this offer is no longer open", portal.ErrConflict)

// Offer is what the resident's answer page shows: only what they need to
// decide, and nothing that says who they are.
type Offer struct {
	PathwayName string
	StartsOn    time.Time
	EndsOn      time.Time
	VenueName   string
	VenueAddr   string
	ReplyBy     time.Time
}

// OfferAnswer is what became of an answered offer: place accepted,
// waitlisted (the cohort was full) or place declined.
type OfferAnswer struct {
	Status portal.Status
	Offer
}

// offerOf is the live offer a link names, read inside tx.
func offerOf(tx *gorm.DB, now time.Time, l residentLink) (Application, offerCohort, error) {
	var app Application
	if err := tx.Where("id = ?", l.SubjectID).Take(&app).Error; err != nil {
		return app, offerCohort{}, notFound(err)
	}
	if app.Status != portal.StatusPlaceOffered || app.CohortID == nil {
		return app, offerCohort{}, ErrOfferClosed
	}
	var c offerCohort
	err := tx.Table("cohorts").
		Select("cohorts.*, courses.pathway_id AS pathway_id, pathways.name AS pathway_name").
		Joins("JOIN courses ON courses.id = cohorts.course_id").
		Joins("JOIN pathways ON pathways.id = courses.pathway_id").
		Where("cohorts.id = ?", *app.CohortID).Take(&c).Error
	return app, c, err
}

func (c offerCohort) offer(replyBy time.Time) Offer {
	return Offer{PathwayName: c.PathwayName, StartsOn: c.StartsOn, EndsOn: c.EndsOn, VenueName: c.VenueName,
		VenueAddr: c.VenueAddress, ReplyBy: replyBy}
}

// OfferByToken shows the offer a link answers, without using the link.
// Anyone holding the link may call it. Errors: ErrLinkUnknown, ErrLinkUsed,
// ErrLinkExpired, ErrOfferClosed.
func (s *Store) OfferByToken(ctx context.Context, token string) (_ Offer, err error) {
	defer wrap(&err, "OfferByToken")
	var out Offer
	err = s.tx(ctx, func(tx *gorm.DB) error {
		now := s.now()
		l, err := readLink(tx, now, LinkOffer, token)
		if err != nil {
			return err
		}
		_, c, err := offerOf(tx, now, l)
		out = c.offer(l.ExpiresAt)
		return err
	})
	return out, err
}

// AcceptOffer answers yes to the offer the link names, once. The place is
// taken by one conditional UPDATE on the cohort: when none is left, the
// application goes on the cohort's waiting list instead and the resident is
// told so. Errors: as OfferByToken; a link used, expired or tampered with
// changes nothing.
func (s *Store) AcceptOffer(ctx context.Context, token string, m Messages) (out OfferAnswer, err error) {
	defer wrap(&err, "AcceptOffer")
	err = s.tx(ctx, func(tx *gorm.DB) error {
		out, err = acceptOffer(tx, s.now(), token, m)
		return err
	})
	return out, err
}

func acceptOffer(tx *gorm.DB, now time.Time, token string, m Messages) (OfferAnswer, error) {
	var out OfferAnswer
	l, err := spendLink(tx, now, LinkOffer, token)
	if err != nil {
		return out, err
	}
	app, c, err := offerOf(tx, now, l)
	if err != nil {
		return out, err
	}
	out.Offer = c.offer(l.ExpiresAt)
	res := tx.Exec("UPDATE cohorts SET places_taken = places_taken + 1, updated_at = ? WHERE id = ? AND places_taken < capacity",
		dbTime(now), c.ID)
	if res.Error != nil {
		return out, res.Error
	}
	mv := move{actor: portal.ActorResident, to: portal.StatusPlaceAccepted, set: map[string]any{"offer_expires_at": nil}}
	if res.RowsAffected != 1 {
		mv.to, mv.set["waitlisted_at"] = portal.StatusWaitlisted, dbTime(now)
	}
	app, err = moveApplication(tx, now, Target{ID: app.ID, Version: app.Version}, mv)
	if err != nil {
		return out, err
	}
	out.Status = app.Status
	if m, err = m.toResident(tx, app.ResidentID); err != nil {
		return out, err
	}
	channel, to := app.channel()
	subject, body := m.PlaceAccepted(c.PathwayName, c.Cohort)
	if app.Status == portal.StatusWaitlisted {
		subject, body = m.Waitlisted(c.PathwayName, c.Cohort)
	}
	return out, enqueue(tx, now, channel, to, subject, body)
}

// DeclineOffer answers no to the offer the link names, once, and offers the
// place to the next on the cohort's waiting list if it is free. Errors: as
// AcceptOffer.
func (s *Store) DeclineOffer(ctx context.Context, token string, m Messages) (out OfferAnswer, err error) {
	defer wrap(&err, "DeclineOffer")
	err = s.tx(ctx, func(tx *gorm.DB) error {
		out, err = declineOffer(tx, s.now(), token, m)
		return err
	})
	return out, err
}

func declineOffer(tx *gorm.DB, now time.Time, token string, m Messages) (OfferAnswer, error) {
	var out OfferAnswer
	l, err := spendLink(tx, now, LinkOffer, token)
	if err != nil {
		return out, err
	}
	app, c, err := offerOf(tx, now, l)
	if err != nil {
		return out, err
	}
	out.Offer = c.offer(l.ExpiresAt)
	if err := lockCohort(tx, c.ID); err != nil {
		return out, err
	}
	mv := move{actor: portal.ActorResident, to: portal.StatusPlaceDeclined, set: map[string]any{"offer_expires_at": nil}}
	if app, err = moveApplication(tx, now, Target{ID: app.ID, Version: app.Version}, mv); err != nil {
		return out, err
	}
	out.Status = app.Status
	mm, err := m.toResident(tx, app.ResidentID)
	if err != nil {
		return out, err
	}
	channel, to := app.channel()
	subject, body := mm.PlaceDeclined(c.PathwayName)
	if err := enqueue(tx, now, channel, to, subject, body); err != nil {
		return out, err
	}
	_, err = promoteWaitlist(tx, now, c.ID, m)
	return out, err
}
