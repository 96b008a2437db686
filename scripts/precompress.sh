#!/usr/bin/env bash
# trunk post-build hook (Trunk.toml): next to each .wasm, .js, .css, .html and .svg of a release
# build, writes a .gz (gzip -9) and a .br (brotli q11) copy, for static hosts that serve
# precompressed files (nginx gzip_static/brotli_static, Caddy `precompressed`, ...). Hosts that
# compress on the fly, or not at all, ignore them. Debug builds (trunk serve) are left alone.
set -euo pipefail
[ "${TRUNK_PROFILE:-release}" = release ] || exit 0
dir="${TRUNK_STAGING_DIR:-${1:-dist}}"
have_brotli=1
command -v brotli >/dev/null 2>&1 || {
  have_brotli=0
  echo "precompress: brotli not found, writing .gz copies only (scripts/setup.sh installs it)" >&2
}
shopt -s nullglob
for f in "$dir"/*.wasm "$dir"/*.js "$dir"/*.css "$dir"/*.html "$dir"/*.svg; do
  gzip -9 -n -k -f "$f"
  [ "$have_brotli" = 0 ] || brotli -q 11 -k -f "$f"
done
