package store

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"anchorpathways/internal/portal"
)

// One application as the recruiters' application page shows it.

// RecruitApplication is an application as st may see it. Name and Contact
// are "" until st may see them (recruiters: from a place offered on);
// Support is nil for everyone but the coordinator. Referral notes and
// equality answers are never read.
type RecruitApplication struct {
	ID, Reference, Pseudonym string
	Version                  int
	Status                   portal.Status
	PathwayID, PathwayName   string
	FitScore                 int
	Reasons                  []string
	Answers                  Answers
	StopReason               string
	Name, Mobile, Email      string
	Support                  *Support
	History                  []HistoryEntry
	Notes                    []RecruiterNote
	// Interview is the interview time booked, if any.
	Interview *InterviewSlot
	// Next is what st's role may move it to from its status.
	Next []portal.Status
}

// HistoryEntry is one status change: who (a staff name, or the kind of
// actor), when, from, to and why.
type HistoryEntry struct {
	From, To portal.Status
	Actor    portal.Actor
	Who      string
	Note     string
	At       time.Time
}

// RecruiterNote is a note on an application, seen by the recruiters of the
// pathway's employer and the coordinator.
type RecruiterNote struct {
	ID, AuthorName, Body string
	CreatedAt            time.Time
}

// recruitAppRow is what the page's query reads: support needs are read
// only for the coordinator (a second column list).
type recruitAppRow struct {
	ID, Reference, PathwayID, PathwayName, FullName string
	Version, FitScore                               int
	Status                                          portal.Status
	StopReason                                      *string
	ContactMobile, ContactEmail                     *string
	Answers                                         Answers             `gorm:"serializer:json"`
	Routing                                         []portal.Suggestion `gorm:"serializer:json"`
	SupportNeeds                                    *Support            `gorm:"serializer:json"`
}

// RecruitApplicationFor returns application id as st may see it, with its
// history, notes and booked interview time (four queries); ErrNotFound when it is out of st's
// reach (another employer's, a draft, not staff who recruit).
func (s *Store) RecruitApplicationFor(ctx context.Context, st portal.Staff, id string) (_ RecruitApplication, err error) {
	defer wrap(&err, "RecruitApplicationFor")
	db := s.db.WithContext(ctx)
	cols := "applications.id, applications.reference, applications.pathway_id, pathways.name AS pathway_name, applications.full_name, " +
		"applications.version, applications.fit_score, applications.status, applications.stop_reason, applications.contact_mobile, " +
		"applications.contact_email, applications.answers, applications.routing"
	if st.Role == portal.RoleCoordinator {
		cols += ", applications.support_needs"
	}
	q := workableBy(db.Table("applications").Select(cols).Joins("JOIN pathways ON pathways.id = applications.pathway_id"), st).
		Where("applications.id = ? AND applications.status <> ?", id, portal.StatusDraft)
	var rows []recruitAppRow
	if err := q.Scan(&rows).Error; err != nil {
		return RecruitApplication{}, err
	}
	if len(rows) == 0 {
		return RecruitApplication{}, portal.ErrNotFound
	}
	r := rows[0]
	out := RecruitApplication{ID: r.ID, Reference: r.Reference, Pseudonym: Pseudonym(r.Reference), Version: r.Version,
		Status: r.Status, PathwayID: r.PathwayID, PathwayName: r.PathwayName, FitScore: r.FitScore, Answers: r.Answers,
		Support: r.SupportNeeds, Next: portal.NextStatuses(r.Status, actorOf(st))}
	if r.StopReason != nil {
		out.StopReason = *r.StopReason
	}
	for _, sg := range r.Routing {
		if sg.PathwayID == r.PathwayID {
			out.Reasons = sg.Reasons
		}
	}
	if seesName(st, r.Status) {
		out.Name = r.FullName
		if r.ContactMobile != nil {
			out.Mobile = *r.ContactMobile
		}
		if r.ContactEmail != nil {
			out.Email = *r.ContactEmail
		}
	}
	err = db.Table("application_events").
		Select("application_events.from_status AS \"from\", application_events.to_status AS \"to\", application_events.actor, COALESCE(staff_users.full_name, '') AS who, application_events.note, application_events.created_at AS at").
		Joins("LEFT JOIN staff_users ON staff_users.id = application_events.actor_id").
		Where("application_events.application_id = ?", id).Order("application_events.created_at, application_events.id").Scan(&out.History).Error
	if err != nil {
		return out, err
	}
	err = db.Table("recruiter_notes").Select("id, author_name, body, created_at").Where("application_id = ?", id).
		Order("created_at, id").Scan(&out.Notes).Error
	if err != nil {
		return out, err
	}
	var slots []InterviewSlot
	if err := db.Where("application_id = ?", id).Order("starts_at DESC").Limit(1).Find(&slots).Error; err != nil {
		return out, err
	}
	if len(slots) > 0 {
		out.Interview = &slots[0]
	}
	return out, nil
}

// MaxNoteLength is the longest recruiter note, in characters.
const MaxNoteLength = 2000

// ErrNoteLength is returned for an empty or over-long note.
var ErrNoteLength = errors.New("a note must have 1 to 2000 characters")

// AddRecruiterNote adds a note to application id as st, who must be able
// to work it (ErrNotFound otherwise). The page checks the length first.
func (s *Store) AddRecruiterNote(ctx context.Context, st portal.Staff, id, body string) (err error) {
	defer wrap(&err, "AddRecruiterNote")
	body = strings.TrimSpace(body)
	if body == "" || utf8.RuneCountInString(body) > MaxNoteLength {
		return ErrNoteLength
	}
	return s.tx(ctx, func(tx *gorm.DB) error {
		var n int64
		if err := workableBy(tx.Model(&Application{}), st).Where("applications.id = ? AND applications.status <> ?", id, portal.StatusDraft).Count(&n).Error; err != nil {
			return err
		}
		if n == 0 {
			return portal.ErrNotFound
		}
		return tx.Table("recruiter_notes").Create(map[string]any{
			"id": portal.NewID(), "application_id": id, "author_id": st.ID, "author_name": st.Name,
			"body": body, "created_at": s.now(),
		}).Error
	})
}
