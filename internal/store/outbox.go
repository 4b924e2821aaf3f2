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
	// Secret is the code or token the text's placeholder stands for, until
	// the message is delivered by a real sender or SecretExpiresAt passes;
	// then NULL. The store's readers return Subject and Body with it filled
	// in (or with secretGone once it is gone).
	Secret          *string
	SecretExpiresAt *time.Time
}

// secretPlaceholder stands in the stored text for a message's secret. It
// uses brackets no message of ours writes, so it cannot collide with text.
const secretPlaceholder = "⟦secret⟧"

// secretGone replaces the placeholder once the secret has been removed.
const secretGone = "[removed]"

// fill puts the live secret (or secretGone) in place of the placeholder, so
// that senders and the demo outbox see the message as it is meant to read.
func (m *OutboxMessage) fill(now time.Time) {
	with := secretGone
	if m.Secret != nil && m.SecretExpiresAt != nil && m.SecretExpiresAt.After(now) {
		with = *m.Secret
	}
	m.Subject = strings.ReplaceAll(m.Subject, secretPlaceholder, with)
	m.Body = strings.ReplaceAll(m.Body, secretPlaceholder, with)
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
	return insertMessage(tx, now, channel, recipient, subject, body, nil, nil)
}

// enqueueSecret is enqueue for a message carrying secret (a one-time code or
// a single-use link's token) that stops working at expires: the stored text
// holds a placeholder wherever secret appeared, and the secret is kept in its
// own column until delivery or expiry, so the outbox does not keep live
// credentials for ever.
func enqueueSecret(tx *gorm.DB, now time.Time, channel, recipient, subject, body, secret string, expires time.Time) error {
	if secret == "" || !strings.Contains(body, secret) {
		return errors.New("enqueue message: the secret is not in the body")
	}
	until := dbTime(expires)
	return insertMessage(tx, now, channel, recipient,
		strings.ReplaceAll(subject, secret, secretPlaceholder), strings.ReplaceAll(body, secret, secretPlaceholder), &secret, &until)
}

func insertMessage(tx *gorm.DB, now time.Time, channel, recipient, subject, body string, secret *string, expires *time.Time) error {
	if channel != ChannelSMS && channel != ChannelEmail {
		return fmt.Errorf("enqueue message: unknown channel %q", channel)
	}
	if recipient == "" {
		return errors.New("enqueue message: no recipient")
	}
	if strings.TrimSpace(recipient) == "" {
		return errors.New("enqueue message: no recipient")
	}
	if body == "" {
		return errors.New("enqueue message: empty body")
	}
	now = dbTime(now)
	m := OutboxMessage{
		ID:              portal.NewID(),
		Channel:         channel,
		Recipient:       recipient,
		Subject:         subject,
		Body:            body,
		Status:          OutboxPending,
		NextAttemptAt:   now,
		CreatedAt:       now,
		Secret:          secret,
		SecretExpiresAt: expires,
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
	if err := enqueue(s.db.WithContext(ctx), s.now(), channel, recipient, subject, body); err != nil {
		return fmt.Errorf("store: Enqueue: %w", err)
	}
	return nil
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
		return nil, errors.New("store: LeaseOutbox: the lease must be positive")
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
	// runs one writer at a time, so the statement is atomic there. A message
	// whose secret has expired is not worth sending: DeleteExpired fails it.
	// LockClause is a constant from the database package, never input.
	claim := `WITH claim AS MATERIALIZED (
			SELECT id FROM outbox
			WHERE status = 'pending' AND next_attempt_at <= ? AND (leased_until IS NULL OR leased_until <= ?)
			AND (secret_expires_at IS NULL OR secret_expires_at > ?)
			ORDER BY next_attempt_at, id
			LIMIT ?` + database.LockClause(s.db) + `)
		UPDATE outbox SET lease_token = ?, leased_until = ?
		WHERE id IN (SELECT id FROM claim)
		AND status = 'pending' AND next_attempt_at <= ? AND (leased_until IS NULL OR leased_until <= ?)
		AND (secret_expires_at IS NULL OR secret_expires_at > ?)`
	res := db.Exec(claim, now, now, now, n, token, until, now, now, now)
	if res.Error != nil {
		return nil, fmt.Errorf("store: LeaseOutbox: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return nil, nil
	}
	var msgs []OutboxMessage
	if err := db.Where("lease_token = ?", token).Order("next_attempt_at, id").Find(&msgs).Error; err != nil {
		return nil, fmt.Errorf("store: LeaseOutbox: read leased: %w", err)
	}
	for i := range msgs {
		msgs[i].fill(now)
	}
	return msgs, nil
}

// MarkSent records that message id was delivered by the worker holding
// token, and removes its secret: once delivered, the outbox has no reason to
// keep a working code or link. keepSecret is for the demo sender only, whose
// messages are read at /dev/outbox: the secret then stays until it expires
// (DeleteExpired removes it). It returns portal.ErrConflict when the token no
// longer matches (the lease ran out and another worker took the message) or
// the message is no longer pending.
func (s *Store) MarkSent(ctx context.Context, id, token string, keepSecret bool) error {
	now := dbTime(s.now())
	updates := map[string]any{
		"status":       OutboxSent,
		"attempts":     gorm.Expr("attempts + 1"),
		"sent_at":      now,
		"lease_token":  nil,
		"leased_until": nil,
		"last_error":   "",
	}
	if !keepSecret {
		updates["secret"] = nil
	}
	res := s.db.WithContext(ctx).Model(&OutboxMessage{}).
		Where("id = ? AND lease_token = ? AND status = ?", id, token, OutboxPending).
		Updates(updates)
	if res.Error != nil {
		return fmt.Errorf("store: MarkSent: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("store: MarkSent: %w", portal.ErrConflict)
	}
	return nil
}

// redactExpiredSecrets removes every secret whose time is up, and fails the
// pending messages that carried one: a dead code is not worth sending.
func redactExpiredSecrets(db *gorm.DB, now time.Time) error {
	now = dbTime(now)
	err := db.Model(&OutboxMessage{}).
		Where("status = ? AND secret_expires_at <= ?", OutboxPending, now).
		Updates(map[string]any{"status": OutboxFailed, "last_error": "expired before it was sent", "lease_token": nil, "leased_until": nil}).Error
	if err != nil {
		return err
	}
	return db.Model(&OutboxMessage{}).Where("secret IS NOT NULL AND secret_expires_at <= ?", now).Update("secret", nil).Error
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
		return fmt.Errorf("store: MarkFailed: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("store: MarkFailed: %w", portal.ErrConflict)
	}
	return nil
}

// ListOutbox returns at most limit messages, newest first, for the demo-mode
// /dev/outbox page, with live secrets filled in. It holds personal data: only
// demo mode may show it.
func (s *Store) ListOutbox(ctx context.Context, limit int) ([]OutboxMessage, error) {
	if limit <= 0 {
		return nil, nil
	}
	var msgs []OutboxMessage
	err := s.db.WithContext(ctx).Order("created_at DESC, id DESC").Limit(limit).Find(&msgs).Error
	if err != nil {
		return nil, fmt.Errorf("store: ListOutbox: %w", err)
	}
	now := s.now()
	for i := range msgs {
		msgs[i].fill(now)
	}
	return msgs, nil
}

// LatestOutboxTo returns the newest message to recipient, its live secret
// filled in (tests and the demo outbox page use it), or portal.ErrNotFound
// when there is none.
func (s *Store) LatestOutboxTo(ctx context.Context, recipient string) (OutboxMessage, error) {
	var m OutboxMessage
	err := s.db.WithContext(ctx).Where("recipient = ?", recipient).
		Order("created_at DESC, id DESC").Take(&m).Error
	if err != nil {
		return OutboxMessage{}, fmt.Errorf("store: LatestOutboxTo: %w", notFound(err))
	}
	m.fill(s.now())
	return m, nil
}
