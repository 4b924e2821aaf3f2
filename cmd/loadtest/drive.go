package main

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime/pprof"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

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
