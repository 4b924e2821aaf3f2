package store

import (
	"context"
	"errors"
	"strings"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/portal"
)

// ErrErasureBlocked is CarryOutErasure's answer when the resident has an
// application under way (sent and not ended): erasing it would pull it from
// under the recruiter and the resident. The coordinator records why not, or
// the application ends first.
var ErrErasureBlocked = errors.New("store: an application is under way")

// finishedOpen are the statuses of an open application that is not under
// way: an unsent draft (deleted by erasure) and in work at 26 weeks, where
// the pathway has nothing more to do (kept, anonymised, in the totals).
// erasureCounts spells the same list in SQL.
var finishedOpen = []portal.Status{portal.StatusDraft, portal.StatusInWork26}

// Erasure request statuses.
const (
	ErasureRequested = "requested"
	ErasureDone      = "erased"
	ErasureRefused   = "refused"
)

// ErasureRequest is one request as the coordinator sees it: never the
// contact, only what deciding needs.
type ErasureRequest struct {
	ID          string
	Status      string
	Reason      string
	RequestedAt time.Time
	DecidedAt   *time.Time
	Version     int
	// Applications and UnderWay count the resident's applications, and
	// those sent and not ended (which block erasure).
	Applications int
	UnderWay     int
}

// AuditErasure is the audit action of a carried-out or refused request.
const AuditErasure = "erasure_request_decided"

// RequestErasure records that the resident who proved contact asks to be
// erased. Asking again while a request waits is the same request.
func (s *Store) RequestErasure(ctx context.Context, contact string) (err error) {
	defer named(&err, "RequestErasure")
	if contact == "" {
		return portal.ErrForbidden
	}
	return s.db.WithContext(ctx).Exec(`INSERT INTO erasure_requests (id, contact, status, requested_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
		portal.NewID(), contact, ErasureRequested, dbTime(s.now())).Error
}

// ErasureRequested reports whether the resident who proved contact has a
// request waiting.
func (s *Store) ErasureRequested(ctx context.Context, contact string) (_ bool, err error) {
	defer named(&err, "ErasureRequested")
	var n int64
	err = s.db.WithContext(ctx).Table("erasure_requests").Where("contact = ? AND status = ?", contact, ErasureRequested).Count(&n).Error
	return n > 0, err
}

const erasureCounts = `SELECT r.id, r.status, r.reason, r.requested_at, r.decided_at, r.version,
  (SELECT COUNT(*) FROM applications a WHERE a.resident_id IN (SELECT id FROM residents WHERE mobile = r.contact OR email = r.contact)) AS applications,
  (SELECT COUNT(*) FROM applications a WHERE a.resident_id IN (SELECT id FROM residents WHERE mobile = r.contact OR email = r.contact)
     AND a.closed_at IS NULL AND a.status NOT IN ('draft', 'in_work_26_weeks')) AS under_way
FROM erasure_requests r`

// ListErasureRequests returns the requests for the coordinator (the caller
// checks the role): waiting ones first, oldest first, then the latest 50
// decided.
func (s *Store) ListErasureRequests(ctx context.Context) (_ []ErasureRequest, err error) {
	defer named(&err, "ListErasureRequests")
	var out []ErasureRequest
	err = s.db.WithContext(ctx).Raw(erasureCounts+` WHERE r.status = ? ORDER BY r.requested_at, r.id`, ErasureRequested).Scan(&out).Error
	if err != nil {
		return nil, err
	}
	var decided []ErasureRequest
	err = s.db.WithContext(ctx).Raw(erasureCounts+` WHERE r.status <> ? ORDER BY r.decided_at DESC, r.id LIMIT 50`, ErasureRequested).Scan(&decided).Error
	return append(out, decided...), err
}

// waitingRequest reads request id inside tx, still waiting at version.
// Errors: portal.ErrNotFound, portal.ErrConflict (decided or changed).
func waitingRequest(tx *gorm.DB, id string, version int) (contact string, err error) {
	var r struct {
		Contact, Status string
		Version         int
	}
	if err := tx.Table("erasure_requests").Select("contact, status, version").Where("id = ?", id).Take(&r).Error; err != nil {
		return "", notFound(err)
	}
	if r.Status != ErasureRequested || r.Version != version {
		return "", portal.ErrConflict
	}
	return r.Contact, nil
}

// channelOf is how to reach a contact: a mobile number starts with +.
func channelOf(contact string) string {
	if strings.HasPrefix(contact, "+") {
		return ChannelSMS
	}
	return ChannelEmail
}

// decide closes request id as status, tells the resident, empties the
// contact, and audits the decision, inside tx.
func decide(tx *gorm.DB, now time.Time, a Actor, id, contact, status, reason string, subject, body string, counts any) error {
	res := tx.Table("erasure_requests").Where("id = ? AND status = ?", id, ErasureRequested).
		Updates(map[string]any{"status": status, "reason": reason, "contact": "", "decided_at": now, "decided_by": a.Staff.ID, "version": gorm.Expr("version + 1")})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected != 1 {
		return portal.ErrConflict
	}
	if err := enqueue(tx, now, channelOf(contact), contact, subject, body); err != nil {
		return err
	}
	return audit(tx, now, a, AuditErasure, "erasure_request", id, nil, counts)
}

// erasureResult is what an erasure removed, in counts (the audit row).
type erasureResult struct {
	Status                string `json:"status"`
	DraftsDeleted         int64  `json:"drafts_deleted"`
	ApplicationsAnonymous int64  `json:"applications_anonymised"`
	ResidentsDeleted      int64  `json:"residents_deleted"`
	RowsDeleted           int64  `json:"messages_codes_sessions_deleted"`
	ReferralsErased       int64  `json:"referrals_erased"`
}
