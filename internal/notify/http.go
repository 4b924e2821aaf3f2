package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
)

// defaultHTTPTimeout bounds a gateway call when the client has no timeout.
const defaultHTTPTimeout = 10 * time.Second

// HTTPGateway sends text messages by POSTing JSON {"to": ..., "body": ...}
// to a gateway URL with "Authorization: Bearer <token>". Any 2xx answer is
// success. It is safe for concurrent use.
type HTTPGateway struct {
	url    string
	token  string
	client *http.Client
}

// NewHTTPGateway returns a gateway posting to url with token. A nil client
// means one with a 10-second timeout; a client without a timeout gets the
// same bound per request.
func NewHTTPGateway(url, token string, client *http.Client) *HTTPGateway {
	if client == nil {
		client = &http.Client{Timeout: defaultHTTPTimeout}
	}
	return &HTTPGateway{url: url, token: token, client: client}
}

type smsRequest struct {
	To   string `json:"to"`
	Body string `json:"body"`
}

// SendSMS posts one message. A non-2xx answer is an error naming the status
// only: neither the message nor the gateway's reply (which may echo it)
// appears in the error.
func (g *HTTPGateway) SendSMS(ctx context.Context, to, body string) error {
	payload, err := json.Marshal(smsRequest{To: to, Body: body})
	if err != nil {
		return fmt.Errorf("sms gateway: %w", err)
	}
	if g.client.Timeout == 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, defaultHTTPTimeout)
		defer cancel()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, g.url, bytes.NewReader(payload))
	if err != nil {
		return errors.New("sms gateway: bad gateway URL")
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	if g.token != "" {
		req.Header.Set("Authorization", "Bearer "+g.token)
	}
	resp, err := g.client.Do(req)
	if err != nil {
		// The *url.Error repeats the URL, which may carry a key; keep the cause.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return fmt.Errorf("sms gateway: request failed: %w", err)
	}
	defer resp.Body.Close()
	// Drain a little so the connection can be reused; never read it into an error.
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("sms gateway: status %d", resp.StatusCode)
	}
	return nil
}
