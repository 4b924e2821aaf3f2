package store

import (
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/portal"
)

// LinkPurpose says what a single-use resident link does.
type LinkPurpose string

// The purposes; they must match resident_links.purpose's CHECK.
const (
	LinkOffer     LinkPurpose = "offer"      // answer an offered place
	LinkInterview LinkPurpose = "interview"  // book or move an interview slot
	LinkInWork13  LinkPurpose = "in_work_13" // still in work at 13 weeks?
	LinkInWork26  LinkPurpose = "in_work_26" // still in work at 26 weeks?
	LinkReferral  LinkPurpose = "referral"   // take up a housing officer's referral
)

// Why a link does not work. Each gets its own kind page; none says whose
// link it was.
var (
	ErrLinkUnknown = fmt.Errorf("%w: this link is not one of ours", portal.ErrNotFound)
	ErrLinkUsed    = fmt.Errorf("%w: this link has already been used", portal.ErrConflict)
	ErrLinkExpired = fmt.Errorf("%w: this link has expired", portal.ErrConflict)
)

// residentLink is one row of resident_links.
type residentLink struct {
	ID        string
	Purpose   LinkPurpose
	SubjectID string
	TokenHash string
	ExpiresAt time.Time
	UsedAt    *time.Time
	CreatedAt time.Time
}

func (residentLink) TableName() string { return "resident_links" }

// linkTokenBytes is a resident link's randomness: 128 bits, as many as a
// session's guessing would need ever to find one live link among millions,
// in 22 characters, so that a text message keeps its link and its words in
// two parts in every language (a staff link, sent by email, keeps Token's 32).
const linkTokenBytes = 16

// linkToken is a new resident link token and the hash stored for it.
func linkToken() (token, hash string) { return randomToken(linkTokenBytes) }

// issueLink makes a single-use link for subjectID inside tx and returns its
// token, to be sent with enqueueSecret (so the outbox does not keep it).
// Only the token's hash is stored.
func issueLink(tx *gorm.DB, now time.Time, purpose LinkPurpose, subjectID string, expires time.Time) (string, error) {
	token, hash := linkToken()
	err := tx.Create(&residentLink{ID: portal.NewID(), Purpose: purpose, SubjectID: subjectID, TokenHash: hash,
		ExpiresAt: dbTime(expires), CreatedAt: dbTime(now)}).Error
	return token, err
}

// readLink returns the live link a token names, without using it (a page
// that shows what the link is for). Errors: ErrLinkUnknown (no such token,
// or one for another purpose), ErrLinkUsed, ErrLinkExpired.
func readLink(tx *gorm.DB, now time.Time, purpose LinkPurpose, token string) (residentLink, error) {
	var l residentLink
	err := tx.Where("token_hash = ? AND purpose = ?", HashToken(token), purpose).Take(&l).Error
	switch {
	case errors.Is(err, gorm.ErrRecordNotFound):
		return l, ErrLinkUnknown
	case err != nil:
		return l, err
	case l.UsedAt != nil:
		return l, ErrLinkUsed
	case !now.Before(l.ExpiresAt):
		return l, ErrLinkExpired
	}
	return l, nil
}

// spendLink uses a live link inside tx, once: of any number of requests
// spending one token at the same moment, exactly one gets its subject and
// the rest ErrLinkUsed. Errors as readLink.
func spendLink(tx *gorm.DB, now time.Time, purpose LinkPurpose, token string) (residentLink, error) {
	l, err := readLink(tx, now, purpose, token)
	if err != nil {
		return l, err
	}
	res := tx.Model(&residentLink{}).Where("id = ? AND used_at IS NULL", l.ID).Update("used_at", dbTime(now))
	if res.Error != nil {
		return l, res.Error
	}
	if res.RowsAffected != 1 {
		return l, ErrLinkUsed
	}
	return l, nil
}

// retireLinks ends every live link of purpose for subjectID inside tx (a
// new offer replaces the last one; a withdrawn application's links stop).
func retireLinks(tx *gorm.DB, now time.Time, purpose LinkPurpose, subjectID string) error {
	return tx.Model(&residentLink{}).Where("subject_id = ? AND purpose = ? AND used_at IS NULL", subjectID, purpose).
		Update("used_at", dbTime(now)).Error
}
