package notify

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/store"
)

// What the worker logs (no personal data), its back-off, and redaction.

func TestWorkerLogsNoPersonalData(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		clock := newTestClock()
		s := store.New(db).WithClock(clock.Now)
		const mobile, email = "+447700900123", "ayesha.khan@example.org"
		const smsBody, emailBody = "Your sign-in code is 482913", "Dear Ayesha, your interview is on Monday"
		if err := s.Enqueue(ctx, store.ChannelSMS, mobile, "", smsBody); err != nil {
			t.Fatal(err)
		}
		if err := s.Enqueue(ctx, store.ChannelEmail, email, "Interview", emailBody); err != nil {
			t.Fatal(err)
		}
		// A careless gateway that echoes everything, in other forms too.
		sender := newFakeSender(func(to, body string) error {
			return fmt.Errorf("rejected %s (%s, %s): %q", to, strings.TrimPrefix(to, "+"), strings.ToUpper(to), body)
		})
		var buf bytes.Buffer
		logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
		w := &Worker{Store: s, SMS: sender, Mail: sender, Logger: logger, Lease: time.Minute, MaxAttempts: 2}
		for range 2 {
			if _, err := w.RunOnce(ctx); err != nil {
				t.Fatal(err)
			}
			clock.Advance(time.Hour)
		}
		if got, want := countStatus(t, db, store.OutboxFailed), int64(2); got != want {
			t.Fatalf("failed messages: got %d, want %d", got, want)
		}
		logs := buf.String()
		for _, want := range []string{`"message_id"`, `"channel":"sms"`, `"channel":"email"`, "will retry", "giving up"} {
			if !strings.Contains(logs, want) {
				t.Errorf("logs: got %s, want them to contain %q", logs, want)
			}
		}
		secrets := []string{mobile, "447700900123", "7700900123", email, strings.ToUpper(email), "ayesha", "Ayesha", "482913", smsBody, emailBody}
		for _, secret := range secrets {
			if strings.Contains(logs, secret) {
				t.Errorf("logs contain %q:\n%s", secret, logs)
			}
		}
		msgs, err := s.ListOutbox(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range msgs {
			for _, secret := range secrets {
				if strings.Contains(m.LastError, secret) {
					t.Errorf("stored error %q contains %q", m.LastError, secret)
				}
			}
		}
	})
}

func TestBackoff(t *testing.T) {
	tests := []struct {
		attempt int
		want    time.Duration
	}{
		{1, 30 * time.Second},
		{2, time.Minute},
		{3, 2 * time.Minute},
		{4, 4 * time.Minute},
		{7, 32 * time.Minute},
		{8, time.Hour},
		{50, time.Hour},
		{0, time.Hour},
	}
	for _, tt := range tests {
		for range 50 {
			got := Backoff(tt.attempt)
			lo, hi := tt.want-tt.want/10, tt.want+tt.want/10
			if got < lo || got > hi {
				t.Fatalf("Backoff(%d): got %v, want between %v and %v", tt.attempt, got, lo, hi)
			}
		}
	}
}

func TestRedact(t *testing.T) {
	tests := []struct {
		text, recipient, body, want string
	}{
		{"status 500", "+447700900123", "hello", "status 500"},
		{"rejected +447700900123", "+447700900123", "hi", "rejected [recipient]"},
		{"no such number 07700900123", "+447700900123", "hi", "no such number [number]"},
		{"550 <Ayesha@Example.org> unknown", "ayesha@example.org", "hi", "550 <[address]> unknown"},
		{`bad body "Your code is 123456"`, "x@example.org", "Your code is 123456", `bad body "[body]"`},
		{"dial tcp 127.0.0.1:25: connection refused", "x@example.org", "hi", "dial tcp 127.0.0.1:25: connection refused"},
	}
	for _, tt := range tests {
		if got := redact(tt.text, tt.recipient, tt.body); got != tt.want {
			t.Errorf("redact(%q): got %q, want %q", tt.text, got, tt.want)
		}
	}
}
