package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
)

// StaffMember is an active staff account and what signs it in.
type StaffMember struct {
	User     store.StaffUser
	Password string // the plaintext of User.PasswordHash
	// TOTPSecret is the authenticator secret in force, or "" when the
	// account has not enrolled a second factor.
	TOTPSecret string
	// RecoveryCodes are the unspent recovery codes of an enrolled account.
	RecoveryCodes []string
}

// Actor is the member acting, as console methods take it.
func (m StaffMember) Actor() store.Actor {
	return store.Actor{Staff: m.User.Staff(), RequestID: "storetest"}
}

// TOTP returns the six-digit authenticator code for time at (the
// portal's settings: 30-second steps, SHA-1). It fails the test when the
// account has not enrolled.
func (m StaffMember) TOTP(t testing.TB, at time.Time) string {
	t.Helper()
	if m.TOTPSecret == "" {
		t.Fatal("storetest: TOTP of an account that has not enrolled a second factor")
	}
	code, err := totp.GenerateCodeCustom(m.TOTPSecret, at, totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		t.Fatalf("storetest: TOTP: %v", err)
	}
	return code
}

// staffConfig is what StaffOptions set.
type staffConfig struct {
	email, name string
	password    string
	enrol       bool
	exempt      bool
}

// StaffOption changes what Staff builds.
type StaffOption func(*staffConfig)

// Email sets the account's (normalised) email address.
func Email(email string) StaffOption { return func(c *staffConfig) { c.email = email } }

// Password sets the account's password (one of many words, as the
// portal's rules want) instead of a unique one.
func Password(password string) StaffOption { return func(c *staffConfig) { c.password = password } }

// FullName sets the account's name.
func FullName(name string) StaffOption { return func(c *staffConfig) { c.name = name } }

// EnrolledMFA enrols a TOTP second factor with two recovery codes.
func EnrolledMFA() StaffOption { return func(c *staffConfig) { c.enrol = true } }

// MFAExempt marks the account exempt from the second factor, as the demo
// accounts are.
func MFAExempt() StaffOption { return func(c *staffConfig) { c.exempt = true } }

// Staff creates an active account with role in org: invited with Invite,
// the invitation accepted with UseToken and a fresh password. The second
// factor is not enrolled (and not exempt) unless an option says so. When
// org is the zero Organisation a new one of a kind that fits role is made.
// The invitation's email stays in the outbox.
func Staff(t testing.TB, st *store.Store, role portal.Role, org store.Organisation, opts ...StaffOption) StaffMember {
	t.Helper()
	ctx := context.Background()
	n := next()
	c := staffConfig{email: fmt.Sprintf("%s.%d@storetest.example", role, n), name: fmt.Sprintf("Staff Member %c", 'A'+n%26)}
	for _, o := range opts {
		o(&c)
	}
	if org.ID == "" {
		org = Organisation(t, st, KindFor(role))
	}
	token, err := st.Invite(ctx, Actor(), org.ID, c.email, c.name, role, store.Messages{BaseURL: "http://portal.test"})
	if err != nil {
		t.Fatalf("storetest.Staff: invite: %v", err)
	}
	m := StaffMember{Password: fmt.Sprintf("storetest password %d of many words", n)}
	if c.password != "" {
		m.Password = c.password
	}
	hash, err := portal.HashPassword(m.Password)
	if err != nil {
		t.Fatal(err)
	}
	if m.User, err = st.UseToken(ctx, Actor(), "invite", token, c.name, hash); err != nil {
		t.Fatalf("storetest.Staff: accept: %v", err)
	}
	if c.exempt {
		if err := st.DB().WithContext(ctx).Model(&store.StaffUser{}).Where("id = ?", m.User.ID).Update("mfa_exempt", true).Error; err != nil {
			t.Fatal(err)
		}
	}
	if c.enrol {
		key, err := totp.Generate(totp.GenerateOpts{Issuer: "Anchor Pathways", AccountName: c.email})
		if err != nil {
			t.Fatal(err)
		}
		m.TOTPSecret = key.Secret()
		m.RecoveryCodes = []string{fmt.Sprintf("AAAAA-%05d", n%100000), fmt.Sprintf("BBBBB-%05d", n%100000)}
		hashes := []string{store.HashToken(m.RecoveryCodes[0]), store.HashToken(m.RecoveryCodes[1])}
		if err := st.SetPendingTOTP(ctx, m.User.ID, m.TOTPSecret); err != nil {
			t.Fatal(err)
		}
		if err := st.EnableTOTP(ctx, m.Actor(), m.User.ID, hashes); err != nil {
			t.Fatalf("storetest.Staff: enrol: %v", err)
		}
	}
	if c.exempt || c.enrol {
		if m.User, err = st.StaffByID(ctx, m.User.ID); err != nil {
			t.Fatal(err)
		}
	}
	return m
}

// KindFor is the organisation kind Staff makes for role when given none.
func KindFor(role portal.Role) string {
	switch role {
	case portal.RoleCoordinator:
		return store.KindCoordinator
	case portal.RoleHousingOfficer:
		return store.KindHousingProvider
	}
	return store.KindEmployer
}
