package portal

import (
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/alexedwards/argon2id"
	"github.com/trustelem/zxcvbn"
)

// Password rules: long rather than complex, and not guessable. Paste is
// allowed, so password managers work.
const (
	PasswordMinLength = 12
	PasswordMaxLength = 256
)

// argonParams follow current OWASP guidance for argon2id (19 MiB, 2 passes).
var argonParams = &argon2id.Params{Memory: 19 * 1024, Iterations: 2, Parallelism: 1, SaltLength: 16, KeyLength: 32}

// CheckNewPassword says why a new password is not good enough, or nil.
// userInputs (the person's name and email) count as easy to guess.
func CheckNewPassword(pw string, userInputs ...string) error {
	n := utf8.RuneCountInString(pw)
	switch {
	case n < PasswordMinLength:
		return errors.New("Password must be 12 characters or more")
	case n > PasswordMaxLength:
		return errors.New("Password must be 256 characters or fewer")
	}
	var inputs []string
	for _, u := range userInputs {
		inputs = append(inputs, strings.Fields(strings.NewReplacer("@", " ", ".", " ", "'", "", "’", "").Replace(u))...)
	}
	lower := strings.ToLower(pw)
	for _, in := range inputs {
		if len(in) >= 4 && strings.Contains(lower, strings.ToLower(in)) {
			return errors.New("Password must not contain your name or email address")
		}
	}
	// zxcvbn knows the common-password lists and patterns such as keyboard
	// walks, dates and repeats; 3 of 4 means "safely unguessable".
	if r := zxcvbn.PasswordStrength(pw, inputs); r.Score < 3 {
		return errors.New("This password is too easy to guess, for example it is a common password or contains your name. Try 3 or 4 random words")
	}
	return nil
}

// HashPassword returns an argon2id hash with a random salt.
func HashPassword(pw string) (string, error) { return argon2id.CreateHash(pw, argonParams) }

// PasswordMatches compares in constant time; a malformed or empty hash never matches.
func PasswordMatches(pw, hash string) bool {
	if hash == "" {
		return false
	}
	ok, err := argon2id.ComparePasswordAndHash(pw, hash)
	return err == nil && ok
}
