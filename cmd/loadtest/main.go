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
	"flag"
	"fmt"
	"os"
	"runtime"
	"time"
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
