package static

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
)

// Prefix is the URL path under which Assets serves files.
const Prefix = "/static/"

// cacheForever is sent with every asset: its URL changes whenever its content does.
const cacheForever = "public, max-age=31536000, immutable"

// Assets serves embedded files under content-hash names with long cache lifetimes.
//
// Every file is read, hashed and gzipped once by New, so serving a request does
// no I/O and no compression. Assets is safe for concurrent use: it is never
// modified after New returns.
type Assets struct {
	byName map[string]*asset // logical name, e.g. "app.css"
	byPath map[string]*asset // hashed name, e.g. "app.3f2a9c1d0b.css"
}

type asset struct {
	hashedName  string
	contentType string
	etag        string // of the identity body
	body        []byte
	gzipped     []byte // nil when gzip does not make the file smaller
}

// New reads every file under dist in fsys (for the portal, FS), skipping files
// and folders whose names begin with a dot, and prepares it for serving: the
// first 10 hex digits of its SHA-256 go into its URL, and a gzipped copy is kept
// when that is smaller. It returns an error only when dist cannot be read.
func New(fsys fs.FS) (*Assets, error) {
	a := &Assets{byName: map[string]*asset{}, byPath: map[string]*asset{}}
	err := fs.WalkDir(fsys, "dist", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != "dist" && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		body, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "dist/")
		sum := sha256.Sum256(body)
		digest := hex.EncodeToString(sum[:])
		as := &asset{
			hashedName:  hashedName(name, digest[:10]),
			contentType: contentType(name, body),
			etag:        `"` + digest[:20] + `"`,
			body:        body,
		}
		gz, err := gzipBytes(body)
		if err != nil {
			return fmt.Errorf("gzip %s: %w", p, err)
		}
		if len(gz) < len(body) {
			as.gzipped = gz
		}
		a.byName[name] = as
		a.byPath[as.hashedName] = as
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("static assets: %w", err)
	}
	return a, nil
}

// hashedName puts the hash before the extension: "css/app.css" -> "css/app.<hash>.css".
func hashedName(name, hash string) string {
	dir, base := path.Split(name)
	ext := path.Ext(base)
	if ext == base { // ".foo" cannot happen (dot-files are skipped); "LICENSE" has no extension
		ext = ""
	}
	return dir + strings.TrimSuffix(base, ext) + "." + hash + ext
}

// types fixes the Content-Type of the files the portal ships, so that it does
// not depend on the host's MIME tables.
var types = map[string]string{
	".css":         "text/css; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".json":        "application/json",
	".map":         "application/json",
	".webmanifest": "application/manifest+json",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".jpg":         "image/jpeg",
	".jpeg":        "image/jpeg",
	".gif":         "image/gif",
	".webp":        "image/webp",
	".ico":         "image/x-icon",
	".woff2":       "font/woff2",
	".woff":        "font/woff",
	".txt":         "text/plain; charset=utf-8",
}

func contentType(name string, body []byte) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := types[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return http.DetectContentType(body)
}

func gzipBytes(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(b); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// URL returns the address of the named file (a path under dist, e.g.
// "app.css"), such as "/static/app.3f2a9c1d0b.css". An unknown name returns
// "/static/" + name, so a missing build shows as a 404 rather than a panic
// while rendering a template.
func (a *Assets) URL(name string) string {
	if as, ok := a.byName[name]; ok {
		return Prefix + as.hashedName
	}
	return Prefix + name
}

// Required lists the files the portal cannot serve pages without; all are
// built by `make assets` (npm and Sass), not committed.
var Required = []string{"app.css"}

// Require reports, naming the command that builds them, every one of names
// that New did not find under dist. cmd/portal refuses to start on it: pages
// whose stylesheet is a 404 are worse than no pages.
func (a *Assets) Require(names ...string) error {
	var missing []string
	for _, n := range names {
		if !a.Has(n) {
			missing = append(missing, "static/dist/"+n)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return fmt.Errorf("%s missing from this build: run `make assets`, then build the portal again (the files are embedded at build time)", strings.Join(missing, ", "))
}

// Has reports whether the named file (a path under dist) was found by New.
func (a *Assets) Has(name string) bool {
	_, ok := a.byName[name]
	return ok
}

// ServeHTTP serves GET and HEAD requests for /static/<hashed name> (the
// "/static/" prefix may already have been stripped). Unknown names, stale
// hashes and unhashed names get 404. A client that accepts gzip gets the
// gzipped body when there is one.
func (a *Assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(strings.TrimPrefix(r.URL.Path, Prefix), "/")
	as, ok := a.byPath[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
		return
	}

	h := w.Header()
	h.Set("Cache-Control", cacheForever)
	h.Set("Content-Type", as.contentType)
	h.Set("X-Content-Type-Options", "nosniff")
	body, etag := as.body, as.etag
	if as.gzipped != nil {
		h.Add("Vary", "Accept-Encoding")
		if acceptsGzip(r.Header.Get("Accept-Encoding")) {
			body = as.gzipped
			etag = strings.TrimSuffix(as.etag, `"`) + `-gzip"`
			h.Set("Content-Encoding", "gzip")
		}
	}
	h.Set("ETag", etag)
	if etagMatches(r.Header.Get("If-None-Match"), etag) {
		h.Del("Content-Type")
		h.Del("Content-Encoding")
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write(body) // the client has gone; nothing to do
}

// acceptsGzip reports whether an Accept-Encoding header allows gzip. An
// explicit "gzip;q=0" refuses it even when "*" is also listed.
func acceptsGzip(header string) bool {
	gzipQ, starQ := -1.0, -1.0
	for part := range strings.SplitSeq(header, ",") {
		coding, params, _ := strings.Cut(part, ";")
		q := 1.0
		for p := range strings.SplitSeq(params, ";") {
			k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
			if ok && strings.EqualFold(k, "q") {
				if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
					q = f
				}
			}
		}
		switch strings.ToLower(strings.TrimSpace(coding)) {
		case "gzip", "x-gzip":
			gzipQ = max(gzipQ, q)
		case "*":
			starQ = max(starQ, q)
		}
	}
	if gzipQ >= 0 {
		return gzipQ > 0
	}
	return starQ > 0
}

// etagMatches implements the weak comparison that If-None-Match uses.
func etagMatches(header, etag string) bool {
	for tag := range strings.SplitSeq(header, ",") {
		tag = strings.TrimPrefix(strings.TrimSpace(tag), "W/")
		if tag == "*" || tag == etag {
			return true
		}
	}
	return false
}
