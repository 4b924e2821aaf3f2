package notify

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestHTTPGateway(t *testing.T) {
	const to, body = "+447700900123", "Your code is 482913"
	tests := []struct {
		name    string
		status  int
		wantErr string // "" for success
	}{
		{"ok", http.StatusOK, ""},
		{"accepted", http.StatusAccepted, ""},
		{"server error", http.StatusInternalServerError, "status 500"},
		{"unauthorised", http.StatusUnauthorized, "status 401"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var gotAuth, gotType, gotMethod string
			var gotReq smsRequest
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				gotAuth, gotType, gotMethod = r.Header.Get("Authorization"), r.Header.Get("Content-Type"), r.Method
				if err := json.NewDecoder(r.Body).Decode(&gotReq); err != nil {
					t.Errorf("request body: %v", err)
				}
				w.WriteHeader(tt.status)
				// A gateway that echoes the message must not leak it into errors.
				_, _ = w.Write([]byte(`{"error":"rejected","to":"` + to + `","body":"` + body + `"}`))
			}))
			defer srv.Close()
			g := NewHTTPGateway(srv.URL+"/send", "s3cret-token", srv.Client())
			err := g.SendSMS(context.Background(), to, body)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("error: got %v, want nil", err)
				}
			} else {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error: got %v, want one containing %q", err, tt.wantErr)
				}
				for _, secret := range []string{to, body, "s3cret-token"} {
					if strings.Contains(err.Error(), secret) {
						t.Fatalf("error %q: contains %q", err, secret)
					}
				}
			}
			if got, want := gotMethod, http.MethodPost; got != want {
				t.Errorf("method: got %q, want %q", got, want)
			}
			if got, want := gotAuth, "Bearer s3cret-token"; got != want {
				t.Errorf("Authorization: got %q, want %q", got, want)
			}
			if got, want := gotType, "application/json"; got != want {
				t.Errorf("Content-Type: got %q, want %q", got, want)
			}
			if got, want := gotReq, (smsRequest{To: to, Body: body}); got != want {
				t.Errorf("JSON: got %+v, want %+v", got, want)
			}
		})
	}
}

func TestHTTPGatewayUnreachableHidesURL(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL + "/send?key=url-secret"
	srv.Close()
	err := NewHTTPGateway(url, "t", nil).SendSMS(context.Background(), "+447700900123", "hello there")
	if err == nil {
		t.Fatal("error: got nil, want one")
	}
	if strings.Contains(err.Error(), "url-secret") {
		t.Fatalf("error %q: contains the URL's key", err)
	}
}
