package notify

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"strings"
	"time"

	"anchorpathways/internal/portal"
)

// defaultSMTPTimeout bounds one whole SMTP conversation when ctx has no deadline.
const defaultSMTPTimeout = 30 * time.Second

// SMTPMailer sends plain-text email through an SMTP relay (port 587 style):
// it upgrades with STARTTLS whenever the server offers it, and authenticates
// with PLAIN when a username is set (net/smtp refuses PLAIN over an
// unencrypted connection to anything but localhost). It is safe for
// concurrent use; each message uses its own connection.
type SMTPMailer struct {
	addr, host         string
	from               string
	username, password string
	// TLSConfig, when set, is used for STARTTLS instead of one that verifies
	// the relay's name against the system roots (tests, private CAs).
	TLSConfig *tls.Config
	// HelloName is the name sent in EHLO; empty means "localhost".
	HelloName string
}

// NewSMTPMailer returns a mailer for the relay at addr ("host:port") sending
// as from (an address, optionally with a display name).
func NewSMTPMailer(addr, from, username, password string) *SMTPMailer {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	return &SMTPMailer{addr: addr, host: host, from: from, username: username, password: password}
}

// SendEmail sends one message to to. Errors name the SMTP step and the
// server's reply code, never the server's text, which often echoes the
// recipient.
func (m *SMTPMailer) SendEmail(ctx context.Context, to, subject, body string) error {
	from, err := mail.ParseAddress(m.from)
	if err != nil {
		return errors.New("smtp: the sender address is not valid")
	}
	rcpt, err := mail.ParseAddress(to)
	if err != nil {
		return errors.New("smtp: the recipient address is not valid")
	}
	msg, err := buildMessage(from, rcpt, subject, body, time.Now())
	if err != nil {
		return err
	}

	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, defaultSMTPTimeout)
		defer cancel()
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", m.addr)
	if err != nil {
		return fmt.Errorf("smtp: connect: %w", err)
	}
	defer conn.Close()
	// net/smtp knows no context: the deadline bounds every read and write,
	// and cancelling ctx closes the connection.
	deadline, _ := ctx.Deadline()
	_ = conn.SetDeadline(deadline)
	stop := context.AfterFunc(ctx, func() { _ = conn.Close() })
	defer stop()

	c, err := smtp.NewClient(conn, m.host)
	if err != nil {
		return smtpErr("greeting", err)
	}
	defer c.Close()
	if m.HelloName != "" {
		if err := c.Hello(m.HelloName); err != nil {
			return smtpErr("EHLO", err)
		}
	}
	if ok, _ := c.Extension("STARTTLS"); ok {
		cfg := m.TLSConfig
		if cfg == nil {
			cfg = &tls.Config{ServerName: m.host, MinVersion: tls.VersionTLS12}
		}
		if err := c.StartTLS(cfg); err != nil {
			return smtpErr("STARTTLS", err)
		}
	}
	if m.username != "" {
		if err := c.Auth(smtp.PlainAuth("", m.username, m.password, m.host)); err != nil {
			return smtpErr("AUTH", err)
		}
	}
	if err := c.Mail(from.Address); err != nil {
		return smtpErr("MAIL", err)
	}
	if err := c.Rcpt(rcpt.Address); err != nil {
		return smtpErr("RCPT", err)
	}
	w, err := c.Data()
	if err != nil {
		return smtpErr("DATA", err)
	}
	if _, err := w.Write(msg); err != nil {
		return smtpErr("DATA", err)
	}
	if err := w.Close(); err != nil {
		return smtpErr("DATA", err)
	}
	// The message was accepted at the end of DATA; a failed QUIT loses nothing.
	_ = c.Quit()
	return nil
}

// smtpErr names the step and, for a server reply, only its code.
func smtpErr(step string, err error) error {
	var te *textproto.Error
	if errors.As(err, &te) {
		return fmt.Errorf("smtp %s: server replied %d", step, te.Code)
	}
	if ne, ok := errors.AsType[net.Error](err); ok && ne.Timeout() {
		return fmt.Errorf("smtp %s: timed out", step)
	}
	if strings.Contains(err.Error(), "@") {
		// Never pass on text that may hold an address.
		return fmt.Errorf("smtp %s: failed", step)
	}
	return fmt.Errorf("smtp %s: %w", step, err)
}

// buildMessage writes an RFC 5322 message: the subject RFC 2047-encoded when
// it is not plain ASCII, the body as UTF-8 quoted-printable with CRLF lines.
func buildMessage(from, to *mail.Address, subject, body string, now time.Time) ([]byte, error) {
	domain := "localhost"
	if at := strings.LastIndexByte(from.Address, '@'); at >= 0 && at < len(from.Address)-1 {
		domain = from.Address[at+1:]
	}
	// Line breaks in a subject would start new headers; fold them to spaces.
	subject = strings.Join(strings.Fields(subject), " ")
	var b bytes.Buffer
	header := func(k, v string) { b.WriteString(k + ": " + v + "\r\n") }
	header("From", from.String())
	header("To", to.String())
	header("Subject", mime.QEncoding.Encode("UTF-8", subject))
	header("Date", now.Format(time.RFC1123Z))
	header("Message-ID", "<"+portal.NewID()+"@"+domain+">")
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=UTF-8")
	header("Content-Transfer-Encoding", "quoted-printable")
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b)
	if _, err := qp.Write([]byte(body)); err != nil {
		return nil, fmt.Errorf("smtp: encode body: %w", err)
	}
	if err := qp.Close(); err != nil {
		return nil, fmt.Errorf("smtp: encode body: %w", err)
	}
	b.WriteString("\r\n")
	return b.Bytes(), nil
}
