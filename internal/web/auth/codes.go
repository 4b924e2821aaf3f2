package auth

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/store"
)

// Per-contact code requests: a few per quarter hour, whatever address asks.
const (
	codesPerContact   = 3
	codeContactWindow = 15 * time.Minute
)

// PendingCode is a contact this browser asked a one-time code for, with the
// IDs of the codes issued to this session (newest last, at most
// store.CodeMaxLive). Only these codes are checked for this session.
type PendingCode struct {
	Contact string   `json:"contact"`
	Codes   []string `json:"codes,omitempty"`
	// Limited is set when the last request was over the per-contact limit:
	// no new code went out, and the codes already sent keep working.
	Limited bool `json:"limited,omitempty"`
}

// Pending returns p when it is for contact, else a new PendingCode for it
// (a changed contact starts afresh).
func Pending(p *PendingCode, contact string) *PendingCode {
	if p != nil && p.Contact == contact {
		return p
	}
	return &PendingCode{Contact: contact}
}

// SendFunc issues a code to a contact and returns its ID
// (store.SendSignInCode or store.SendContactCode).
type SendFunc func(ctx context.Context, contact string, m store.Messages) (string, error)

// RequestCode sends p.Contact a new code with send, unless the contact has
// had codesPerContact in the window: then no code goes out and p.Limited is
// set, so a stranger asking for codes only delays new ones to the holder,
// who can still use the code already sent. Either way the caller shows the
// same page. Any handler of a resident page may call it; it returns the
// store's error.
func (a *Auth) RequestCode(c echo.Context, p *PendingCode, send SendFunc, m store.Messages) error {
	ctx := c.Request().Context()
	ok, err := a.store.Allow(ctx, "code-request-contact:"+Digest(p.Contact), codesPerContact, codeContactWindow)
	if err != nil {
		return err
	}
	p.Limited = !ok
	if !ok {
		return nil
	}
	id, err := send(ctx, p.Contact, m)
	if err != nil {
		return err
	}
	p.Codes = append(p.Codes, id)
	if n := len(p.Codes); n > store.CodeMaxLive {
		p.Codes = p.Codes[n-store.CodeMaxLive:]
	}
	return nil
}

// CheckCode checks code against the codes issued to this session for
// p.Contact. It returns "" when the code is right (and used up), else the
// message to show the resident, which is the same whether or not anyone
// holds the contact; or the store's error.
func (a *Auth) CheckCode(c echo.Context, p *PendingCode, code string) (string, error) {
	err := a.store.VerifySignInCode(c.Request().Context(), p.Contact, p.Codes, code)
	switch {
	case err == nil:
		return "", nil
	case errors.Is(err, store.ErrCodeWrong), errors.Is(err, store.ErrCodeExpired):
		return "That code is not right or has expired. Check the newest message we sent you, or ask for a new code", nil
	case errors.Is(err, store.ErrCodeTooMany):
		return "You have entered the wrong code too many times. Ask for a new code", nil
	default:
		return "", err
	}
}

// SignIn marks the session as holding contact, proved with a code just now,
// for SignedInFor; it renews the session token first, so that a token
// planted before sign-in is worthless after it. The caller saves the
// session. It returns the store's error.
func (a *Auth) SignIn(c echo.Context, sess *Session, contact string) error {
	if err := a.Renew(c, sess); err != nil {
		return err
	}
	sess.Row.Contact = &contact
	sess.Data.SignedInUntil = a.store.Now().Add(SignedInFor)
	return nil
}

// Mask shows enough of a contact for its holder to recognise it:
// "07*** ***123", "n***@example.com".
func Mask(contact string) string {
	if at := strings.IndexByte(contact, '@'); at > 0 {
		return contact[:1] + "***" + contact[at:]
	}
	if len(contact) > 6 {
		return "0" + contact[3:4] + "*** ***" + contact[len(contact)-3:]
	}
	return "***"
}
