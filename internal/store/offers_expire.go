package store

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/portal"
)

// expiryBatch bounds one run of ExpireOffers; the next run takes the rest.
const expiryBatch = 200

// ExpireOffers ends every offer of a place whose reply-by date has passed
// unanswered (offer expired, the resident told), and offers the places so
// freed to the waiting lists. Each offer ends in its own transaction with a
// version-checked move, so instances running it at once end each offer
// once. It returns how many offers it ended. For the scheduler.
func (s *Store) ExpireOffers(ctx context.Context, m Messages) (_ int, err error) {
	defer wrap(&err, "ExpireOffers")
	now := s.now()
	var due []Application
	err = s.db.WithContext(ctx).Select("id", "version").
		Where("status = ? AND offer_expires_at <= ?", portal.StatusPlaceOffered, dbTime(now)).
		Order("offer_expires_at, id").Limit(expiryBatch).Find(&due).Error
	if err != nil {
		return 0, err
	}
	n := 0
	for _, d := range due {
		err := s.tx(ctx, func(tx *gorm.DB) error { return expireOffer(tx, now, Target{ID: d.ID, Version: d.Version}, m) })
		switch {
		case errors.Is(err, portal.ErrConflict) || errors.Is(err, portal.ErrNotFound):
			continue // answered, withdrawn or ended by another instance meanwhile
		case err != nil:
			return n, err
		}
		n++
	}
	return n, nil
}

// expireOffer ends one offer inside tx.
func expireOffer(tx *gorm.DB, now time.Time, t Target, m Messages) error {
	var app Application
	if err := tx.Where("id = ? AND version = ? AND status = ?", t.ID, t.Version, portal.StatusPlaceOffered).Take(&app).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return portal.ErrConflict
		}
		return err
	}
	if err := beforeLeavingCohort(tx, now, app); err != nil {
		return err
	}
	moved, err := moveApplication(tx, now, t, move{actor: portal.ActorSystem, to: portal.StatusOfferExpired, note: "no answer by the reply-by date"})
	if err != nil {
		return err
	}
	var name []string
	if err := tx.Table("pathways").Where("id = ?", app.PathwayID).Pluck("name", &name).Error; err != nil || len(name) == 0 {
		return errors.Join(err, portal.ErrNotFound)
	}
	mm, err := m.toResident(tx, app.ResidentID)
	if err != nil {
		return err
	}
	channel, to := moved.channel()
	subject, body := mm.OfferExpired(name[0])
	if err := enqueue(tx, now, channel, to, subject, body); err != nil {
		return err
	}
	return afterLeavingCohort(tx, now, app, m)
}
