#!/usr/bin/env bash
# trunk post-build hook (Trunk.toml): next to each .wasm, .js, .css, .html and .svg of a release
# build, writes a .gz (zopfli, or gzip -9 without it) and a .br (brotli q11) copy, for static
# hosts that serve precompressed files (nginx gzip_static/brotli_static, Caddy `precompressed`,
# ...). Hosts that compress on the fly, or not at all, ignore them. Debug builds (trunk serve)
# are left alone.
set -euo pipefail
[ "${TRUNK_PROFILE:-release}" = release ] || exit 0
dir="${TRUNK_STAGING_DIR:-${1:-dist}}"
have_brotli=1
command -v brotli >/dev/null 2>&1 || {
  have_brotli=0
  echo "precompress: brotli not found, writing .gz copies only (scripts/setup.sh installs it)" >&2
}
gzip_to() { gzip -9 -n -c "$1" >"$1.gz"; }
# zopfli writes standard gzip streams, about 5% smaller than gzip -9's, at a slower compression.
if command -v zopfli >/dev/null 2>&1; then
  gzip_to() { zopfli -c "$1" >"$1.gz"; }
else
  echo "precompress: zopfli not found, writing .gz copies with gzip -9 (scripts/setup.sh installs it)" >&2
fi
shopt -s nullglob
for f in "$dir"/*.wasm "$dir"/*.js "$dir"/*.css "$dir"/*.html "$dir"/*.svg; do
  gzip_to "$f"
  [ "$have_brotli" = 0 ] || brotli -q 11 -k -f "$f"
done
