// Package static holds the portal's built front-end files and serves them
// under content-hash URLs.
package static

import "embed"

// FS holds dist/: the compiled CSS (built by `make assets`) and a .gitkeep so
// that the embed pattern matches on a fresh clone before any build.
//
//go:embed all:dist
var FS embed.FS
