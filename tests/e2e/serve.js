// A static server for the built dist/ under a sub-path, shared by the browser tests and
// tests/perf/measure.mjs. Only 127.0.0.1 and an ephemeral port; everything outside the sub-path is 404.

import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = path.join(ROOT, 'dist');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

/**
 * Serves DIST at `base` (which ends in '/'). With `precompressed`, a file's `.br` or `.gz` copy is
 * sent instead when the request accepts that encoding, as static hosts with that option do.
 * Resolves to the listening http.Server; its 'request' event sees every request.
 */
export function serveDist(base = '/snowglobe/', { precompressed = false } = {}) {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname === base.slice(0, -1)) {
      res.writeHead(301, { Location: base });
      return res.end();
    }
    if (!url.pathname.startsWith(base)) {
      res.writeHead(404);
      return res.end('not found');
    }
    const rel = decodeURIComponent(url.pathname.slice(base.length)) || 'index.html';
    const file = path.resolve(DIST, rel);
    if (!file.startsWith(DIST + path.sep)) {
      res.writeHead(403);
      return res.end('forbidden');
    }
    const headers = {
      'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream',
      'Cache-Control': 'no-store',
    };
    const accepts = String(req.headers['accept-encoding'] || '');
    const candidates = [];
    if (precompressed && /\bbr\b/.test(accepts)) candidates.push(['.br', 'br']);
    if (precompressed && /\bgzip\b/.test(accepts)) candidates.push(['.gz', 'gzip']);
    candidates.push(['', null]);
    for (const [suffix, encoding] of candidates) {
      try {
        const body = await readFile(file + suffix);
        if (encoding) {
          headers['Content-Encoding'] = encoding;
          headers.Vary = 'Accept-Encoding';
        }
        res.writeHead(200, headers);
        return res.end(body);
      } catch {
        // next candidate
      }
    }
    res.writeHead(404);
    res.end('not found');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
