package portal

import (
	"bytes"
	"crypto/rand"
	"errors"
	"io"
	"regexp"
	"strings"
	"testing"
)

var referenceRE = regexp.MustCompile(`^[A-Z]{2,4}-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$`)

func TestNewReference(t *testing.T) {
	tests := []struct {
		name, prefix string
		r            io.Reader
		want         string
		wantErr      error
	}{
		{"bytes map onto the alphabet", "HTH", bytes.NewReader([]byte{0, 1, 2, 3, 8, 9, 10, 29, 30, 31, 59, 60, 61, 62, 63, 64}), "HTH-2345-ABCZ", nil},
		{"bytes 240 and above are skipped", "AB", bytes.NewReader(append(bytes.Repeat([]byte{255, 240, 7}, 8), bytes.Repeat([]byte{239}, 16)...)), "AB-9999-9999", nil},
		{"four-letter prefix", "WXYZ", bytes.NewReader(make([]byte, 16)), "WXYZ-2222-2222", nil},
		{"lower-case prefix", "hth", rand.Reader, "", ErrReferencePrefix},
		{"one-letter prefix", "H", rand.Reader, "", ErrReferencePrefix},
		{"five-letter prefix", "HTHXY", rand.Reader, "", ErrReferencePrefix},
		{"digit in prefix", "H1H", rand.Reader, "", ErrReferencePrefix},
		{"reader runs dry", "HTH", bytes.NewReader(make([]byte, 5)), "", io.ErrUnexpectedEOF},
		{"reader only gives rejected bytes", "HTH", bytes.NewReader(bytes.Repeat([]byte{250}, 64)), "", io.EOF},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NewReference(tt.prefix, tt.r)
			if got != tt.want || !errors.Is(err, tt.wantErr) {
				t.Errorf("NewReference(%q) = %q, %v; want %q, %v", tt.prefix, got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestNewReferenceRandom(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		ref, err := NewReference("HTH", rand.Reader)
		if err != nil {
			t.Fatalf("NewReference: %v", err)
		}
		if !referenceRE.MatchString(ref) {
			t.Fatalf("NewReference = %q, want the shape HTH-XXXX-XXXX", ref)
		}
		if seen[ref] {
			t.Fatalf("NewReference repeated %q within 1000 draws", ref)
		}
		seen[ref] = true
		if got, err := NormaliseReference(ref); got != ref || err != nil {
			t.Fatalf("NormaliseReference(%q) = %q, %v; want it unchanged", ref, got, err)
		}
	}
}

func TestNormaliseReference(t *testing.T) {
	const invalid = "Enter your reference as it is shown on your confirmation, like HTH-7K2M-Q9XD"
	tests := []struct {
		in, want, wantErr string
	}{
		{"HTH-7K2M-Q9XD", "HTH-7K2M-Q9XD", ""},
		{"hth 7k2m q9xd", "HTH-7K2M-Q9XD", ""},
		{"hth7k2mq9xd", "HTH-7K2M-Q9XD", ""},
		{" HTH – 7K2M – Q9XD ", "HTH-7K2M-Q9XD", ""},
		{"ab-2222-2222", "AB-2222-2222", ""},
		{"hth-7k2mq9xd", "HTH-7K2M-Q9XD", ""},
		{"hth7k2m q9xd", "HTH-7K2M-Q9XD", ""},
		{"HTH-7K2-MQ9XD", "", invalid},
		{"HT-H7K2-MQ9X", "HT-H7K2-MQ9X", ""},
		{"", "", invalid},
		{"HTH", "", invalid},
		{"HTH-7K2M", "", invalid},
		{"HTH-7K2M-Q9X", "", invalid},
		{"H-7K2M-Q9XD", "", invalid},
		{"HTHXY-7K2M-Q9XD", "", invalid},
		{"HTH-7K2M-Q9X0", "", invalid},
		{"HTH-7K2M-Q9XO", "", invalid},
		{"HTH-7K2M-Q9XI", "", invalid},
		{"HTH-7K2M-Q9XL", "", invalid},
		{"HTH-7K2M-Q9XU", "", invalid},
		{"H1H-7K2M-Q9XD", "", invalid},
		{"HTH-7K2M-Q9XD!", "", invalid},
		{"ÉTH-7K2M-Q9XD", "", invalid},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := NormaliseReference(tt.in)
			if got != tt.want || errText(err) != tt.wantErr {
				t.Errorf("NormaliseReference(%q) = %q, %q; want %q, %q", tt.in, got, errText(err), tt.want, tt.wantErr)
			}
		})
	}
}

func TestNewID(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		id := NewID()
		if got, want := len(id), 22; got != want {
			t.Fatalf("len(NewID()) = %d, want %d (%q)", got, want, id)
		}
		if strings.Trim(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") != "" {
			t.Fatalf("NewID() = %q, want only URL-safe characters", id)
		}
		if !ValidID(id) {
			t.Fatalf("ValidID(%q) = false, want true", id)
		}
		if seen[id] {
			t.Fatalf("NewID repeated %q within 1000 calls", id)
		}
		seen[id] = true
	}
}

func TestValidID(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"AAAAAAAAAAAAAAAAAAAAAA", true},
		{"abcdefghijklmnopqrstuA", true},
		{"-_-_-_-_-_-_-_-_-_-_-A", true},
		{"", false},
		{"AAAAAAAAAAAAAAAAAAAAA", false},
		{"AAAAAAAAAAAAAAAAAAAAAAA", false},
		{"AAAAAAAAAAAAAAAAAAAAA+", false},
		{"AAAAAAAAAAAAAAAAAAAA==", false},
		{"AAAAAAAAAAAAAAAAAAAAAB", false}, // non-zero padding bits: not a NewID result
		{"../../../../etc/passwd", false},
	}
	for _, tt := range tests {
		if got := ValidID(tt.in); got != tt.want {
			t.Errorf("ValidID(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
