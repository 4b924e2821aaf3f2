package auth

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
)

// Before a browser has a session, its forms are protected by a signed CSRF
// cookie instead: the cookie holds a random token, when it was issued and
// an HMAC of both (key in the database settings), and the form carries the
// token. A POST is accepted when the form's token is the cookie's and the
// signature holds; a site that cannot read or write this origin's cookies
// can forge neither. So a form page costs no database row, and anonymous
// visitors (and bots) leave nothing behind until they send something.
const (
	csrfCookie   = "ap_csrf"
	csrfLifetime = sessionLifetime
)

// csrfMAC signs token and its issue time.
func csrfMAC(key []byte, token, issued string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("csrf\x00" + token + "\x00" + issued))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// cookieToken is the token of the request's CSRF cookie if the cookie is
// one this portal signed and it has not expired, else "". It returns the
// store's error if the key cannot be read.
func (a *Auth) cookieToken(c echo.Context) (string, error) {
	ck, err := c.Cookie(csrfCookie)
	if err != nil || ck.Value == "" {
		return "", nil
	}
	token, rest, ok := strings.Cut(ck.Value, ".")
	issued, mac, ok2 := strings.Cut(rest, ".")
	if !ok || !ok2 || token == "" {
		return "", nil
	}
	unix, err := strconv.ParseInt(issued, 10, 64)
	if err != nil || a.store.Now().After(time.Unix(unix, 0).Add(csrfLifetime)) {
		return "", nil
	}
	key, err := a.store.CSRFKey(c.Request().Context())
	if err != nil {
		return "", err
	}
	if !hmac.Equal([]byte(mac), []byte(csrfMAC(key, token, issued))) {
		return "", nil
	}
	return token, nil
}

// formToken is the CSRF token for a form page shown without a session: the
// cookie's, or a new one with a new cookie. It returns the store's error.
func (a *Auth) formToken(c echo.Context) (string, error) {
	token, err := a.cookieToken(c)
	if err != nil || token != "" {
		return token, err
	}
	key, err := a.store.CSRFKey(c.Request().Context())
	if err != nil {
		return "", err
	}
	token = RandomText()
	issued := strconv.FormatInt(a.store.Now().Unix(), 10)
	c.SetCookie(&http.Cookie{
		Name: csrfCookie, Value: token + "." + issued + "." + csrfMAC(key, token, issued), Path: "/",
		HttpOnly: true, Secure: a.secure, SameSite: http.SameSiteLaxMode, MaxAge: int(csrfLifetime / time.Second),
	})
	return token, nil
}
