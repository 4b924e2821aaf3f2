package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/database"
	"anchorpathways/internal/portal"
)

// The channels a message can go out on; they match outbox.channel's CHECK.
const (
	ChannelSMS   = "sms"
	ChannelEmail = "email"
)

// The outbox statuses; they match outbox.status's CHECK.
const (
	OutboxPending = "pending"
	OutboxSent    = "sent"
	OutboxFailed  = "failed"
)

// maxLastError bounds the stored error text: a chatty server must not fill the table.
const maxLastError = 1000

// OutboxMessage is one message to a resident or staff member, written in the
// same transaction as the change that causes it.
type OutboxMessage struct {
	ID            string
	Channel       string
	Recipient     string
	Subject       string
	Body          string
	Status        string
	Attempts      int
	NextAttemptAt time.Time
	LeaseToken    *string
	LeasedUntil   *time.Time
	LastError     string
	SentAt        *time.Time
	CreatedAt     time.Time
}

// TableName maps OutboxMessage to the outbox table.
func (OutboxMessage) TableName() string { return "outbox" }

// dbTime is t in UTC at the precision both dialects keep (PostgreSQL stores
// microseconds), so a time written reads back equal, and SQLite's text
// timestamps, all in UTC, compare in time order.
func dbTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// enqueue writes a pending message inside tx (the caller's transaction), so
// the message exists if and only if the change commits. It is due at once.
func enqueue(tx *gorm.DB, now time.Time, channel, recipient, subject, body string) error {
	if channel != ChannelSMS && channel != ChannelEmail {
		return fmt.Errorf("enqueue message: unknown channel %q", channel)
	}
	if strings.TrimSpace(recipient) == "" {
		return errors.New("enqueue message: no recipient")
	}
	if body == "" {
		return errors.New("enqueue message: empty body")
	}
	now = dbTime(now)
	m := OutboxMessage{
		ID:            portal.NewID(),
		Channel:       channel,
		Recipient:     recipient,
		Subject:       subject,
		Body:          body,
		Status:        OutboxPending,
		NextAttemptAt: now,
		CreatedAt:     now,
	}
	if err := tx.Create(&m).Error; err != nil {
		return fmt.Errorf("enqueue message: %w", err)
	}
	return nil
}

// Enqueue writes one pending message on its own, for messages that follow no
// other change (a sign-in code). Use cases that change data and tell someone
// call enqueue inside their own transaction instead.
func (s *Store) Enqueue(ctx context.Context, channel, recipient, subject, body string) error {
	return enqueue(s.db.WithContext(ctx), s.now(), channel, recipient, subject, body)
}

// LeaseOutbox claims up to n due pending messages for the lease duration,
// under a fresh lease token, and returns them oldest-due first. A message
// leased by one worker is never returned to another until its lease runs out,
// whichever instance the other worker runs in. Only the outbox worker calls it.
func (s *Store) LeaseOutbox(ctx context.Context, n int, lease time.Duration) ([]OutboxMessage, error) {
	if n <= 0 {
		return nil, nil
	}
	if lease <= 0 {
		return nil, errors.New("lease outbox: the lease must be positive")
	}
	now := dbTime(s.now())
	until := dbTime(now.Add(lease))
	token := portal.NewID()
	db := s.db.WithContext(ctx)
	// The claiming sub-select is a materialized CTE so that it runs exactly
	// once: PostgreSQL may otherwise rescan an IN (sub-select) per row, and a
	// rescan skips the rows this statement just locked and claims more than
	// n. The due/unleased conditions are in both the CTE and the UPDATE: on
	// PostgreSQL a claimer that waited for, or skipped past, a row another
	// worker just claimed re-checks them on the row's newest version. SQLite
	// runs one writer at a time, so the statement is atomic there.
	// LockClause is a constant from the database package, never input.
	claim := `WITH claim AS MATERIALIZED (
			SELECT id FROM outbox
			WHERE status = 'pending' AND next_attempt_at <= ? AND (leased_until IS NULL OR leased_until <= ?)
			ORDER BY next_attempt_at, id
			LIMIT ?` + database.LockClause(s.db) + `)
		UPDATE outbox SET lease_token = ?, leased_until = ?
		WHERE id IN (SELECT id FROM claim)
		AND status = 'pending' AND next_attempt_at <= ? AND (leased_until IS NULL OR leased_until <= ?)`
	res := db.Exec(claim, now, now, n, token, until, now, now)
	if res.Error != nil {
		return nil, fmt.Errorf("lease outbox: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return nil, nil
	}
	var msgs []OutboxMessage
	if err := db.Where("lease_token = ?", token).Order("next_attempt_at, id").Find(&msgs).Error; err != nil {
		return nil, fmt.Errorf("lease outbox: read leased: %w", err)
	}
	return msgs, nil
}

// MarkSent records that message id was delivered by the worker holding
// token. It returns portal.ErrConflict when the token no longer matches (the
// lease ran out and another worker took the message) or the message is no
// longer pending.
func (s *Store) MarkSent(ctx context.Context, id, token string) error {
	now := dbTime(s.now())
	res := s.db.WithContext(ctx).Model(&OutboxMessage{}).
		Where("id = ? AND lease_token = ? AND status = ?", id, token, OutboxPending).
		Updates(map[string]any{
			"status":       OutboxSent,
			"attempts":     gorm.Expr("attempts + 1"),
			"sent_at":      now,
			"lease_token":  nil,
			"leased_until": nil,
			"last_error":   "",
		})
	if res.Error != nil {
		return fmt.Errorf("mark message sent: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("mark message sent: %w", portal.ErrConflict)
	}
	return nil
}

// MarkFailed records a failed attempt at message id by the worker holding
// token: attempts+1, lastError (which must hold no personal data beyond the
// row's own), the lease cleared and the next attempt at next; when final the
// message becomes 'failed' and is never tried again. It returns
// portal.ErrConflict when the token no longer matches.
func (s *Store) MarkFailed(ctx context.Context, id, token, lastError string, next time.Time, final bool) error {
	status := OutboxPending
	if final {
		status = OutboxFailed
	}
	if len(lastError) > maxLastError {
		lastError = strings.ToValidUTF8(lastError[:maxLastError], "")
	}
	res := s.db.WithContext(ctx).Model(&OutboxMessage{}).
		Where("id = ? AND lease_token = ? AND status = ?", id, token, OutboxPending).
		Updates(map[string]any{
			"status":          status,
			"attempts":        gorm.Expr("attempts + 1"),
			"last_error":      lastError,
			"next_attempt_at": dbTime(next),
			"lease_token":     nil,
			"leased_until":    nil,
		})
	if res.Error != nil {
		return fmt.Errorf("mark message failed: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("mark message failed: %w", portal.ErrConflict)
	}
	return nil
}

// ListOutbox returns at most limit messages, newest first, for the demo-mode
// /dev/outbox page. It holds personal data: only demo mode may show it.
func (s *Store) ListOutbox(ctx context.Context, limit int) ([]OutboxMessage, error) {
	if limit <= 0 {
		return nil, nil
	}
	var msgs []OutboxMessage
	err := s.db.WithContext(ctx).Order("created_at DESC, id DESC").Limit(limit).Find(&msgs).Error
	if err != nil {
		return nil, fmt.Errorf("list outbox: %w", err)
	}
	return msgs, nil
}

// LatestOutboxTo returns the newest message to recipient (tests and the demo
// outbox page use it), or portal.ErrNotFound when there is none.
func (s *Store) LatestOutboxTo(ctx context.Context, recipient string) (OutboxMessage, error) {
	var m OutboxMessage
	err := s.db.WithContext(ctx).Where("recipient = ?", recipient).
		Order("created_at DESC, id DESC").Take(&m).Error
	if err != nil {
		return OutboxMessage{}, fmt.Errorf("latest message: %w", notFound(err))
	}
	return m, nil
}
