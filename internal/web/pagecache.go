package web

import (
	"bytes"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/i18n"
	"anchorpathways/internal/web/page"
)

// pageCache keeps public pages (home, pathway pages) for a couple of
// seconds: under a rush they are rendered once per period instead of once
// per visitor. Staleness is bounded by the TTL on every instance, and a
// staff change on this instance empties it at once. Pages that set a cookie,
// or any status but 200, are never kept.
type pageCache struct {
	ttl    time.Duration
	now    func() time.Time
	mu     sync.Mutex
	pages  map[string]cachedPage
	public map[string]bool // route patterns kept
}

type cachedPage struct {
	header  http.Header
	body    []byte
	expires time.Time
}

// maxCachedPages bounds memory: one entry per public page and encoding.
const maxCachedPages = 512

func newPageCache(ttl time.Duration) *pageCache {
	return &pageCache{ttl: ttl, now: time.Now, pages: map[string]cachedPage{}, public: map[string]bool{}}
}

func (pc *pageCache) purge() {
	pc.mu.Lock()
	clear(pc.pages)
	pc.mu.Unlock()
}

// recorder passes a response through while keeping a copy.
type recorder struct {
	http.ResponseWriter
	status int
	buf    bytes.Buffer
}

func (r *recorder) WriteHeader(code int) { r.status = code; r.ResponseWriter.WriteHeader(code) }
func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	r.buf.Write(b)
	return r.ResponseWriter.Write(b)
}
func (r *recorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// middleware serves public GETs from the cache. It sits inside the security
// headers and outside compression, so it keeps the compressed bytes.
func (pc *pageCache) middleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		if pc.ttl <= 0 || req.Method != http.MethodGet || !pc.public[c.Path()] || !onlyLanguage(req.URL.RawQuery) {
			return next(c)
		}
		gz := strings.Contains(req.Header.Get("Accept-Encoding"), "gzip")
		// One entry per page, language and whether links carry ?lang=.
		key := req.URL.Path + "\x00" + page.LocaleOf(c).Code
		if page.Explicit(c) {
			key += "\x00lang"
		}
		if gz {
			key += "\x00gzip"
		}
		if p, ok := pc.get(key); ok {
			return pc.write(c, p)
		}
		rec := &recorder{ResponseWriter: c.Response().Writer}
		c.Response().Writer = rec
		err := next(c)
		c.Response().Writer = rec.ResponseWriter
		h := c.Response().Header()
		if err == nil && rec.status == http.StatusOK && h.Get("Set-Cookie") == "" && rec.buf.Len() < 512<<10 {
			pc.put(key, cachedPage{header: h.Clone(), body: bytes.Clone(rec.buf.Bytes()), expires: pc.now().Add(pc.ttl)})
		}
		return err
	}
}

// onlyLanguage admits an address with no query, or only ?lang=<code>: a
// page in one language is as cacheable as the English one.
func onlyLanguage(rawQuery string) bool {
	code, ok := strings.CutPrefix(rawQuery, "lang=")
	return rawQuery == "" || ok && i18n.Words().Known(code)
}

func (pc *pageCache) get(key string) (cachedPage, bool) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	p, ok := pc.pages[key]
	if !ok || pc.now().After(p.expires) {
		return cachedPage{}, false
	}
	return p, true
}

func (pc *pageCache) put(key string, p cachedPage) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if len(pc.pages) >= maxCachedPages {
		clear(pc.pages)
	}
	pc.pages[key] = p
}

func (pc *pageCache) write(c echo.Context, p cachedPage) error {
	h := c.Response().Header()
	for k, v := range p.header {
		if k == echo.HeaderXRequestID {
			continue
		}
		h[k] = v
	}
	c.Response().WriteHeader(http.StatusOK)
	_, err := c.Response().Write(p.body)
	return err
}
