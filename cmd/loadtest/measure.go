package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
	"gorm.io/gorm"

	"anchorpathways/internal/database"
	"anchorpathways/internal/store"
	"anchorpathways/internal/web"
	"anchorpathways/static"
)

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
	if err := st.SeedDemo(ctx, store.Messages{BaseURL: "http://portal.test"}); err != nil {
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
	// measure runs case c (at most max calls of fn) and keeps its result as a
	// ratio to the bare handler.
	measure := func(c string, max int, fn func(worker, i int) error) error {
		r, err := drive(o.clients, max, o.duration, profile(c), fn)
		if err != nil {
			return err
		}
		r.db, r.name, r.ratio = name, c, r.rps/base.rps
		out = append(out, r)
		return nil
	}

	pageFloor, stopPageFloor, err := floorPage(plain, portal+"/pathways/hospitality-to-health")
	if err != nil {
		return nil, err
	}
	defer stopPageFloor()
	fmt.Printf("== %s: page floor (the page's bytes, compressed, nothing else)\n", name)
	if err := measure("page-floor", o.maxRequests, get(pageFloor, "/page")); err != nil {
		return nil, err
	}

	fmt.Printf("== %s: GET /pathways/hospitality-to-health\n", name)
	if err := measure("pathway", o.maxRequests, get(portal, "/pathways/hospitality-to-health")); err != nil {
		return nil, err
	}

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

	commitFloor, stopCommitFloor, err := floorCommit(ctx, db)
	if err != nil {
		return nil, err
	}
	defer stopCommitFloor()
	fmt.Printf("== %s: commit floor (update a row and insert a row, atomically)\n", name)
	if err := measure("commit-floor", o.maxRequests, func(_, i int) error {
		return expect(plain.PostForm(commitFloor+"/commit", url.Values{"id": {strconv.Itoa(i)}}))(http.StatusOK, "")
	}); err != nil {
		return nil, err
	}

	fmt.Printf("== %s: POST %s/check (send the application)\n", name, applyPath)
	var next atomic.Int64
	if err := measure("submission", len(residents), func(_, _ int) error {
		i := int(next.Add(1)) - 1
		if i >= len(residents) {
			return errNoMore
		}
		return residents[i].submit()
	}); err != nil {
		return nil, err
	}
	return out, nil
}
