#!/usr/bin/env bash
# Installs what building and testing Snowglobe needs, skipping what is already there:
# the wasm32 target, trunk 0.21.14, wasm-bindgen-cli matching Cargo.lock, wasm-opt (binaryen), brotli
# and zopfli (for the build's precompressed copies),
# Chromium + chromedriver (with --browser), DuckDB for Python, the e2e test's npm packages and the client
# tests' Python environments (with --test).
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=0
want_test=0
for a in "$@"; do
  case "$a" in
    --browser) want_browser=1 ;;
    --test) want_test=1; want_browser=1 ;;
    *) echo "setup.sh: unknown option $a" >&2; exit 2 ;;
  esac
done

have() { command -v "$1" >/dev/null 2>&1; }
say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
export PATH="$HOME/.cargo/bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q '0.21.14'; then
  say "installing trunk 0.21.14 (takes 10-20 minutes on 2 cores)"
  cargo install trunk --version 0.21.14 --locked
fi

wbg=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -q " $wbg\$"; then
  say "installing wasm-bindgen-cli $wbg (matches Cargo.lock)"
  cargo install wasm-bindgen-cli --version "$wbg"
fi

apt_packages=()
have wasm-opt || apt_packages+=(binaryen)
have brotli || apt_packages+=(brotli)
have zopfli || apt_packages+=(zopfli)
if [ "$want_browser" = 1 ]; then
  have chromium || apt_packages+=(chromium)
  have chromedriver || apt_packages+=(chromium-driver)
fi
if [ "${#apt_packages[@]}" -gt 0 ]; then
  say "installing Debian packages: ${apt_packages[*]}"
  sudo_cmd=()
  [ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${apt_packages[@]}" >/dev/null
fi

if [ "$want_test" = 1 ]; then
  if ! python3 -c 'import duckdb' 2>/dev/null; then
    say "installing DuckDB for Python (the independent engine the tests compare with)"
    python3 -m pip install --quiet 'duckdb==1.4.4'
  fi
  # The client tests' Python packages, pinned, in two virtual environments: the Python connector's
  # current major version (5.x) with DuckDB, and dbt-snowflake with the last 4.x connector it allows.
  for env in connector5 dbt; do
    want=tests/clients/requirements-$env.txt
    if ! cmp -s "$want" ".venv/$env/requirements.txt" 2>/dev/null; then
      say "installing the $env client environment (.venv/$env)"
      rm -rf ".venv/$env"
      python3 -m venv ".venv/$env"
      ".venv/$env/bin/pip" install --quiet --disable-pip-version-check -r "$want"
      cp "$want" ".venv/$env/requirements.txt"
    fi
  done
  if [ ! -d tests/e2e/node_modules ]; then
    say "installing the browser test's npm packages"
    npm ci --prefix tests/e2e --no-audit --no-fund --silent
  fi
fi
say "tools ready"
