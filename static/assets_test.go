package static

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
)

// css is long and repetitive enough that gzip makes it smaller.
var css = []byte(strings.Repeat(".govuk-body{margin:0 0 15px}\n", 50))

// png is tiny and random-looking: gzip would make it bigger, so it is served as is.
var png = []byte("\x89PNG\r\n\x1a\n\x00\x01")

func testFS() fstest.MapFS {
	return fstest.MapFS{
		"dist/.gitkeep":        {Data: nil},
		"dist/.hidden/x.css":   {Data: []byte("hidden")},
		"dist/app.css":         {Data: css},
		"dist/img/logo.png":    {Data: png},
		"dist/LICENSE":         {Data: []byte("licence text")},
		"outside-dist/own.css": {Data: []byte("not served")},
	}
}

func hash10(b []byte) string { return fullHash(b)[:10] }

func newAssets(t *testing.T) *Assets {
	t.Helper()
	a, err := New(testFS())
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return a
}

func TestURL(t *testing.T) {
	a := newAssets(t)
	tests := []struct {
		name string
		want string
	}{
		{"app.css", "/static/app." + hash10(css) + ".css"},
		{"img/logo.png", "/static/img/logo." + hash10(png) + ".png"},
		{"LICENSE", "/static/LICENSE." + hash10([]byte("licence text"))},
		{"missing.css", "/static/missing.css"},
		{".gitkeep", "/static/.gitkeep"},
		{".hidden/x.css", "/static/.hidden/x.css"},
	}
	for _, tt := range tests {
		if got := a.URL(tt.name); got != tt.want {
			t.Errorf("URL(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestHas(t *testing.T) {
	a := newAssets(t)
	tests := []struct {
		name string
		want bool
	}{
		{"app.css", true},
		{"img/logo.png", true},
		{"missing.css", false},
		{".gitkeep", false},
		{".hidden/x.css", false},
		{"own.css", false},
	}
	for _, tt := range tests {
		if got := a.Has(tt.name); got != tt.want {
			t.Errorf("Has(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestNewWithoutDist(t *testing.T) {
	if _, err := New(fstest.MapFS{"other/app.css": {Data: css}}); err == nil {
		t.Error("New without dist: got nil error, want one")
	}
}

func TestNewEmbedded(t *testing.T) {
	// The real embedded FS must always load, built or not.
	a, err := New(FS)
	if err != nil {
		t.Fatalf("New(FS): %v", err)
	}
	if a.Has(".gitkeep") {
		t.Error("Has(.gitkeep) = true, want dot-files skipped")
	}
}

func TestServeHTTP(t *testing.T) {
	a := newAssets(t)
	cssURL, pngURL := a.URL("app.css"), a.URL("img/logo.png")
	cssETag := `"` + fullHash(css)[:20] + `"`
	cssGzipETag := `"` + fullHash(css)[:20] + `-gzip"`

	tests := []serveCase{
		{name: "css, gzip accepted", method: "GET", target: cssURL,
			header:     map[string]string{"Accept-Encoding": "gzip, deflate, br"},
			wantStatus: 200, wantType: "text/css; charset=utf-8", wantEncoding: "gzip",
			wantVary: "Accept-Encoding", wantETag: cssGzipETag, wantBody: css, wantCached: true},
		{name: "css, no Accept-Encoding", method: "GET", target: cssURL,
			wantStatus: 200, wantType: "text/css; charset=utf-8",
			wantVary: "Accept-Encoding", wantETag: cssETag, wantBody: css, wantCached: true},
		{name: "css, gzip refused with q=0", method: "GET", target: cssURL,
			header:     map[string]string{"Accept-Encoding": "gzip;q=0, *"},
			wantStatus: 200, wantType: "text/css; charset=utf-8",
			wantVary: "Accept-Encoding", wantETag: cssETag, wantBody: css, wantCached: true},
		{name: "css, any encoding", method: "GET", target: cssURL,
			header:     map[string]string{"Accept-Encoding": "*"},
			wantStatus: 200, wantType: "text/css; charset=utf-8", wantEncoding: "gzip",
			wantVary: "Accept-Encoding", wantETag: cssGzipETag, wantBody: css, wantCached: true},
		{name: "css, HEAD", method: "HEAD", target: cssURL,
			header:     map[string]string{"Accept-Encoding": "gzip"},
			wantStatus: 200, wantType: "text/css; charset=utf-8", wantEncoding: "gzip",
			wantVary: "Accept-Encoding", wantETag: cssGzipETag, wantBody: nil, wantCached: true},
		{name: "css, prefix already stripped", method: "GET", target: strings.TrimPrefix(cssURL, "/static"),
			wantStatus: 200, wantType: "text/css; charset=utf-8",
			wantVary: "Accept-Encoding", wantETag: cssETag, wantBody: css, wantCached: true},
		{name: "css, revalidated", method: "GET", target: cssURL,
			header:     map[string]string{"Accept-Encoding": "gzip", "If-None-Match": cssGzipETag},
			wantStatus: 304, wantVary: "Accept-Encoding", wantETag: cssGzipETag, wantCached: true},
		{name: "png, not worth gzipping", method: "GET", target: pngURL,
			header:     map[string]string{"Accept-Encoding": "gzip"},
			wantStatus: 200, wantType: "image/png",
			wantETag: `"` + fullHash(png)[:20] + `"`, wantBody: png, wantCached: true},
		{name: "stale hash", method: "GET", target: "/static/app.0123456789.css", wantStatus: 404},
		{name: "unhashed name", method: "GET", target: "/static/app.css", wantStatus: 404},
		{name: "unknown file", method: "GET", target: "/static/nope.1234567890.css", wantStatus: 404},
		{name: "dot-file", method: "GET", target: "/static/.gitkeep", wantStatus: 404},
		{name: "POST", method: "POST", target: cssURL, wantStatus: 405},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			a.ServeHTTP(rec, tt.request())
			res := rec.Result()

			if got, want := res.StatusCode, tt.wantStatus; got != want {
				t.Fatalf("status = %d, want %d", got, want)
			}
			if tt.wantStatus >= 400 {
				if got := res.Header.Get("Cache-Control"); strings.Contains(got, "immutable") {
					t.Errorf("Cache-Control = %q on an error, want no long caching", got)
				}
				return
			}
			headers := []struct{ key, want string }{
				{"Content-Type", tt.wantType},
				{"Content-Encoding", tt.wantEncoding},
				{"Vary", tt.wantVary},
				{"ETag", tt.wantETag},
			}
			for _, h := range headers {
				if got := res.Header.Get(h.key); got != h.want {
					t.Errorf("%s = %q, want %q", h.key, got, h.want)
				}
			}
			if tt.wantCached {
				if got, want := res.Header.Get("Cache-Control"), "public, max-age=31536000, immutable"; got != want {
					t.Errorf("Cache-Control = %q, want %q", got, want)
				}
			}
			raw, err := io.ReadAll(res.Body)
			if err != nil {
				t.Fatal(err)
			}
			if tt.wantStatus == 200 {
				if got, want := res.Header.Get("Content-Length"), lengthOf(a, tt, raw); got != want {
					t.Errorf("Content-Length = %s, want %s", got, want)
				}
			}
			body := raw
			if tt.wantEncoding == "gzip" && len(raw) > 0 {
				body = gunzip(t, raw)
			}
			if !bytes.Equal(body, tt.wantBody) {
				t.Errorf("body = %d bytes %.40q, want %d bytes %.40q", len(body), body, len(tt.wantBody), tt.wantBody)
			}
		})
	}
}

type serveCase struct {
	name           string
	method, target string
	header         map[string]string
	wantStatus     int
	wantType       string
	wantEncoding   string
	wantVary       string
	wantETag       string
	wantBody       []byte // after gunzipping when wantEncoding is gzip
	wantCached     bool
}

func (tt serveCase) request() *http.Request {
	req := httptest.NewRequest(tt.method, tt.target, nil)
	for k, v := range tt.header {
		req.Header.Set(k, v)
	}
	return req
}

// lengthOf returns the Content-Length the response should declare: the size
// of the body sent, or for HEAD the size of the body a GET would have sent.
func lengthOf(a *Assets, tt serveCase, raw []byte) string {
	if tt.method != http.MethodHead {
		return strconv.Itoa(len(raw))
	}
	get := tt
	get.method = http.MethodGet
	rec := httptest.NewRecorder()
	a.ServeHTTP(rec, get.request())
	return strconv.Itoa(rec.Body.Len())
}

func fullHash(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("gunzip: %v", err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("gunzip: %v", err)
	}
	return out
}

// TestBuiltCSS guards the front-end build settings: the GOV.UK typeface and
// crest must not be referenced, and no font or image is fetched by the CSS.
func TestBuiltCSS(t *testing.T) {
	b, err := FS.ReadFile("dist/app.css")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("dist/app.css is not built (run `make assets`): %v", err)
		}
		t.Skipf("dist/app.css is not built (run `make assets`): %v", err)
	}
	for _, banned := range []string{"url(", "@font-face", "GDS Transport", ".govuk-header__logotype"} {
		if bytes.Contains(b, []byte(banned)) {
			t.Errorf("app.css contains %q, want none", banned)
		}
	}
	for _, want := range []string{"system-ui", ".govuk-template", ".govuk-generic-header", ".app-card"} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("app.css lacks %q", want)
		}
	}
}

// A build without `make assets` has no stylesheet: Require says so and names
// the command, so the portal refuses to start rather than serve unstyled pages.
func TestRequireNamesTheCommandThatBuildsMissingAssets(t *testing.T) {
	tests := []struct {
		name    string
		fs      fstest.MapFS
		wantErr bool
	}{
		{"built", testFS(), false},
		{"not built", fstest.MapFS{"dist/.gitkeep": {Data: nil}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := New(tt.fs)
			if err != nil {
				t.Fatal(err)
			}
			err = a.Require(Required...)
			if got := err != nil; got != tt.wantErr {
				t.Fatalf("got error %v, want an error: %v", err, tt.wantErr)
			}
			if err != nil && (!strings.Contains(err.Error(), "static/dist/app.css") || !strings.Contains(err.Error(), "make assets")) {
				t.Errorf("got %q, want it to name static/dist/app.css and `make assets`", err)
			}
		})
	}
}
