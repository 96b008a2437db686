# Snowglobe: `make serve` builds and serves the playground; `make test` runs every test.
# Both install what is missing first (scripts/setup.sh).

SHELL := /bin/bash
PORT ?= 8080
export PATH := $(HOME)/.cargo/bin:$(PATH)
export CARGO_TERM_COLOR ?= never

.PHONY: serve test test-native test-crosscheck test-clients test-browser build-web lint bench measure

# Served from target/serve, never from dist/: what `trunk serve` writes is for this server only, and
# dist/ (the site to copy to a static host) comes from `trunk build --release` alone.
serve:
	./scripts/setup.sh
	@echo "Snowglobe will be served at http://127.0.0.1:$(PORT)/"
	trunk serve --release --no-autoreload --dist target/serve --address 127.0.0.1 --port $(PORT)

test:
	./scripts/setup.sh --test
	$(MAKE) test-native test-crosscheck test-clients build-web test-browser

test-native:
	cargo test --workspace

# `cargo test --no-run` builds target/debug/snowglobe with the same features as test-native, so
# after it this is a no-op rather than a second build of the dependencies.
test-crosscheck:
	cargo test --workspace --no-run
	python3 tests/crosscheck/crosscheck.py target/debug/snowglobe

# Real clients against `snowglobe serve`: the SQL API v2, the Python connector (5.x and 4.x), the
# seed's own generator script and dbt-snowflake (tests/clients).
test-clients:
	cargo test --workspace --no-run
	tests/clients/run.sh

build-web:
	trunk build --release

test-browser:
	cargo test --workspace --no-run
	SNOWGLOBE_BIN=target/debug/snowglobe node --test tests/e2e/

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p snowglobe-web --target wasm32-unknown-unknown -- -D warnings

bench:
	python3 -c 'import duckdb' 2>/dev/null || python3 -m pip install --quiet 'duckdb==1.4.4'
	cargo run --profile bench -p snowglobe-cli -- bench
	cmp -s tests/clients/requirements-fakesnow.txt .venv/fakesnow/requirements.txt || { \
	  rm -rf .venv/fakesnow && python3 -m venv .venv/fakesnow && \
	  .venv/fakesnow/bin/pip install --quiet --disable-pip-version-check -r tests/clients/requirements-fakesnow.txt && \
	  cp tests/clients/requirements-fakesnow.txt .venv/fakesnow/requirements.txt; }
	.venv/fakesnow/bin/python scripts/bench_servers.py target/release/snowglobe

# Size, start-up time, main-thread long tasks, the live pace and the benchmark's workload in the
# engine worker beside the native CLI (tests/perf/measure.mjs); builds dist/ first if it is missing.
measure:
	./scripts/setup.sh --browser
	[ -d tests/e2e/node_modules ] || npm ci --prefix tests/e2e --no-audit --no-fund --silent
	[ -f dist/index.html ] || trunk build --release
	cargo build --profile bench -p snowglobe-cli
	node tests/perf/measure.mjs --native target/release/snowglobe
