# Anchor Pathways: the README's two commands are `make run` and `make test`.
# Works from a fresh clone: Go, Node.js/npm and (for browser tests) Chromium
# are the only prerequisites; .ci/run installs Chromium and starts PostgreSQL.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := test

# The PostgreSQL that the Go tests also use when it answers (see `test`).
PG_TEST_URL := postgres://postgres@127.0.0.1:5432/test?sslmode=disable

.PHONY: assets run test bench load

# npm writes node_modules/.package-lock.json on every install, so it is older
# than package-lock.json exactly when node_modules is stale (or missing).
node_modules/.package-lock.json: package-lock.json package.json
	npm ci --no-audit --no-fund
	@touch $@

## assets: install the pinned front-end packages if needed, then build static/dist/app.css
assets: node_modules/.package-lock.json
	npm run build
	@echo "static/dist/app.css: $$(wc -c < static/dist/app.css) bytes, $$(gzip -9 -c static/dist/app.css | wc -c) gzipped"

## run: build the assets and start the portal with demo data
run: assets
	go run ./cmd/portal -demo

## test: gofmt, go vet and every test (on SQLite, and on PostgreSQL when it answers)
test: assets
	@echo "== gofmt"
	@unformatted="$$(find . -name '*.go' -not -path './node_modules/*' -not -path './.git/*' -print0 | xargs -0 gofmt -l)"; \
	if [ -n "$$unformatted" ]; then echo "gofmt -l lists files to format (run gofmt -w):"; echo "$$unformatted"; exit 1; fi
	@echo "== go vet"
	go vet ./...
	@echo "== go test"
	@if [ -z "$${TEST_DATABASE_URL:-}" ] && command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; then \
		export TEST_DATABASE_URL='$(PG_TEST_URL)'; \
	fi; \
	if [ -n "$${TEST_DATABASE_URL:-}" ]; then echo "PostgreSQL tests on: $$TEST_DATABASE_URL"; \
	else echo "PostgreSQL tests off: no TEST_DATABASE_URL and no server on 127.0.0.1:5432"; fi; \
	go test -race -count=1 -timeout 45m ./...

## bench: run the Go benchmarks (no tests), on SQLite and (when it answers)
## PostgreSQL: the store's hot use cases and the pathway page against a bare
## handler. They report; they assert no timing.
bench: assets
	@if [ -z "$${TEST_DATABASE_URL:-}" ] && command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; then \
		export TEST_DATABASE_URL='$(PG_TEST_URL)'; \
	fi; \
	go test -run='^$$' -bench=. -benchmem ./...

## load: the load tool (cmd/loadtest): pathway page and submission as ratios to a
## bare echo handler, on SQLite and (when it answers) PostgreSQL. LOADFLAGS adds flags.
load: assets
	@if [ -z "$${TEST_DATABASE_URL:-}" ] && command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; then \
		export TEST_DATABASE_URL='$(PG_TEST_URL)'; \
	fi; \
	go run ./cmd/loadtest $(LOADFLAGS)
