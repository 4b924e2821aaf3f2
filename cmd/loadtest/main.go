// Command loadtest measures the portal's throughput over loopback, as ratios
// to a bare echo handler measured in the same run and process: the pathway
// page, and the final "send application" POST of the apply journey. It runs on
// SQLite (a temporary file) always, and on PostgreSQL (a fresh schema it drops
// afterwards) when -database-url or TEST_DATABASE_URL names a server.
//
// Every loop is bounded by a request count and a duration, and all traffic
// goes to 127.0.0.1. Each measurement prints one table row and one
// machine-readable line starting "LOADTEST".
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
	"gorm.io/gorm"

	"anchorpathways/internal/database"
	"anchorpathways/internal/store"
	"anchorpathways/internal/web"
	"anchorpathways/static"
)

type options struct {
	databaseURL string
	clients     int
	duration    time.Duration
	maxRequests int
	residents   int
	cpuProfile  string
	pageCache   time.Duration
}

func main() {
	var o options
	flag.StringVar(&o.databaseURL, "database-url", os.Getenv("TEST_DATABASE_URL"), "PostgreSQL server to measure too (a fresh schema is made and dropped); empty: SQLite only")
	flag.IntVar(&o.clients, "clients", 32, "concurrent clients")
	flag.DurationVar(&o.duration, "duration", 4*time.Second, "longest time per measurement")
	flag.IntVar(&o.maxRequests, "requests", 200_000, "most requests per measurement")
	flag.IntVar(&o.residents, "residents", 2000, "residents prepared up to \"check your answers\" for the submission measurement (its request bound)")
	flag.StringVar(&o.cpuProfile, "cpuprofile", "", "directory to write one CPU profile per measurement (<database>-<case>.pprof)")
	flag.DurationVar(&o.pageCache, "page-cache", 2*time.Second, "how long public pages are kept (the portal's production setting); 0 measures every request rendered")
	flag.Parse()
	if o.clients < 1 || o.duration <= 0 || o.maxRequests < 1 || o.residents < 1 {
		fmt.Fprintln(os.Stderr, "loadtest: -clients, -duration, -requests and -residents must be positive")
		os.Exit(2)
	}
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

func run(o options) error {
	ctx := context.Background()
	fmt.Printf("loadtest: %d clients, at most %s or %d requests per measurement, page cache %s, GOMAXPROCS=%d, %s\n",
		o.clients, o.duration, o.maxRequests, o.pageCache, runtime.GOMAXPROCS(0), runtime.Version())
	var all []result
	dbs := []string{"sqlite"}
	if o.databaseURL != "" {
		dbs = append(dbs, "postgres")
	}
	for _, name := range dbs {
		db, cleanup, err := openDB(ctx, name, o.databaseURL)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		rs, err := measureDB(ctx, o, name, db)
		cleanup()
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		all = append(all, rs...)
	}
	fmt.Println()
	fmt.Printf("%-9s %-12s %9s %9s %9s %7s %7s %7s\n", "database", "case", "requests", "req/s", "ratio", "p50 ms", "p99 ms", "errors")
	for _, r := range all {
		fmt.Printf("%-9s %-12s %9d %9.0f %9.3f %7.2f %7.2f %7d\n", r.db, r.name, r.n, r.rps, r.ratio, ms(r.p50), ms(r.p99), r.errors)
	}
	for _, r := range all {
		fmt.Printf("LOADTEST db=%s case=%s clients=%d requests=%d seconds=%.3f rps=%.1f ratio=%.4f p50_ms=%.3f p99_ms=%.3f errors=%d\n",
			r.db, r.name, o.clients, r.n, r.elapsed.Seconds(), r.rps, r.ratio, ms(r.p50), ms(r.p99), r.errors)
	}
	for _, r := range all {
		if r.errors > 0 {
			return fmt.Errorf("%s %s: %d errors", r.db, r.name, r.errors)
		}
	}
	return nil
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// openDB opens and migrates a database of the run's own: a SQLite file in a
// temporary directory, or a new schema on the PostgreSQL server. cleanup
// removes it.
func openDB(ctx context.Context, name, pgURL string) (*gorm.DB, func(), error) {
	if name == "sqlite" {
		dir, err := os.MkdirTemp("", "loadtest-")
		if err != nil {
			return nil, nil, err
		}
		db, err := database.Open(ctx, database.Options{SQLitePath: filepath.Join(dir, "load.db")})
		if err != nil {
			_ = os.RemoveAll(dir)
			return nil, nil, err
		}
		cleanup := func() { _ = database.Close(db); _ = os.RemoveAll(dir) }
		if err := database.Migrate(ctx, db); err != nil {
			cleanup()
			return nil, nil, err
		}
		return db, cleanup, nil
	}
	admin, err := database.Open(ctx, database.Options{URL: pgURL})
	if err != nil {
		return nil, nil, err
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "loadtest_" + hex.EncodeToString(b[:])
	// The schema name is generated here, never input.
	if err := admin.WithContext(ctx).Exec("CREATE SCHEMA " + schema).Error; err != nil {
		_ = database.Close(admin)
		return nil, nil, err
	}
	dropSchema := func() {
		_ = admin.Exec("DROP SCHEMA " + schema + " CASCADE").Error
		_ = database.Close(admin)
	}
	u, err := url.Parse(pgURL)
	if err != nil {
		dropSchema()
		return nil, nil, err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	db, err := database.Open(ctx, database.Options{URL: u.String()})
	if err != nil {
		dropSchema()
		return nil, nil, err
	}
	cleanup := func() { _ = database.Close(db); dropSchema() }
	if err := database.Migrate(ctx, db); err != nil {
		cleanup()
		return nil, nil, err
	}
	return db, cleanup, nil
}

// serve runs h on a random loopback port until stop is called.
func serve(h http.Handler) (base string, stop func(), err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return "http://" + ln.Addr().String(), func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	}, nil
}

// barePage is what the baseline handler answers: a small fixed page.
const barePage = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Bare</title></head><body><main><h1>Bare handler</h1><p>A fixed page for the baseline.</p></main></body></html>`

func bareEcho() *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.GET("/", func(c echo.Context) error { return c.HTML(http.StatusOK, barePage) })
	return e
}

func measureDB(ctx context.Context, o options, name string, db *gorm.DB) ([]result, error) {
	st := store.New(db)
	if err := st.SeedDemo(ctx); err != nil {
		return nil, fmt.Errorf("seed demo: %w", err)
	}
	assets, err := static.New(static.FS)
	if err != nil {
		return nil, err
	}
	if !assets.Has("app.css") {
		fmt.Println("loadtest: static/dist/app.css is missing (run `make assets`); pages are measured without it")
	}
	// The portal runs as behind a trusted proxy, so that each simulated
	// resident has an address of its own (X-Forwarded-For, from the RFC 2544
	// benchmarking range): the per-address rate limits would otherwise stop
	// the preparation after 30 residents from 127.0.0.1, as they should.
	e, err := web.New(web.Deps{Store: st, Assets: assets, Logger: slog.New(slog.DiscardHandler), BaseURL: "http://portal.test",
		TrustedProxy: true, Ready: func(ctx context.Context) error { return database.Ping(ctx, db) }, PageCacheTTL: o.pageCache})
	if err != nil {
		return nil, err
	}
	portal, stopPortal, err := serve(e)
	if err != nil {
		return nil, err
	}
	defer stopPortal()
	bare, stopBare, err := serve(bareEcho())
	if err != nil {
		return nil, err
	}
	defer stopBare()

	transport := &http.Transport{
		MaxIdleConns: 4 * o.clients, MaxIdleConnsPerHost: 2 * o.clients, IdleConnTimeout: 90 * time.Second,
		// Bodies are read and thrown away as they arrive, never decompressed:
		// the client's work should not take CPU from the server it shares.
		DisableCompression: true,
	}
	defer transport.CloseIdleConnections()
	plain := &http.Client{Transport: transport, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	get := func(base, path string) func(worker, i int) error {
		return func(_, _ int) error {
			req, err := http.NewRequest(http.MethodGet, base+path, nil)
			if err != nil {
				return err
			}
			req.Header.Set("Accept-Encoding", "gzip")
			return expect(plain.Do(req))(http.StatusOK, "")
		}
	}

	fmt.Printf("\n== %s: warming up\n", name)
	if _, err := drive(o.clients, 2*o.clients*10, time.Second, "", get(bare, "/")); err != nil {
		return nil, err
	}
	if _, err := drive(o.clients, 2*o.clients*10, time.Second, "", get(portal, "/pathways/hospitality-to-health")); err != nil {
		return nil, err
	}

	var out []result
	profile := func(c string) string {
		if o.cpuProfile == "" {
			return ""
		}
		return filepath.Join(o.cpuProfile, name+"-"+c+".pprof")
	}
	fmt.Printf("== %s: bare echo handler\n", name)
	base, err := drive(o.clients, o.maxRequests, o.duration, profile("bare"), get(bare, "/"))
	if err != nil {
		return nil, err
	}
	base.db, base.name, base.ratio = name, "bare", 1
	out = append(out, base)

	fmt.Printf("== %s: GET /pathways/hospitality-to-health\n", name)
	r, err := drive(o.clients, o.maxRequests, o.duration, profile("pathway"), get(portal, "/pathways/hospitality-to-health"))
	if err != nil {
		return nil, err
	}
	r.db, r.name, r.ratio = name, "pathway", r.rps/base.rps
	out = append(out, r)

	fmt.Printf("== %s: preparing %d residents up to \"check your answers\"\n", name, o.residents)
	start := time.Now()
	// The apply journey proves the resident's mobile with a code: the load
	// tool reads it where a phone would receive it, the outbox.
	codeFor := func(mobile string) (string, error) {
		msg, err := st.LatestOutboxTo(ctx, mobile)
		if err != nil {
			return "", err
		}
		m := codeRE.FindStringSubmatch(msg.Body)
		if m == nil {
			return "", fmt.Errorf("no code in the newest message to %s", mobile)
		}
		return m[1], nil
	}
	residents, err := prepare(o, transport, portal, codeFor)
	if err != nil {
		return nil, err
	}
	fmt.Printf("   %d residents ready in %s\n", len(residents), time.Since(start).Round(time.Millisecond))

	fmt.Printf("== %s: POST %s/check (send the application)\n", name, applyPath)
	var next atomic.Int64
	r, err = drive(o.clients, len(residents), o.duration, profile("submission"), func(_, _ int) error {
		i := int(next.Add(1)) - 1
		if i >= len(residents) {
			return errNoMore
		}
		return residents[i].submit()
	})
	if err != nil {
		return nil, err
	}
	r.db, r.name, r.ratio = name, "submission", r.rps/base.rps
	out = append(out, r)
	return out, nil
}

type result struct {
	db, name string
	n        int
	errors   int
	elapsed  time.Duration
	rps      float64
	ratio    float64
	p50, p99 time.Duration
}

// errNoMore ends a worker early: its supply of work (residents) ran out.
var errNoMore = errors.New("no more work")

// drive runs fn from clients goroutines until max calls have started or d
// has passed, and reports the rate and latency of the calls.
func drive(clients, max int, d time.Duration, cpuProfile string, fn func(worker, i int) error) (result, error) {
	if cpuProfile != "" {
		f, err := os.Create(cpuProfile)
		if err != nil {
			return result{}, err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return result{}, err
		}
		defer pprof.StopCPUProfile()
	}
	var started atomic.Int64
	lat := make([][]time.Duration, clients)
	errs := make([]int, clients)
	firstErr := make([]error, clients)
	var wg sync.WaitGroup
	begin := time.Now()
	deadline := begin.Add(d)
	for w := range clients {
		wg.Go(func() {
			for {
				i := int(started.Add(1)) - 1
				if i >= max || time.Now().After(deadline) {
					return
				}
				t0 := time.Now()
				err := fn(w, i)
				if errors.Is(err, errNoMore) {
					return
				}
				lat[w] = append(lat[w], time.Since(t0))
				if err != nil {
					errs[w]++
					if firstErr[w] == nil {
						firstErr[w] = err
					}
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(begin)
	var all []time.Duration
	r := result{elapsed: elapsed}
	var shown bool
	for w := range clients {
		all = append(all, lat[w]...)
		r.errors += errs[w]
		if firstErr[w] != nil && !shown {
			fmt.Println("   first error:", firstErr[w])
			shown = true
		}
	}
	slices.Sort(all)
	r.n = len(all)
	if r.n == 0 {
		return r, errors.New("no request completed")
	}
	r.rps = float64(r.n) / elapsed.Seconds()
	r.p50 = all[r.n*50/100]
	r.p99 = all[min(r.n-1, r.n*99/100)]
	fmt.Printf("   %d requests in %s: %.0f/s, p50 %.2f ms, p99 %.2f ms, %d errors\n", r.n, elapsed.Round(time.Millisecond), r.rps, ms(r.p50), ms(r.p99), r.errors)
	return r, nil
}

// expect reads and discards a response's body, and checks its status and,
// for a redirect, where it leads.
func expect(res *http.Response, err error) func(status int, location string) error {
	return func(status int, location string) error {
		if err != nil {
			return err
		}
		_, _ = io.Copy(io.Discard, res.Body)
		_ = res.Body.Close()
		if res.StatusCode != status {
			return fmt.Errorf("%s %s: got status %d, want %d", res.Request.Method, res.Request.URL.Path, res.StatusCode, status)
		}
		if location != "" && res.Header.Get("Location") != location {
			return fmt.Errorf("%s %s: redirected to %q, want %q", res.Request.Method, res.Request.URL.Path, res.Header.Get("Location"), location)
		}
		return nil
	}
}

const applyPath = "/pathways/hospitality-to-health/apply"

// resident is one browser: its own cookie jar and client address, and the
// CSRF token of the last form it saw.
type resident struct {
	http *http.Client
	base string
	ip   string
	csrf string
	// codeFor reads the one-time code last sent to a normalised mobile.
	codeFor func(mobile string) (string, error)
}

// codeRE finds the six-digit code in a sign-in message.
var codeRE = regexp.MustCompile(`\b(\d{6})\b`)

var csrfRE = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

func (r *resident) do(method, path string, form url.Values) (*http.Response, error) {
	var body io.Reader
	if form != nil {
		f := url.Values{"csrf_token": {r.csrf}}
		for k, v := range form {
			f[k] = v
		}
		body = strings.NewReader(f.Encode())
	}
	req, err := http.NewRequest(method, r.base+path, body)
	if err != nil {
		return nil, err
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("X-Forwarded-For", r.ip)
	return r.http.Do(req)
}

// page GETs a form page and keeps its CSRF token.
func (r *resident) page(path string) error {
	res, err := r.do(http.MethodGet, path, nil)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return err
	}
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: got status %d, want 200", path, res.StatusCode)
	}
	m := csrfRE.FindSubmatch(b)
	if m == nil {
		return fmt.Errorf("GET %s: no CSRF token in the form", path)
	}
	r.csrf = string(m[1])
	return nil
}

func (r *resident) post(path string, form url.Values, next string) error {
	return expect(r.do(http.MethodPost, path, form))(http.StatusSeeOther, next)
}

// journey answers every step up to "check your answers", as a browser does.
func (r *resident) journey(mobile string) error {
	a := applyPath
	steps := []func() error{
		func() error { return r.page(a) },
		func() error {
			return r.post(a, url.Values{"postcode": {"B35 7PR"}, "tenant": {"none"}, "over18": {"yes"}, "right_to_work": {"yes"}}, a+"/about-you")
		},
		func() error { return r.page(a + "/about-you") },
		func() error {
			return r.post(a+"/about-you", url.Values{"full_name": {"Load Test"}, "mobile": {mobile}, "channel": {"sms"}}, a+"/check-your-phone")
		},
		func() error { return r.page(a + "/check-your-phone") },
		func() error {
			code, err := r.codeFor("+44" + strings.ReplaceAll(mobile, " ", "")[1:])
			if err != nil {
				return err
			}
			return r.post(a+"/check-your-phone", url.Values{"code": {code}}, a+"/your-work")
		},
		func() error { return r.page(a + "/your-work") },
		func() error {
			return r.post(a+"/your-work", url.Values{"situation": {"at_risk"}}, a+"/work-experience")
		},
		func() error { return r.page(a + "/work-experience") },
		func() error {
			return r.post(a+"/work-experience", url.Values{"sectors": {"hospitality"}, "years": {"1_to_5"}}, a+"/skills")
		},
		func() error { return r.page(a + "/skills") },
		func() error {
			return r.post(a+"/skills", url.Values{"skills": {"food_hygiene", "customer_service"}}, a+"/job-preferences")
		},
		func() error { return r.page(a + "/job-preferences") },
		func() error {
			return r.post(a+"/job-preferences", url.Values{"interests": {"catering"}, "hours": {"full_time"}, "travel": {"30"}}, a+"/support")
		},
		func() error { return r.page(a + "/support") },
		func() error { return r.post(a+"/support", url.Values{"needs": {"childcare"}}, a+"/choose") },
		func() error { return r.page(a + "/choose") },
		func() error { return r.post(a+"/choose", url.Values{"pathway": {store.DemoHTHID}}, a+"/course-date") },
		func() error { return r.page(a + "/course-date") },
		func() error {
			return r.post(a+"/course-date", url.Values{"cohort": {store.DemoHTHCohortID}}, a+"/check")
		},
		func() error { return r.page(a + "/check") },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// submit is the measured request: "send application".
func (r *resident) submit() error {
	return r.post(applyPath+"/check", url.Values{}, applyPath+"/confirmation")
}

// prepare takes o.residents residents, o.clients at a time, up to "check your
// answers"; each has a mobile number of its own, 07700 9xxxxx (Ofcom's range
// for drama, never a real phone).
func prepare(o options, transport http.RoundTripper, base string, codeFor func(string) (string, error)) ([]*resident, error) {
	if o.residents > 100_000 {
		return nil, errors.New("-residents: at most 100000 unique 07700 9xxxxx numbers")
	}
	out := make([]*resident, o.residents)
	var next atomic.Int64
	var mu sync.Mutex
	var firstErr error
	var wg sync.WaitGroup
	for range o.clients {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(out) {
					return
				}
				jar, _ := cookiejar.New(nil)
				r := &resident{base: base, ip: benchmarkIP(i), codeFor: codeFor, http: &http.Client{
					Transport: transport, Jar: jar, Timeout: 30 * time.Second,
					CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
				if err := r.journey(fmt.Sprintf("07700 9%05d", i)); err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = fmt.Errorf("resident %d: %w", i, err)
					}
					mu.Unlock()
					next.Store(int64(len(out))) // stop everyone
					return
				}
				out[i] = r
			}
		})
	}
	wg.Wait()
	return out, firstErr
}

// benchmarkIP is the i-th address of 198.18.0.0/15, the range RFC 2544 sets
// aside for benchmarks.
func benchmarkIP(i int) string {
	n := i + 1
	return fmt.Sprintf("198.%d.%d.%d", 18+n>>16, n>>8&255, n&255)
}
