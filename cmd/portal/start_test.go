package main

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"anchorpathways/internal/config"
	"anchorpathways/internal/store"
)

const (
	keyA = "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE="
	keyB = "AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI="
)

// startStop runs the portal with args until it is ready, then stops it. It
// returns run's error when run ends before getting ready.
func startStop(t *testing.T, args ...string) error {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	cfg, err := config.Load(append([]string{"-addr", addr}, args...), func(string) string { return "" }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var logs syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, cfg, &logs, io.Discard) }()
	deadline := time.Now().Add(20 * time.Second)
	for {
		select {
		case err := <-done:
			if err == nil {
				t.Fatal("run ended without an error before it was ready")
			}
			return err
		default:
		}
		if resp, err := http.Get("http://" + addr + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("not ready in time:\n%s", logs.String())
		}
		time.Sleep(20 * time.Millisecond) // polling a starting server, bounded by the deadline
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run returned %v, want a clean shutdown", err)
	}
	return nil
}

// The portal refuses to start outside demo mode on a database holding the
// demo's published staff accounts, or with a secret key other than the one
// its secrets were encrypted with; each refusal says what to do.
func TestRunRefusesUnsafeStarts(t *testing.T) {
	tests := []struct {
		name   string
		before [][]string // earlier runs on the same data folder
		args   []string
		want   error
		say    string
	}{
		{"fresh database with a key", nil, []string{"-secret-key", keyA}, nil, ""},
		{"after demo mode", [][]string{{"-demo"}}, []string{"-secret-key", keyA}, store.ErrDemoAccounts, "start with -demo, or use a fresh database"},
		{"demo again after demo mode", [][]string{{"-demo"}}, []string{"-demo"}, nil, ""},
		{"same key again", [][]string{{"-secret-key", keyA}}, []string{"-secret-key", keyA}, nil, ""},
		{"another key", [][]string{{"-secret-key", keyA}}, []string{"-secret-key", keyB}, store.ErrSecretKey, "start with the original key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, args := range tt.before {
				if err := startStop(t, append(args, "-data-dir", dir)...); err != nil {
					t.Fatalf("earlier run %v: %v", args, err)
				}
			}
			err := startStop(t, append(tt.args, "-data-dir", dir)...)
			if !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
			if err != nil && !strings.Contains(err.Error(), tt.say) {
				t.Errorf("got %q, want it to say %q", err, tt.say)
			}
		})
	}
}
