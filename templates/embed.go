// Package templates holds the HTML templates, embedded in the binary and
// parsed once at start-up.
package templates

import "embed"

// FS holds the layout, partials and pages.
//
//go:embed layout.html partials pages
var FS embed.FS
