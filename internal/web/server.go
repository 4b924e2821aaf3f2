// Package web is the portal's HTTP edge: echo, middleware, the one route
// table (routes.go) and the one error handler (errors.go). The handlers
// live in one package per role area (public, apply, status, staff,
// console), built here from small deps structs; page and auth hold what
// they share. Handlers bind a form, validate it, make one store call and
// render or redirect; errors go up to the one handler.
package web

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"log/slog"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"anchorpathways/internal/store"
	"anchorpathways/internal/web/apply"
	"anchorpathways/internal/web/auth"
	"anchorpathways/internal/web/console"
	"anchorpathways/internal/web/page"
	"anchorpathways/internal/web/privacy"
	"anchorpathways/internal/web/public"
	"anchorpathways/internal/web/recruit"
	"anchorpathways/internal/web/referrals"
	"anchorpathways/internal/web/reports"
	"anchorpathways/internal/web/respond"
	"anchorpathways/internal/web/staff"
	"anchorpathways/internal/web/status"
	"anchorpathways/internal/web/sustain"
	"anchorpathways/static"
)

// Deps is what the web layer needs from main.
type Deps struct {
	Store        *store.Store
	Assets       *static.Assets
	Logger       *slog.Logger
	Demo         bool
	BaseURL      string
	SecureCookie bool
	TrustedProxy bool
	// Ready reports whether the database answers (/readyz).
	Ready func(ctx context.Context) error
	// PageCacheTTL keeps public pages this long (0: not at all).
	PageCacheTTL time.Duration
}

// Server holds what the route table and middleware need: the shared
// renderer and sessions, and one handler per role area.
type Server struct {
	assets *static.Assets
	log    *slog.Logger
	views  *page.Renderer
	auth   *auth.Auth
	demo   bool
	cache  *pageCache

	public    *public.Handler
	apply     *apply.Handler
	status    *status.Handler
	staff     *staff.Handler
	console   *console.Handler
	recruit   *recruit.Handler
	sustain   *sustain.Handler
	referrals *referrals.Handler
	reports   *reports.Handler
	privacy   *privacy.Handler
	respond   *respond.Handler
}

// New builds the echo instance with every route. It fails if a template does
// not parse, so a broken page stops the boot, not a resident.
func New(d Deps) (*echo.Echo, error) {
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	cache := newPageCache(d.PageCacheTTL)
	a := auth.New(auth.Deps{Store: d.Store, Secure: d.SecureCookie, Purge: cache.purge})
	v, err := page.New(page.Deps{Assets: d.Assets, Store: d.Store, Auth: a, Demo: d.Demo})
	if err != nil {
		return nil, err
	}
	msgs := store.Messages{BaseURL: d.BaseURL}
	s := &Server{
		assets: d.Assets, log: d.Logger, views: v, auth: a, demo: d.Demo, cache: cache,
		public:    public.New(public.Deps{Store: d.Store, Views: v, Ready: d.Ready}),
		apply:     apply.New(apply.Deps{Store: d.Store, Views: v, Auth: a, Messages: msgs}),
		status:    status.New(status.Deps{Store: d.Store, Views: v, Auth: a, Messages: msgs}),
		staff:     staff.New(staff.Deps{Store: d.Store, Views: v, Auth: a, Messages: msgs, Demo: d.Demo}),
		console:   console.New(console.Deps{Store: d.Store, Views: v, Auth: a, Messages: msgs}),
		recruit:   recruit.New(recruit.Deps{Store: d.Store, Views: v, Auth: a, Messages: msgs}),
		sustain:   sustain.New(sustain.Deps{Store: d.Store, Views: v, Auth: a, Messages: msgs}),
		referrals: referrals.New(referrals.Deps{Store: d.Store, Views: v, Auth: a, Messages: msgs}),
		reports:   reports.New(reports.Deps{Store: d.Store, Views: v, Auth: a}),
		privacy:   privacy.New(privacy.Deps{Store: d.Store, Views: v, Auth: a, Messages: msgs}),
		respond:   respond.New(respond.Deps{Store: d.Store, Views: v, Auth: a, Messages: msgs}),
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.handleError
	// The client address comes from X-Forwarded-For only behind a proxy we
	// trust; otherwise a spoofed header could reset a rate limit.
	if d.TrustedProxy {
		e.IPExtractor = echo.ExtractIPFromXFFHeader()
	} else {
		e.IPExtractor = echo.ExtractIPDirect()
	}
	e.Pre(answerHead)
	e.Pre(middleware.RemoveTrailingSlashWithConfig(middleware.TrailingSlashConfig{RedirectCode: http.StatusMovedPermanently}))
	e.Use(middleware.RequestIDWithConfig(middleware.RequestIDConfig{Generator: requestID}))
	e.Use(s.logRequests)
	e.Use(middleware.Recover())
	e.Use(securityHeaders(d.SecureCookie))
	e.Use(middleware.BodyLimit("64K"))
	e.Use(checkInput)
	e.Use(language) // languages: before the cache, which keys on it
	e.Use(s.cache.middleware)
	// BestSpeed: on a 6 KB page it costs about two thirds of level 5's CPU
	// (and level 5 clears larger tables per response) for ~150 more bytes;
	// every resident page stays far inside the 14 KB budget (budget_test.go).
	e.Use(middleware.GzipWithConfig(middleware.GzipConfig{
		Level:   1,
		Skipper: func(c echo.Context) bool { return len(c.Path()) > 7 && c.Path()[:8] == "/static/" },
	}))
	e.Use(middleware.ContextTimeout(30 * time.Second))
	s.routes(e)
	return e, nil
}

// securityHeaders sets a strict policy: no script at all, styles and images
// only from this origin, no framing. Secure cookies mean the portal is
// served over HTTPS, so browsers are told to keep to it for a year (HSTS);
// without them (local HTTP) the header would be ignored or, worse, pin a
// developer's machine to HTTPS.
func securityHeaders(secure bool) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			h := c.Response().Header()
			if secure {
				h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
			}
			setPolicy(h)
			return next(c)
		}
	}
}

// setPolicy is the content policy of every response.
func setPolicy(h http.Header) {
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
}

const ctxHead = "head"

// answerHead answers HEAD for every GET route, as monitors expect: the
// request is routed and handled as the GET of the same address (same status
// and headers) and the body is thrown away. Echo routes HEAD to nothing by
// default, and registering a twin of every route would double the table.
func answerHead(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if req := c.Request(); req.Method == http.MethodHead {
			req.Method = http.MethodGet
			c.Set(ctxHead, true)
			c.Response().Writer = headWriter{c.Response().Writer}
		}
		return next(c)
	}
}

// method is the request's method as the client sent it (HEAD included).
func method(c echo.Context) string {
	if head, _ := c.Get(ctxHead).(bool); head {
		return http.MethodHead
	}
	return c.Request().Method
}

// headWriter drops a HEAD response's body and keeps its headers.
type headWriter struct{ http.ResponseWriter }

func (w headWriter) Write(b []byte) (int, error) { return len(b), nil }

// Unwrap lets http.ResponseController reach the connection's writer.
func (w headWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// logRequests writes one line per request: no query strings, form values or
// cookies, so no personal data reaches the logs.
func (s *Server) logRequests(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		req := c.Request()
		route := c.Path()
		if route == "" {
			route = "(no route)"
		}
		s.log.LogAttrs(req.Context(), slog.LevelInfo, "request",
			slog.String("request_id", c.Response().Header().Get(echo.HeaderXRequestID)),
			slog.String("method", method(c)),
			slog.String("route", route),
			slog.Int("status", c.Response().Status),
			slog.Duration("took", time.Since(start)),
		)
		return nil
	}
}

func requestID() string {
	b := make([]byte, 9)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
