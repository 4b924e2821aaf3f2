package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
)

const (
	sessionCookie   = "ap_session"
	sessionLifetime = 24 * time.Hour
	// signedInFor is how long a code sign-in lasts without activity: a phone
	// may be shared.
	signedInFor = 30 * time.Minute
)

// sessionData is what the server keeps for one browser.
type sessionData struct {
	Apply *applyState `json:"apply,omitempty"`
	// PendingContact is where the last code went; SignedInUntil ends a code sign-in.
	PendingContact string    `json:"pending_contact,omitempty"`
	SignedInUntil  time.Time `json:"signed_in_until,omitzero"`
	Flash          string    `json:"flash,omitempty"`
	// Confirmed is the application whose confirmation page this browser may see.
	Confirmed string `json:"confirmed,omitempty"`
	// Existing is the application an "already applied" page refers to.
	Existing string `json:"existing,omitempty"`
	// Refused holds the reasons of the last "not eligible" answer (never stored elsewhere).
	Refused []string `json:"refused,omitempty"`
}

// applyState tracks one application in progress.
type applyState struct {
	Slug          string            `json:"slug"`
	Eligibility   store.Eligibility `json:"eligibility"`
	ApplicationID string            `json:"application_id,omitempty"`
}

type session struct {
	row   store.Session
	data  sessionData
	isNew bool
}

// contact is the mobile or email the resident has proved, while it lasts.
func (s *session) contact(now time.Time) string {
	if s.row.Contact == nil || now.After(s.data.SignedInUntil) {
		return ""
	}
	return *s.row.Contact
}

const ctxSession = "session"

// sessions loads the browser's session, if any, and checks the CSRF token on
// every unsafe request. A session is created only when a page needs one, so
// public pages never set a cookie.
func (s *Server) sessions(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if ck, err := c.Cookie(sessionCookie); err == nil && ck.Value != "" {
			row, err := s.store.LoadSession(c.Request().Context(), store.HashToken(ck.Value))
			switch {
			case err == nil:
				sess := &session{row: row}
				_ = json.Unmarshal([]byte(row.Data), &sess.data)
				c.Set(ctxSession, sess)
			case !errors.Is(err, portal.ErrNotFound):
				return err
			}
		}
		if c.Request().Method != http.MethodGet && c.Request().Method != http.MethodHead {
			sess, _ := c.Get(ctxSession).(*session)
			token := c.FormValue("csrf_token")
			if sess == nil || token == "" || subtle.ConstantTimeCompare([]byte(token), []byte(sess.row.CSRFToken)) != 1 {
				return errCSRF
			}
		}
		return next(c)
	}
}

// errCSRF is answered with a page that explains the form timed out.
var errCSRF = echo.NewHTTPError(http.StatusForbidden, "csrf")

// session returns the browser's session, creating it (and its cookie) if
// needed.
func (s *Server) session(c echo.Context) (*session, error) {
	if sess, ok := c.Get(ctxSession).(*session); ok {
		return sess, nil
	}
	token, idHash := store.Token()
	sess := &session{isNew: true, row: store.Session{
		IDHash: idHash, CSRFToken: randomText(), Data: "{}", ExpiresAt: s.store.Now().Add(sessionLifetime),
	}}
	if err := s.store.CreateSession(c.Request().Context(), sess.row); err != nil {
		return nil, err
	}
	s.setCookie(c, token)
	c.Set(ctxSession, sess)
	return sess, nil
}

// save writes the session back and slides its expiry.
func (s *Server) save(c echo.Context, sess *session) error {
	b, err := json.Marshal(sess.data)
	if err != nil {
		return err
	}
	sess.row.Data = string(b)
	sess.row.ExpiresAt = s.store.Now().Add(sessionLifetime)
	return s.store.SaveSession(c.Request().Context(), sess.row)
}

// renew gives the session a new token and CSRF token (on sign-in): a token
// someone planted before sign-in is worthless after it.
func (s *Server) renew(c echo.Context, sess *session) error {
	token, idHash := store.Token()
	csrf := randomText()
	if err := s.store.RenewSession(c.Request().Context(), sess.row.IDHash, idHash, csrf); err != nil {
		return err
	}
	sess.row.IDHash, sess.row.CSRFToken = idHash, csrf
	s.setCookie(c, token)
	return nil
}

func (s *Server) setCookie(c echo.Context, token string) {
	c.SetCookie(&http.Cookie{
		Name: sessionCookie, Value: token, Path: "/", HttpOnly: true, Secure: s.secure,
		SameSite: http.SameSiteLaxMode, MaxAge: int(sessionLifetime / time.Second),
	})
}

// randomText is an unguessable value for a CSRF token.
func randomText() string {
	token, _ := store.Token()
	return token
}

func requestID() string {
	b := make([]byte, 9)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// limit allows n requests per client address per 15 minutes for a bucket,
// counted in the database so every instance shares the count.
func (s *Server) limit(bucket string, n int) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			ok, err := s.store.Allow(c.Request().Context(), bucket+":"+c.RealIP(), n, 15*time.Minute)
			if err != nil {
				return err
			}
			if !ok {
				return errTooMany
			}
			return next(c)
		}
	}
}

var errTooMany = echo.NewHTTPError(http.StatusTooManyRequests, "too many requests")
