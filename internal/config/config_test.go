package config

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// A key for tests: 32 bytes of 0x01, base64.
const testKey = "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE="

// withKey is m plus a secret key, which every start outside demo mode needs.
func withKey(m map[string]string) map[string]string {
	out := map[string]string{"PORTAL_SECRET_KEY": testKey}
	for k, v := range m {
		out[k] = v
	}
	return out
}

func TestLoad(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want func(Config) bool
	}{
		{"defaults", nil, withKey(nil), func(c Config) bool {
			return c.Addr == ":8080" && c.DataDir == "./data" && c.DatabaseURL == "" && !c.Demo && c.ShutdownTimeout == 15*time.Second
		}},
		{"demo switch", []string{"-demo"}, nil, func(c Config) bool { return c.Demo }},
		{"demo from env", nil, map[string]string{"PORTAL_DEMO": "1"}, func(c Config) bool { return c.Demo }},
		{"flag beats env", []string{"-addr", ":9000"}, withKey(map[string]string{"PORTAL_ADDR": ":7000"}), func(c Config) bool { return c.Addr == ":9000" }},
		{"env beats default", nil, withKey(map[string]string{"PORTAL_ADDR": ":7000", "DATABASE_URL": "postgres://x/y"}), func(c Config) bool {
			return c.Addr == ":7000" && c.DatabaseURL == "postgres://x/y"
		}},
		{"secret key in base64", nil, withKey(nil), func(c Config) bool { return len(c.SecretKey) == 32 && c.SecretKey[0] == 1 }},
		{"secret key in hex", []string{"-secret-key", strings.Repeat("ab", 32)}, nil, func(c Config) bool { return len(c.SecretKey) == 32 && c.SecretKey[0] == 0xab }},
		{"demo needs no key", []string{"-demo"}, nil, func(c Config) bool { return c.SecretKey == nil }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Load(tt.args, env(tt.env), &bytes.Buffer{})
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if !tt.want(got) {
				t.Errorf("got %+v", got)
			}
		})
	}
}

func TestLoadRefusesBadSettings(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"mysql url", map[string]string{"DATABASE_URL": "mysql://x"}, "DATABASE_URL must start with postgres://"},
		{"bad bool", map[string]string{"PORTAL_DEMO": "perhaps"}, "PORTAL_DEMO"},
		{"bad duration", map[string]string{"PORTAL_SHUTDOWN_TIMEOUT": "soon"}, "PORTAL_SHUTDOWN_TIMEOUT"},
		{"bad level", map[string]string{"PORTAL_LOG_LEVEL": "loud"}, "PORTAL_LOG_LEVEL"},
		{"address without a port", map[string]string{"PORTAL_DEMO": "1", "PORTAL_ADDR": "localhost"}, "PORTAL_ADDR must be host:port"},
		{"base URL without a scheme", map[string]string{"PORTAL_DEMO": "1", "PORTAL_BASE_URL": "pathways.example"}, "PORTAL_BASE_URL must be an http:// or https:// address"},
		{"half smtp auth", map[string]string{"PORTAL_SMTP_USERNAME": "u"}, "go together"},
		{"no secret key outside demo", map[string]string{}, "PORTAL_SECRET_KEY (-secret-key) must be set outside demo mode"},
		{"short secret key", map[string]string{"PORTAL_SECRET_KEY": "c2hvcnQ="}, "want 32 bytes"},
		{"secret key not echoed", map[string]string{"PORTAL_SECRET_KEY": "not-a-key-XYZZY"}, "PORTAL_SECRET_KEY (-secret-key): want 32 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(nil, env(tt.env), &bytes.Buffer{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error mentioning %q", err, tt.want)
			}
			if k := tt.env["PORTAL_SECRET_KEY"]; k != "" && strings.Contains(err.Error(), k) {
				t.Errorf("the error %q echoes the key", err)
			}
		})
	}
}

// Links in messages point where the portal listens unless PORTAL_BASE_URL
// says otherwise; they used to point at port 8080 whatever -addr said.
func TestBaseURL(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"demo on another port", []string{"-demo", "-addr", ":9090"}, nil, "http://localhost:9090"},
		{"demo, port from env", []string{"-demo"}, map[string]string{"PORTAL_ADDR": ":7070"}, "http://localhost:7070"},
		{"demo, default port", []string{"-demo"}, nil, "http://localhost:8080"},
		{"demo on every interface", []string{"-demo", "-addr", "0.0.0.0:9090"}, nil, "http://localhost:9090"},
		{"demo on IPv6 wildcard", []string{"-demo", "-addr", "[::]:9090"}, nil, "http://localhost:9090"},
		{"demo on a named host", []string{"-demo", "-addr", "127.0.0.1:9091"}, nil, "http://127.0.0.1:9091"},
		{"demo on IPv6 loopback", []string{"-demo", "-addr", "[::1]:9092"}, nil, "http://[::1]:9092"},
		{"set explicitly", []string{"-demo", "-addr", ":9090"}, map[string]string{"PORTAL_BASE_URL": "https://pathways.example"}, "https://pathways.example"},
		{"trailing slash dropped", []string{"-base-url", "https://pathways.example/"}, withKey(nil), "https://pathways.example"},
		{"outside demo, from the address", []string{"-addr", ":9093"}, withKey(nil), "http://localhost:9093"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Load(tt.args, env(tt.env), &bytes.Buffer{})
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if got := c.BaseURL; got != tt.want {
				t.Errorf("got base URL %q, want %q", got, tt.want)
			}
		})
	}
}

func TestHelpListsEverySettingWithDefault(t *testing.T) {
	var out bytes.Buffer
	_, err := Load([]string{"-h"}, env(nil), &out)
	if err == nil {
		t.Fatal("got no error for -h, want flag.ErrHelp")
	}
	for _, want := range []string{"PORTAL_ADDR", `":8080"`, "PORTAL_DATA_DIR", `"./data"`, "DATABASE_URL", "PORTAL_DEMO", "-demo", "PORTAL_SECRET_KEY", "-secret-key", "PORTAL_BASE_URL", "the port of -addr"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("help lacks %q:\n%s", want, out.String())
		}
	}
}
