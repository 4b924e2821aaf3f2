package main

import (
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"anchorpathways/internal/database/dbtest"
)

// TestCommitFloorWrites proves the commit floor measures real writes: each
// POST updates its row and adds one log row, on every test database.
func TestCommitFloorWrites(t *testing.T) {
	for _, n := range dbtest.All(t) {
		t.Run(n.Name, func(t *testing.T) {
			base, stop, err := floorCommit(context.Background(), n.DB)
			if err != nil {
				t.Fatal(err)
			}
			defer stop()
			for _, id := range []int{7, 7, floorRows + 8} {
				if err := expect(http.PostForm(base+"/commit", url.Values{"id": {strconv.Itoa(id)}}))(http.StatusOK, ""); err != nil {
					t.Fatal(err)
				}
			}
			var logged, seven, eight int64
			n.DB.Raw("SELECT count(*) FROM loadtest_floor_log").Scan(&logged)
			n.DB.Raw("SELECT n FROM loadtest_floor_rows WHERE id = 7").Scan(&seven)
			n.DB.Raw("SELECT n FROM loadtest_floor_rows WHERE id = 8").Scan(&eight)
			if logged != 3 || seven != 2 || eight != 1 {
				t.Fatalf("log rows %d, row 7 n=%d, row 8 n=%d; want 3, 2, 1", logged, seven, eight)
			}
		})
	}
}

// TestPageFloorServesThePage proves the page floor serves the bytes it was
// given, compressed when asked.
func TestPageFloorServesThePage(t *testing.T) {
	page := bareEcho()
	page.GET("/p", func(c echo.Context) error { return c.HTML(http.StatusOK, strings.Repeat("<p>pathway</p>", 200)) })
	src, stopSrc, err := serve(page)
	if err != nil {
		t.Fatal(err)
	}
	defer stopSrc()
	base, stop, err := floorPage(http.DefaultClient, src+"/p")
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	req, _ := http.NewRequest(http.MethodGet, base+"/page", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	res, err := (&http.Transport{}).RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	zr, err := gzip.NewReader(res.Body)
	if err != nil {
		t.Fatalf("not gzipped: %v", err)
	}
	body, _ := io.ReadAll(zr)
	if string(body) != strings.Repeat("<p>pathway</p>", 200) {
		t.Fatalf("page floor served %d bytes that are not the page", len(body))
	}
}
