package portal

import (
	"strings"
	"testing"
)

func TestCheckNewPassword(t *testing.T) {
	tests := []struct {
		pw     string
		inputs []string
		ok     bool
	}{
		{"short", nil, false},
		{"password1234", nil, false},
		{"qwertyuiop123", nil, false},
		{"123456789012", nil, false},
		{"siobhanoneill1", []string{"Siobhan O'Neill", "siobhan.oneill@example.com"}, false},
		{"correct horse battery staple", nil, true},
		{"marmalade tugboat velvet 42", nil, true},
		{strings.Repeat("xk3!", 70), nil, false},
	}
	for _, tt := range tests {
		err := CheckNewPassword(tt.pw, tt.inputs...)
		if (err == nil) != tt.ok {
			t.Errorf("CheckNewPassword(%q) = %v, want ok %v", tt.pw, err, tt.ok)
		}
	}
}

func TestHashPassword(t *testing.T) {
	h, err := HashPassword("marmalade tugboat velvet 42")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$") {
		t.Errorf("got hash %q, want argon2id", h)
	}
	if !PasswordMatches("marmalade tugboat velvet 42", h) || PasswordMatches("marmalade tugboat velvet 43", h) || PasswordMatches("x", "") {
		t.Error("PasswordMatches is wrong")
	}
}
