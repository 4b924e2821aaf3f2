// Package config reads the portal's settings from flags and environment
// variables. A Config is built once in main and passed down; nothing reads the
// environment anywhere else.
package config

import (
	"encoding/base64"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Config is every setting of the portal.
type Config struct {
	Addr            string        // PORTAL_ADDR
	DataDir         string        // PORTAL_DATA_DIR
	DatabaseURL     string        // DATABASE_URL
	Demo            bool          // PORTAL_DEMO / -demo
	BaseURL         string        // PORTAL_BASE_URL: used in messages that link back; see DefaultBaseURL
	SecureCookie    bool          // PORTAL_SECURE_COOKIES
	TrustedProxy    bool          // PORTAL_TRUSTED_PROXY: believe X-Forwarded-For from the proxy in front
	LogLevel        string        // PORTAL_LOG_LEVEL
	ShutdownTimeout time.Duration // PORTAL_SHUTDOWN_TIMEOUT
	// SecretKey (PORTAL_SECRET_KEY) encrypts authenticator secrets at rest:
	// 32 bytes, given as base64 or hex. Required outside demo mode.
	SecretKey []byte

	SMTPAddr     string // PORTAL_SMTP_ADDR
	SMTPFrom     string // PORTAL_SMTP_FROM
	SMTPUsername string // PORTAL_SMTP_USERNAME
	SMTPPassword string // PORTAL_SMTP_PASSWORD
	SMSURL       string // PORTAL_SMS_URL
	SMSToken     string // PORTAL_SMS_TOKEN
}

type setting struct {
	flag, env, usage string
	apply            func(string) error
	def              string
}

// Load parses args (without the program name) over the environment; flags win
// over environment variables, which win over defaults. -h prints every
// setting with its environment variable and default to out.
func Load(args []string, getenv func(string) string, out io.Writer) (Config, error) {
	var c Config
	settings := []setting{
		{"addr", "PORTAL_ADDR", "address to listen on", str(&c.Addr), ":8080"},
		{"data-dir", "PORTAL_DATA_DIR", "folder for the embedded SQLite database", str(&c.DataDir), "./data"},
		{"database-url", "DATABASE_URL", "PostgreSQL URL (postgres://…); empty means embedded SQLite", str(&c.DatabaseURL), ""},
		{"demo", "PORTAL_DEMO", "load the demo network and show /dev/outbox (1 or true)", boolean(&c.Demo), "false"},
		{"base-url", "PORTAL_BASE_URL", "public address of the portal, used in links in messages; empty means http://localhost and the port of -addr", str(&c.BaseURL), ""},
		{"secure-cookies", "PORTAL_SECURE_COOKIES", "mark cookies Secure (set when served over HTTPS)", boolean(&c.SecureCookie), "false"},
		{"trusted-proxy", "PORTAL_TRUSTED_PROXY", "take the client address from X-Forwarded-For (only behind a proxy that sets it)", boolean(&c.TrustedProxy), "false"},
		{"log-level", "PORTAL_LOG_LEVEL", "debug, info, warn or error", str(&c.LogLevel), "info"},
		{"shutdown-timeout", "PORTAL_SHUTDOWN_TIMEOUT", "how long to let requests finish on SIGTERM", duration(&c.ShutdownTimeout), "15s"},
		{"secret-key", "PORTAL_SECRET_KEY", "32 random bytes as base64 or hex (openssl rand -base64 32) that encrypt authenticator secrets; required unless -demo, and never to change", key(&c.SecretKey), ""},
		{"smtp-addr", "PORTAL_SMTP_ADDR", "SMTP server host:port for email; empty sends no email (demo mode keeps messages in /dev/outbox)", str(&c.SMTPAddr), ""},
		{"smtp-from", "PORTAL_SMTP_FROM", "From address of emails", str(&c.SMTPFrom), "Anchor Pathways <no-reply@localhost>"},
		{"smtp-username", "PORTAL_SMTP_USERNAME", "SMTP user name", str(&c.SMTPUsername), ""},
		{"smtp-password", "PORTAL_SMTP_PASSWORD", "SMTP password", str(&c.SMTPPassword), ""},
		{"sms-url", "PORTAL_SMS_URL", "SMS gateway endpoint (JSON POST); empty sends no SMS", str(&c.SMSURL), ""},
		{"sms-token", "PORTAL_SMS_TOKEN", "bearer token for the SMS gateway", str(&c.SMSToken), ""},
	}
	fs := flag.NewFlagSet("portal", flag.ContinueOnError)
	fs.SetOutput(out)
	values := make(map[string]*flagValue, len(settings))
	for _, s := range settings {
		v := &flagValue{isBool: s.def == "false" || s.def == "true"}
		values[s.flag] = v
		fs.Var(v, s.flag, fmt.Sprintf("%s (env %s, default %q)", s.usage, s.env, s.def))
	}
	fs.Usage = func() {
		fmt.Fprintln(out, "Usage: portal [flags]\n\nEvery flag can also be set by its environment variable.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	for _, s := range settings {
		v := s.def
		if e := getenv(s.env); e != "" {
			v = e
		}
		if f := values[s.flag]; f.set {
			v = f.value
		}
		if err := s.apply(v); err != nil {
			return c, fmt.Errorf("%s (-%s): %w", s.env, s.flag, err)
		}
	}
	if c.BaseURL == "" {
		c.BaseURL = DefaultBaseURL(c.Addr)
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	return c, c.Validate()
}

// DefaultBaseURL is the address a browser on this machine opens to reach a
// portal listening on addr (":9090" → "http://localhost:9090"): the base URL
// when PORTAL_BASE_URL is not set, so that links in messages point where the
// portal really listens instead of a fixed port. A wildcard or empty host
// becomes localhost. It is "" when addr is not host:port (Validate says so).
func DefaultBaseURL(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil || port == "" {
		return ""
	}
	switch host {
	case "", "0.0.0.0", "::":
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}

// flagValue remembers whether a flag was given, so that an unset flag lets
// the environment variable through; boolean settings work as bare switches.
type flagValue struct {
	value       string
	set, isBool bool
}

func (f *flagValue) String() string   { return f.value }
func (f *flagValue) IsBoolFlag() bool { return f.isBool }
func (f *flagValue) Set(v string) error {
	f.value, f.set = v, true
	return nil
}

// Validate reports the first setting that cannot work.
func (c Config) Validate() error {
	var errs []error
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		errs = append(errs, fmt.Errorf("PORTAL_ADDR must be host:port or :port, like :8080, not %q", c.Addr))
	}
	if u, err := url.Parse(c.BaseURL); c.BaseURL != "" && (err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "") {
		errs = append(errs, fmt.Errorf("PORTAL_BASE_URL must be an http:// or https:// address, like https://pathways.example, not %q", c.BaseURL))
	}
	if c.DatabaseURL == "" && c.DataDir == "" {
		errs = append(errs, errors.New("PORTAL_DATA_DIR must not be empty when DATABASE_URL is not set"))
	}
	if c.DatabaseURL != "" && !strings.HasPrefix(c.DatabaseURL, "postgres://") && !strings.HasPrefix(c.DatabaseURL, "postgresql://") {
		errs = append(errs, errors.New("DATABASE_URL must start with postgres:// or postgresql://"))
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, fmt.Errorf("PORTAL_LOG_LEVEL must be debug, info, warn or error, not %q", c.LogLevel))
	}
	// Outside demo mode there is no fallback key: one kept in the database
	// beside the secrets it encrypts would not protect them from anyone who
	// reads the database, which is the whole point, and a warning in a log
	// is read too late.
	if !c.Demo && len(c.SecretKey) == 0 {
		errs = append(errs, errors.New("PORTAL_SECRET_KEY (-secret-key) must be set outside demo mode: 32 random bytes as base64 or hex, e.g. from `openssl rand -base64 32`; keep it, secrets encrypted with it cannot be read without it"))
	}
	if (c.SMTPUsername != "") != (c.SMTPPassword != "") {
		errs = append(errs, errors.New("PORTAL_SMTP_USERNAME and PORTAL_SMTP_PASSWORD go together"))
	}
	return errors.Join(errs...)
}

func str(p *string) func(string) error { return func(v string) error { *p = v; return nil } }

// key decodes a 32-byte key given as hex or (standard or URL-safe, padded
// or not) base64; the error never echoes the value.
func key(p *[]byte) func(string) error {
	return func(v string) error {
		if v == "" {
			*p = nil
			return nil
		}
		v = strings.TrimSpace(v)
		for _, dec := range []func(string) ([]byte, error){
			hex.DecodeString,
			base64.StdEncoding.DecodeString, base64.RawStdEncoding.DecodeString,
			base64.URLEncoding.DecodeString, base64.RawURLEncoding.DecodeString,
		} {
			if b, err := dec(v); err == nil && len(b) == 32 {
				*p = b
				return nil
			}
		}
		return errors.New("want 32 bytes as base64 (44 characters) or hex (64 characters)")
	}
}

func boolean(p *bool) func(string) error {
	return func(v string) error {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("want true or false, got %q", v)
		}
		*p = b
		return nil
	}
}

func duration(p *time.Duration) func(string) error {
	return func(v string) error {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			return fmt.Errorf("want a duration such as 15s, got %q", v)
		}
		*p = d
		return nil
	}
}
