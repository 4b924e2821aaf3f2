package auth

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
)

const (
	sessionCookie   = "ap_session"
	sessionLifetime = 24 * time.Hour
	// SignedInFor is how long a code sign-in lasts without activity: a
	// phone may be shared.
	SignedInFor = 30 * time.Minute
)

// Deps is what Auth needs.
type Deps struct {
	Store *store.Store
	// Secure marks cookies Secure (behind HTTPS).
	Secure bool
	// Purge empties the public page cache after a staff change (may be nil).
	Purge func()
}

// Auth keeps browser and staff sessions and builds the guards. One is made
// by web.New and shared by every area handler.
type Auth struct {
	store  *store.Store
	secure bool
	purge  func()
}

// New returns an Auth over d.
func New(d Deps) *Auth {
	if d.Purge == nil {
		d.Purge = func() {}
	}
	return &Auth{store: d.Store, secure: d.Secure, purge: d.Purge}
}

// SessionData is what the server keeps for one browser.
type SessionData struct {
	Apply *ApplyState `json:"apply,omitempty"`
	// Pending is the /status sign-in waiting for its code; SignedInUntil
	// ends a code sign-in (from /status or the apply journey).
	Pending       *PendingCode `json:"pending,omitempty"`
	SignedInUntil time.Time    `json:"signed_in_until,omitzero"`
	Flash         string       `json:"flash,omitempty"`
	// Confirmed is the application whose confirmation page this browser may see.
	Confirmed string `json:"confirmed,omitempty"`
	// Existing is the application an "already applied" page refers to.
	Existing string `json:"existing,omitempty"`
	// Refused holds the reasons of the last "not eligible" answer (never stored elsewhere).
	Refused []string `json:"refused,omitempty"`
	// Assist is set while a housing officer helps a tenant apply (assist.go).
	Assist *AssistState `json:"assist,omitempty"`
}

// ApplyState tracks one application in progress: apply writes it, status
// sets it to continue a draft.
type ApplyState struct {
	Slug          string            `json:"slug"`
	Eligibility   store.Eligibility `json:"eligibility"`
	ApplicationID string            `json:"application_id,omitempty"`
	// Details are the "about you" answers waiting for Pending's code: no
	// record is matched or changed by them until the code comes back.
	Details store.Contact `json:"details,omitzero"`
	Pending *PendingCode  `json:"pending,omitempty"`
}

// Session is one browser's server-side session.
type Session struct {
	Row  store.Session
	Data SessionData
	// IsNew is true until the first Save stores the session: a form page
	// shown, or a form posted that keeps nothing, writes no row.
	IsNew bool
}

// Contact is the mobile or email the resident has proved, while it lasts.
func (s *Session) Contact(now time.Time) string {
	if s.Row.Contact == nil || now.After(s.Data.SignedInUntil) {
		return ""
	}
	return *s.Row.Contact
}

const ctxSession = "session"

// CurrentSession is the browser session loaded for this request, or nil.
func CurrentSession(c echo.Context) *Session {
	sess, _ := c.Get(ctxSession).(*Session)
	return sess
}

// Sessions loads the browser's session, if any, and checks the CSRF token
// on every unsafe request (ErrCSRF): against the session's, or, for a
// browser without one, against its signed CSRF cookie (csrf.go), in which
// case the handler gets a new session that is stored only when it is
// saved. A session is created only when a page needs one (Session), so
// public pages never set a cookie. Route groups of resident pages use it
// as middleware.
func (a *Auth) Sessions(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if ck, err := c.Cookie(sessionCookie); err == nil && ck.Value != "" {
			row, err := a.store.LoadSession(c.Request().Context(), store.HashToken(ck.Value))
			switch {
			case err == nil:
				sess := &Session{Row: row}
				// The portal wrote this JSON itself: if it does not read
				// back, that is a fault to see, not a journey to lose quietly.
				if err := json.Unmarshal([]byte(row.Data), &sess.Data); err != nil {
					return fmt.Errorf("auth: session data: %w", err)
				}
				c.Set(ctxSession, sess)
			case !errors.Is(err, portal.ErrNotFound):
				return err
			}
		}
		if c.Request().Method != http.MethodGet && c.Request().Method != http.MethodHead {
			token := c.FormValue("csrf_token")
			want := ""
			if sess := CurrentSession(c); sess != nil {
				want = sess.Row.CSRFToken
			} else {
				var err error
				if want, err = a.cookieToken(c); err != nil {
					return err
				}
				if want != "" {
					c.Set(ctxSession, a.newSession(want))
				}
			}
			if want == "" || token == "" || subtle.ConstantTimeCompare([]byte(token), []byte(want)) != 1 {
				return ErrCSRF
			}
		}
		return next(c)
	}
}

// ErrCSRF is answered with a page that explains the form timed out.
var ErrCSRF = echo.NewHTTPError(http.StatusForbidden, "csrf")

// Session returns the browser's session. Without one it starts a new one,
// not yet stored (IsNew), whose CSRF token is the signed CSRF cookie's
// (set here if missing): showing a form costs no database row. It returns
// the store's error.
func (a *Auth) Session(c echo.Context) (*Session, error) {
	if sess := CurrentSession(c); sess != nil {
		return sess, nil
	}
	token, err := a.formToken(c)
	if err != nil {
		return nil, err
	}
	sess := a.newSession(token)
	c.Set(ctxSession, sess)
	return sess, nil
}

// newSession is a session not yet stored, with this CSRF token.
func (a *Auth) newSession(csrf string) *Session {
	return &Session{IsNew: true, Row: store.Session{CSRFToken: csrf, Data: "{}"}}
}

// Save writes the session back and slides its expiry; the first Save of a
// new session stores it and gives the browser its cookie. It returns the
// store's error.
func (a *Auth) Save(c echo.Context, sess *Session) error {
	b, err := json.Marshal(sess.Data)
	if err != nil {
		return err
	}
	sess.Row.Data = string(b)
	sess.Row.ExpiresAt = a.store.Now().Add(sessionLifetime)
	if !sess.IsNew {
		return a.store.SaveSession(c.Request().Context(), sess.Row)
	}
	token, idHash := store.Token()
	sess.Row.IDHash = idHash
	if err := a.store.CreateSession(c.Request().Context(), sess.Row); err != nil {
		return err
	}
	sess.IsNew = false
	a.setCookie(c, token)
	return nil
}

// Renew gives the session a new token and CSRF token (on sign-in): a token
// someone planted before sign-in is worthless after it.
func (a *Auth) Renew(c echo.Context, sess *Session) error {
	csrf := RandomText()
	if sess.IsNew {
		// Not stored yet: its first Save gives it a new token anyway.
		sess.Row.CSRFToken = csrf
		return nil
	}
	token, idHash := store.Token()
	if err := a.store.RenewSession(c.Request().Context(), sess.Row.IDHash, idHash, csrf); err != nil {
		return err
	}
	sess.Row.IDHash, sess.Row.CSRFToken = idHash, csrf
	a.setCookie(c, token)
	return nil
}

// EndSession deletes the browser's session and its cookie (resident
// sign-out). It returns the store's error.
func (a *Auth) EndSession(c echo.Context, sess *Session) error {
	if sess != nil && !sess.IsNew {
		if err := a.store.DeleteSession(c.Request().Context(), sess.Row.IDHash); err != nil {
			return err
		}
	}
	c.SetCookie(&http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: a.secure, SameSite: http.SameSiteLaxMode})
	return nil
}

func (a *Auth) setCookie(c echo.Context, token string) {
	c.SetCookie(&http.Cookie{
		Name: sessionCookie, Value: token, Path: "/", HttpOnly: true, Secure: a.secure,
		SameSite: http.SameSiteLaxMode, MaxAge: int(sessionLifetime / time.Second),
	})
}

// RandomText is an unguessable value, for a CSRF token.
func RandomText() string {
	token, _ := store.Token()
	return token
}

// Digest is a short one-way form of a contact or email, for rate-limit
// keys and audit targets that must not hold personal data.
func Digest(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:12])
}
