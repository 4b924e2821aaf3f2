package notify

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"regexp"
	"strings"
	"time"

	"anchorpathways/internal/store"
)

// Worker defaults, used where a field is zero.
const (
	DefaultInterval    = 5 * time.Second
	DefaultBatch       = 20
	DefaultLease       = 2 * time.Minute
	DefaultMaxAttempts = 8
)

// Retry backoff: 30s after the first failure, doubling to at most an hour,
// each spread by ±10% so that messages failed together do not retry together.
const (
	backoffBase = 30 * time.Second
	backoffCap  = time.Hour
)

// markTimeout bounds recording an outcome, which happens even during
// shutdown so that a message already sent is not sent again.
const markTimeout = 10 * time.Second

// Worker delivers the outbox: it leases a batch, sends each message through
// SMS or Mail by channel, marks it sent, or on failure schedules a retry with
// exponential backoff and jitter until MaxAttempts, then marks it failed.
// Several workers, in one process or in several instances on one PostgreSQL,
// never send a message twice while leases hold; delivery is at least once
// when a worker dies between sending and recording it.
//
// Zero fields take the Default values; a nil Logger logs nothing; a nil SMS or
// Mail makes that channel's messages fail (and retry) rather than vanish.
type Worker struct {
	Store       *store.Store
	SMS         SMSGateway
	Mail        Mailer
	Logger      *slog.Logger
	Interval    time.Duration
	Batch       int
	Lease       time.Duration
	MaxAttempts int
}

// RunOnce leases one batch and tries each message in it once. It returns how
// many were sent. A failed send is not an error here (it is scheduled for
// retry and logged); err reports store failures only.
func (w *Worker) RunOnce(ctx context.Context) (sent int, err error) {
	sent, _, err = w.runOnce(ctx)
	return sent, err
}

func (w *Worker) runOnce(ctx context.Context) (sent, leased int, err error) {
	lease := w.lease()
	// Sends must finish well inside the lease, on this machine's clock, so a
	// slow send cannot outlive it and let another worker send the same message.
	sendBy := time.Now().Add(lease * 4 / 5)
	msgs, err := w.Store.LeaseOutbox(ctx, w.batch(), lease)
	if err != nil {
		return 0, 0, err
	}
	var errs []error
	for _, m := range msgs {
		if ctx.Err() != nil || time.Now().After(sendBy) {
			// The rest come back to some worker when the lease runs out.
			break
		}
		ok, err := w.deliver(ctx, m, sendBy)
		if err != nil {
			errs = append(errs, err)
		}
		if ok {
			sent++
		}
	}
	return sent, len(msgs), errors.Join(errs...)
}

// deliver sends m and records the outcome. It reports whether m was sent
// and recorded; the error is a failure to record the outcome.
func (w *Worker) deliver(ctx context.Context, m store.OutboxMessage, sendBy time.Time) (sent bool, err error) {
	log := w.logger().With("message_id", m.ID, "channel", m.Channel)
	token := ""
	if m.LeaseToken != nil {
		token = *m.LeaseToken
	}
	sendCtx, cancel := context.WithDeadline(ctx, sendBy)
	sendErr := w.send(sendCtx, m)
	cancel()

	markCtx, cancelMark := context.WithTimeout(context.WithoutCancel(ctx), markTimeout)
	defer cancelMark()
	if sendErr == nil {
		if err := w.Store.MarkSent(markCtx, m.ID, token, w.keepsSecrets(m.Channel)); err != nil {
			log.Error("outbox: sent but not recorded", "error", err)
			return false, fmt.Errorf("outbox message %s: %w", m.ID, err)
		}
		return true, nil
	}
	if ctx.Err() != nil {
		// Shutting down is not the message's fault: leave it leased, to be
		// tried again when the lease runs out, without counting an attempt.
		log.Info("outbox: send interrupted by shutdown")
		return false, nil
	}
	attempt := m.Attempts + 1
	final := attempt >= w.maxAttempts()
	next := w.Store.Now().Add(Backoff(attempt))
	reason := redact(sendErr.Error(), m.Recipient, m.Body)
	if err := w.Store.MarkFailed(markCtx, m.ID, token, reason, next, final); err != nil {
		log.Error("outbox: failure not recorded", "error", err)
		return false, fmt.Errorf("outbox message %s: %w", m.ID, err)
	}
	if final {
		log.Error("outbox: giving up", "attempt", attempt, "error", reason)
	} else {
		log.Warn("outbox: send failed, will retry", "attempt", attempt, "retry_at", next, "error", reason)
	}
	return false, nil
}

func (w *Worker) send(ctx context.Context, m store.OutboxMessage) error {
	switch m.Channel {
	case store.ChannelSMS:
		if w.SMS == nil {
			return errors.New("no SMS gateway configured")
		}
		return w.SMS.SendSMS(ctx, m.Recipient, m.Body)
	case store.ChannelEmail:
		if w.Mail == nil {
			return errors.New("no mailer configured")
		}
		return w.Mail.SendEmail(ctx, m.Recipient, m.Subject, m.Body)
	}
	return fmt.Errorf("unknown channel %q", m.Channel)
}

// Run delivers the outbox until ctx is done: a full batch is followed at once
// by the next, otherwise it waits Interval. Errors are logged with message ID
// and channel only.
func (w *Worker) Run(ctx context.Context) {
	t := time.NewTimer(0)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		_, leased, err := w.runOnce(ctx)
		if err != nil && ctx.Err() == nil {
			w.logger().Error("outbox: delivery round failed", "error", err)
		}
		if leased >= w.batch() && err == nil {
			t.Reset(0)
		} else {
			t.Reset(w.interval())
		}
	}
}

// Backoff is the wait before the attempt after failed attempt n (1-based):
// about 30s, 1m, 2m, 4m, … at most an hour, each within ±10%.
func Backoff(n int) time.Duration {
	d := backoffCap
	if n >= 1 && n <= 20 {
		d = min(backoffBase<<(n-1), backoffCap)
	}
	spread := d / 5
	return d - spread/2 + rand.N(spread)
}

var (
	// emailLike and numberLike catch a recipient a server echoes in another form.
	emailLike  = regexp.MustCompile(`[^\s<>"'(),;:]+@[^\s<>"'(),;:]+`)
	numberLike = regexp.MustCompile(`\+?\d{7,}`)
)

// redact removes personal data from a sender's error text before it is logged
// or stored: the recipient, the body, and anything that looks like an email
// address or a phone number.
func redact(text, recipient, body string) string {
	if recipient != "" {
		text = strings.ReplaceAll(text, recipient, "[recipient]")
	}
	if len(body) >= 8 {
		text = strings.ReplaceAll(text, body, "[body]")
	}
	text = emailLike.ReplaceAllString(text, "[address]")
	return numberLike.ReplaceAllString(text, "[number]")
}

// keepsSecrets reports whether channel's sender is the demo one, whose
// messages are read at /dev/outbox and so must keep their codes until they
// expire; after a real delivery the store removes them.
func (w *Worker) keepsSecrets(channel string) bool {
	var sender any = w.Mail
	if channel == store.ChannelSMS {
		sender = w.SMS
	}
	_, demo := sender.(Demo)
	return demo
}

func (w *Worker) logger() *slog.Logger {
	if w.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return w.Logger
}

func (w *Worker) interval() time.Duration {
	if w.Interval <= 0 {
		return DefaultInterval
	}
	return w.Interval
}

func (w *Worker) batch() int {
	if w.Batch <= 0 {
		return DefaultBatch
	}
	return w.Batch
}

func (w *Worker) lease() time.Duration {
	if w.Lease <= 0 {
		return DefaultLease
	}
	return w.Lease
}

func (w *Worker) maxAttempts() int {
	if w.MaxAttempts <= 0 {
		return DefaultMaxAttempts
	}
	return w.MaxAttempts
}
