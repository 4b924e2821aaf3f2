package portal

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strings"
)

// referenceAlphabet has no look-alikes (0 O 1 I L U), so a reference read out
// over the phone or copied from a letter cannot be mistyped into another one.
// Its 30 symbols give 30^8 ≈ 6.6×10^11 codes per prefix.
const referenceAlphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ"

const referenceCodeLen = 8

// ErrReferencePrefix is returned by NewReference for a prefix that is not 2–4
// letters A–Z (the pathways.ref_prefix column allows 2–4 characters).
var ErrReferencePrefix = errors.New("reference prefix must be 2 to 4 capital letters A to Z")

var errReferenceInvalid = errors.New("Enter your reference as it is shown on your confirmation, like HTH-7K2M-Q9XD")

// NewReference returns a human-friendly reference such as "HTH-7K2M-Q9XD":
// prefix, then two groups of four characters from an alphabet without
// look-alikes, drawn without bias from r (crypto/rand.Reader in production,
// a fixed reader in tests). It returns ErrReferencePrefix for a bad prefix,
// or r's error if r runs dry. References are for people; they are not
// secrets and not keys: use NewID for those.
func NewReference(prefix string, r io.Reader) (string, error) {
	if !validPrefix(prefix) {
		return "", ErrReferencePrefix
	}
	code := make([]byte, 0, referenceCodeLen)
	buf := make([]byte, 2*referenceCodeLen)
	for len(code) < referenceCodeLen {
		if _, err := io.ReadFull(r, buf); err != nil {
			return "", fmt.Errorf("new reference: %w", err)
		}
		for _, b := range buf {
			// 240 = 8×30: rejecting 240–255 keeps every symbol equally likely.
			if b < 240 && len(code) < referenceCodeLen {
				code = append(code, referenceAlphabet[int(b)%len(referenceAlphabet)])
			}
		}
	}
	return prefix + "-" + string(code[:4]) + "-" + string(code[4:]), nil
}

// NormaliseReference accepts a reference typed loosely ("hth 7k2m q9xd",
// "HTH7K2MQ9XD", "hth-7k2mq9xd") and returns it as NewReference wrote it ("HTH-7K2M-Q9XD"),
// ready to look up. The error's text is the message to show the user.
func NormaliseReference(s string) (string, error) {
	c := squeeze(s)
	if len(c) <= referenceCodeLen {
		return "", errReferenceInvalid
	}
	prefix, code := c[:len(c)-referenceCodeLen], c[len(c)-referenceCodeLen:]
	if !validPrefix(prefix) {
		return "", errReferenceInvalid
	}
	for i := range len(code) {
		if strings.IndexByte(referenceAlphabet, code[i]) < 0 {
			return "", errReferenceInvalid
		}
	}
	// Separators, where given, must fall between the groups: "HTH-7K2M-Q9X"
	// is a mistyped reference, not "HT-H7K2-MQ9X".
	at := 0
	for _, part := range strings.FieldsFunc(s, isSeparator) {
		at += len(squeeze(part))
		if at != len(prefix) && at != len(prefix)+4 && at != len(c) {
			return "", errReferenceInvalid
		}
	}
	return prefix + "-" + code[:4] + "-" + code[4:], nil
}

func validPrefix(p string) bool {
	if len(p) < 2 || len(p) > 4 {
		return false
	}
	for i := range len(p) {
		if p[i] < 'A' || p[i] > 'Z' {
			return false
		}
	}
	return true
}

// idLen is the length of NewID's result: 16 bytes in unpadded base64url.
const idLen = 22

// NewID returns a random, URL-safe, unguessable identifier of 22 characters
// (128 bits from crypto/rand in unpadded base64url), used as the primary key
// of every record so that no URL reveals or invites guessing a neighbour's.
// It never fails: crypto/rand.Read does not return errors since Go 1.24.
func NewID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// ValidID reports whether s has the shape of a NewID result, so handlers can
// answer 404 to a mangled ID without a database round trip.
func ValidID(s string) bool {
	if len(s) != idLen {
		return false
	}
	b, err := base64.RawURLEncoding.Strict().DecodeString(s)
	return err == nil && len(b) == 16
}
