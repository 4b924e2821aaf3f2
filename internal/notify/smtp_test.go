package notify

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"io"
	"math/big"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/textproto"
	"regexp"
	"strings"
	"testing"
	"time"
)

// smtpSession is what the fake server saw in one conversation.
type smtpSession struct {
	tls        bool
	auth       string // decoded AUTH PLAIN response
	from       string
	rcpt       []string
	data       string
	quitBefore bool
}

// fakeSMTP is just enough of an SMTP server on 127.0.0.1 for SMTPMailer.
type fakeSMTP struct {
	addr      string
	tlsConfig *tls.Config // offer STARTTLS when set
	rcptReply string
	sessions  chan smtpSession
}

func startFakeSMTP(t *testing.T, tlsConfig *tls.Config, rcptReply string) *fakeSMTP {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ln.Close() })
	f := &fakeSMTP{addr: ln.Addr().String(), tlsConfig: tlsConfig, rcptReply: rcptReply, sessions: make(chan smtpSession, 4)}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go f.serve(t, c)
		}
	}()
	return f
}

func (f *fakeSMTP) serve(t *testing.T, c net.Conn) {
	var s smtpSession
	defer func() { f.sessions <- s }()
	defer func() { _ = c.Close() }()
	tp := textproto.NewConn(c)
	reply := func(lines ...string) {
		for _, l := range lines {
			if err := tp.PrintfLine("%s", l); err != nil {
				t.Errorf("fake smtp: write: %v", err)
			}
		}
	}
	reply("220 fake.test ESMTP ready")
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO", "HELO":
			lines := []string{"250-fake.test"}
			if f.tlsConfig != nil && !s.tls {
				lines = append(lines, "250-STARTTLS")
			}
			reply(append(lines, "250-AUTH PLAIN", "250 8BITMIME")...)
		case "STARTTLS":
			reply("220 go ahead")
			tc := tls.Server(c, f.tlsConfig)
			if err := tc.Handshake(); err != nil {
				t.Errorf("fake smtp: handshake: %v", err)
				return
			}
			c, tp, s.tls = tc, textproto.NewConn(tc), true
		case "AUTH":
			mech, resp, _ := strings.Cut(arg, " ")
			dec, err := base64.StdEncoding.DecodeString(resp)
			if mech != "PLAIN" || err != nil {
				reply("504 unsupported")
				continue
			}
			s.auth = string(dec)
			reply("235 2.7.0 authenticated")
		case "MAIL":
			s.from = arg
			reply("250 2.1.0 ok")
		case "RCPT":
			s.rcpt = append(s.rcpt, arg)
			reply(f.rcptReply)
		case "DATA":
			reply("354 end with <CRLF>.<CRLF>")
			b, err := tp.ReadDotBytes()
			if err != nil {
				return
			}
			s.data = string(b)
			reply("250 2.0.0 queued")
		case "RSET", "NOOP":
			reply("250 ok")
		case "QUIT":
			s.quitBefore = true
			reply("221 bye")
			return
		default:
			reply("502 not implemented")
		}
	}
}

func (f *fakeSMTP) session(t *testing.T) smtpSession {
	t.Helper()
	select {
	case s := <-f.sessions:
		return s
	case <-time.After(10 * time.Second):
		t.Fatal("fake smtp: no session ended within 10s")
		return smtpSession{}
	}
}

// selfSigned returns a server config for 127.0.0.1 and a client config trusting it.
func selfSigned(t *testing.T) (server, client *tls.Config) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "fake smtp"},
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	server = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}, MinVersion: tls.VersionTLS12}
	client = &tls.Config{RootCAs: pool, ServerName: "127.0.0.1", MinVersion: tls.VersionTLS12}
	return server, client
}

func TestSMTPMailerSends(t *testing.T) {
	const (
		from    = "Anchor Pathways <no-reply@anchor.example>"
		to      = "ayesha@example.org"
		subject = "Your place on the course – café 10:00"
	)
	body := "Hello Ayesha,\n\nYour place on Hospitality to Health is confirmed. Bring photo ID; the course pays £0 to attend and lunch is provided = free.\n.\nA line that starts with a dot must survive.\n"
	serverTLS, clientTLS := selfSigned(t)
	tests := []struct {
		name               string
		serverTLS          *tls.Config
		username, password string
		wantTLS            bool
		wantAuth           string
	}{
		{"plain relay, no auth", nil, "", "", false, ""},
		{"STARTTLS and PLAIN auth", serverTLS, "relay-user", "relay-pass", true, "\x00relay-user\x00relay-pass"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := startFakeSMTP(t, tt.serverTLS, "250 2.1.5 ok")
			m := NewSMTPMailer(srv.addr, from, tt.username, tt.password)
			m.TLSConfig = clientTLS
			if err := m.SendEmail(context.Background(), to, subject, body); err != nil {
				t.Fatalf("SendEmail: %v", err)
			}
			s := srv.session(t)
			if got, want := s.tls, tt.wantTLS; got != want {
				t.Errorf("TLS: got %v, want %v", got, want)
			}
			if got, want := s.auth, tt.wantAuth; got != want {
				t.Errorf("AUTH PLAIN: got %q, want %q", got, want)
			}
			if got, want := s.from, "FROM:<no-reply@anchor.example>"; !strings.HasPrefix(got, want) {
				t.Errorf("MAIL: got %q, want prefix %q", got, want)
			}
			if got, want := strings.Join(s.rcpt, ","), "TO:<ayesha@example.org>"; got != want {
				t.Errorf("RCPT: got %q, want %q", got, want)
			}
			if !s.quitBefore {
				t.Error("QUIT: got none, want one")
			}
			msg, err := mail.ReadMessage(strings.NewReader(s.data))
			if err != nil {
				t.Fatalf("parse message: %v", err)
			}
			h := msg.Header
			subj, err := new(mime.WordDecoder).DecodeHeader(h.Get("Subject"))
			if err != nil {
				t.Fatalf("decode Subject %q: %v", h.Get("Subject"), err)
			}
			if got, want := subj, subject; got != want {
				t.Errorf("Subject: got %q, want %q", got, want)
			}
			if raw := h.Get("Subject"); !strings.HasPrefix(raw, "=?UTF-8?q?") {
				t.Errorf("raw Subject: got %q, want an RFC 2047 encoded-word", raw)
			}
			fromAddr, err := mail.ParseAddress(h.Get("From"))
			if err != nil || fromAddr.Address != "no-reply@anchor.example" || fromAddr.Name != "Anchor Pathways" {
				t.Errorf("From: got %q (%v), want Anchor Pathways <no-reply@anchor.example>", h.Get("From"), err)
			}
			toAddr, err := mail.ParseAddress(h.Get("To"))
			if err != nil || toAddr.Address != to {
				t.Errorf("To: got %q (%v), want %q", h.Get("To"), err, to)
			}
			if _, err := mail.ParseDate(h.Get("Date")); err != nil {
				t.Errorf("Date: got %q, want a valid date: %v", h.Get("Date"), err)
			}
			if got := h.Get("Message-ID"); !regexp.MustCompile(`^<[A-Za-z0-9_-]{22}@anchor\.example>$`).MatchString(got) {
				t.Errorf("Message-ID: got %q, want <id@anchor.example>", got)
			}
			for k, want := range map[string]string{
				"MIME-Version":              "1.0",
				"Content-Type":              "text/plain; charset=UTF-8",
				"Content-Transfer-Encoding": "quoted-printable",
			} {
				if got := h.Get(k); got != want {
					t.Errorf("%s: got %q, want %q", k, got, want)
				}
			}
			raw, err := io.ReadAll(msg.Body)
			if err != nil {
				t.Fatal(err)
			}
			for line := range strings.SplitSeq(string(raw), "\n") {
				if len(line) > 76 {
					t.Errorf("encoded body line of %d characters, want at most 76: %q", len(line), line)
				}
			}
			decoded, err := io.ReadAll(quotedprintable.NewReader(strings.NewReader(string(raw))))
			if err != nil {
				t.Fatal(err)
			}
			if got, want := strings.TrimRight(string(decoded), "\r\n"), strings.TrimRight(body, "\n"); got != want {
				t.Errorf("body: got %q, want %q", got, want)
			}
		})
	}
}

func TestSMTPMailerNoHeaderInjection(t *testing.T) {
	srv := startFakeSMTP(t, nil, "250 ok")
	m := NewSMTPMailer(srv.addr, "no-reply@anchor.example", "", "")
	if err := m.SendEmail(context.Background(), "ayesha@example.org", "Hi\r\nBcc: evil@example.org", "hello"); err != nil {
		t.Fatal(err)
	}
	msg, err := mail.ReadMessage(bufio.NewReader(strings.NewReader(srv.session(t).data)))
	if err != nil {
		t.Fatal(err)
	}
	if got := msg.Header.Get("Bcc"); got != "" {
		t.Fatalf("Bcc: got %q, want none", got)
	}
	if err := m.SendEmail(context.Background(), "ayesha@example.org\r\nBcc: evil@example.org", "Hi", "hello"); err == nil {
		t.Fatal("recipient with a line break: got no error, want one")
	}
}

func TestSMTPMailerRejectionHidesRecipient(t *testing.T) {
	srv := startFakeSMTP(t, nil, "550 5.1.1 <ayesha@example.org>: Recipient address rejected")
	m := NewSMTPMailer(srv.addr, "no-reply@anchor.example", "", "")
	err := m.SendEmail(context.Background(), "ayesha@example.org", "Hi", "hello")
	if err == nil {
		t.Fatal("error: got nil, want one")
	}
	if got, want := err.Error(), "smtp RCPT: server replied 550"; got != want {
		t.Fatalf("error: got %q, want %q", got, want)
	}
}
