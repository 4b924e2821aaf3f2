package store

import (
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// seedDemoReferrals adds a few referrals from the demo housing officer
// (Pioneer), none started yet: one fresh, one let to choose, and one old
// enough for its reminder. Each link is sent once, when its referral is
// first made, so /dev/outbox holds links a demo visitor can open.
func seedDemoReferrals(tx *gorm.DB, now time.Time, m Messages) error {
	hth := DemoHTHID
	rtc := "demo-pathway-rtc"
	refs := []struct {
		id, name, mobile, postcode string
		pathway                    *string
		age                        time.Duration
	}{
		{"demo-referral-jordan", "Jordan Price", "+447700900101", "B35 7PR", &hth, 0},
		{"demo-referral-priya", "Priya Shah", "+447700900102", "B35 7QD", nil, 2 * 24 * time.Hour},
		{"demo-referral-alex", "Alex Morgan", "+447700900103", "B35 7NU", &rtc, 8 * 24 * time.Hour},
	}
	for _, d := range refs {
		at := dbTime(now.Add(-d.age))
		r := Referral{ID: d.id, OrganisationID: DemoPioneerID, OfficerID: "demo-staff-housing_officer", PathwayID: d.pathway,
			FullName: d.name, Postcode: d.postcode, ContactMobile: &d.mobile, ContactChannel: ChannelSMS,
			TenancyReference: "PHG-" + d.mobile[len(d.mobile)-3:], ConsentMethod: "in_person", ConsentOn: at,
			OfficerNote: "Demo referral", CreatedAt: at, UpdatedAt: at}
		res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&r)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			continue
		}
		name, err := pathwayNameOf(tx, r)
		if err != nil {
			return err
		}
		if err := sendReferralLink(tx, now, r, m, name, false); err != nil {
			return err
		}
		// Sent when the referral was made, as the demo sender would have
		// (the link stays readable in the demo outbox until it expires);
		// nothing is left to send.
		if err := tx.Exec("UPDATE outbox SET status = ?, sent_at = created_at WHERE status = ? AND recipient = ?",
			OutboxSent, OutboxPending, d.mobile).Error; err != nil {
			return err
		}
	}
	return nil
}
