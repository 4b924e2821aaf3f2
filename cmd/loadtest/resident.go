package main

import (
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"anchorpathways/internal/store"
)

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

// The load test's mobiles: 07700 9xxxxx from firstNumber, below 100000.
const (
	firstNumber  = 10_000
	maxResidents = 100_000 - firstNumber
)

// submit is the measured request: "send application".
func (r *resident) submit() error {
	return r.post(applyPath+"/check", url.Values{}, applyPath+"/confirmation")
}

// prepare takes o.residents residents, o.clients at a time, up to "check your
// answers"; each has a mobile number of its own from 07700 910000 up, clear
// of the demo residents' 07700 900xxx (Ofcom's drama numbers), whose
// applications would send a load-test resident to "already applied". No
// text leaves the machine: the portal under test has the outbox only.
func prepare(o options, transport http.RoundTripper, base string, codeFor func(string) (string, error)) ([]*resident, error) {
	if o.residents > maxResidents {
		return nil, fmt.Errorf("-residents: at most %d unique 07700 9xxxxx numbers above the demo's", maxResidents)
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
				if err := r.journey(fmt.Sprintf("07700 9%05d", firstNumber+i)); err != nil {
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
