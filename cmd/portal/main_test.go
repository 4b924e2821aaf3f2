package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"anchorpathways/internal/config"
)

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// The binary starts on a fresh data folder, migrates, seeds the demo, serves,
// and on cancellation (SIGTERM) stops cleanly.
func TestRunServesDemoAndShutsDownGracefully(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	_, port, _ := net.SplitHostPort(addr)
	// Listening on ":port", as a person starting the demo by hand would.
	cfg, err := config.Load([]string{"-demo", "-addr", ":" + port, "-data-dir", t.TempDir()}, func(string) string { return "" }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var logs, told syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, cfg, &logs, &told) }()

	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, err := http.Get("http://" + addr + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("not ready in time: %v\n%s", err, logs.String())
		}
		time.Sleep(20 * time.Millisecond) // polling a starting server, bounded by the deadline
	}
	resp, err := http.Get("http://" + addr + "/pathways/hospitality-to-health")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "Hospitality to Health") {
		t.Fatalf("got %d, want the demo pathway", resp.StatusCode)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run returned %v, want a clean shutdown", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("did not shut down")
	}
	// The address to open, where the portal really listens (links in
	// messages use the same base URL).
	open := "http://localhost:" + port
	if got, want := told.String(), "Open "+open+" in your browser\n"; got != want {
		t.Errorf("got %q on the terminal, want %q", got, want)
	}
	if !strings.Contains(logs.String(), `"base_url":"`+open+`"`) {
		t.Errorf("the listening log line lacks base_url %q:\n%s", open, logs.String())
	}
	if !strings.Contains(logs.String(), `"msg":"shutting down"`) || !strings.Contains(logs.String(), `"request_id"`) {
		t.Errorf("logs lack shutdown or request IDs:\n%s", logs.String())
	}
}
