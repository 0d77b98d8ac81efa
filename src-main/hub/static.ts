/**
 * The web UI: the Vite-built renderer served at `/`. The folder is listed once when the hub
 * starts and requests are looked up in that list by exact path, so nothing from a URL ever
 * reaches the filesystem (no traversal to guard against). The page's own routes get index.html
 * (the page routes itself), never the API's, health's or metrics' paths: a typo in an API call
 * must stay a JSON 404, not a page.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context, Next } from 'koa';
import { AuxinError } from '../../src-shared/errors.js';

/** The page's policy: only its own scripts, styles and connections; never framed. */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "media-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Paths the page never answers for, whatever follows them. */
export function isReservedPath(urlPath: string): boolean {
  const p = urlPath.toLowerCase();
  return ['/api', '/health', '/metrics'].some(
    (r) => p === r || p.startsWith(`${r}/`) || p.startsWith(`${r}?`),
  );
}

/**
 * The page's own routes, which get index.html: `/`, `/activity`, `/settings` and
 * `/projects/{ns}/{name}`. An allowlist,
 * not "anything else": a mistyped or hostile path (`/../../etc/passwd`, a sync route a client
 * normalised away from `/api`) stays the API's JSON 404 or 401.
 */
export function isPagePath(urlPath: string): boolean {
  if (['/', '/activity', '/activity/', '/settings', '/settings/'].includes(urlPath)) return true;
  const m = /^\/projects\/([^/]+)\/([^/]+)\/?$/.exec(urlPath);
  if (!m) return false;
  return [m[1]!, m[2]!].every((seg) => {
    let name: string;
    try {
      name = decodeURIComponent(seg);
    } catch {
      return false;
    }
    return (
      name !== '.' &&
      name !== '..' &&
      !name.includes('/') &&
      !name.includes('\\') &&
      !name.includes('\0')
    );
  });
}

/** Where the built renderer is, found from this file: dist/src-main/hub → dist/renderer. */
export function defaultRendererDir(): string | null {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [
    // built: dist/src-main/hub/static.js, or a chunk of the bundled CLI, dist/cli/chunks/*.js
    path.resolve(here, '../../renderer'),
    path.resolve(here, '../../dist/renderer'), // from source (tests): src-main/hub/static.ts
  ];
  return candidates.find((d) => fs.existsSync(path.join(d, 'index.html'))) ?? null;
}

interface StaticFile {
  file: string;
  type: string;
  cache: string;
}

/** Every regular file under `root`, by URL path (`/assets/index-AbC123.js`). */
export function listFiles(root: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  const walk = (dir: string, prefix: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const url = `${prefix}/${entry.name}`;
      if (entry.isDirectory()) walk(full, url);
      else if (entry.isFile()) {
        const type = TYPES[path.extname(entry.name).toLowerCase()] ?? 'application/octet-stream';
        // Vite names what it builds under assets/ by content hash: such a name never changes meaning.
        const cache = url.startsWith('/assets/') ? IMMUTABLE : 'no-cache';
        files.set(url, { file: full, type, cache });
      }
    }
  };
  walk(root, '');
  return files;
}

/** Middleware answering GET and HEAD for the page; everything else goes on to the API. */
export function serveRenderer(root: string | null) {
  const files = root ? listFiles(root) : new Map<string, StaticFile>();
  const index = files.get('/index.html');
  return async function renderer(ctx: Context, next: Next): Promise<void> {
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || isReservedPath(ctx.path)) {
      return next();
    }
    let hit = files.get(ctx.path);
    // A missing asset is a 404, not the page: a stale tab asking for an old bundle must not get HTML.
    if (!hit && ctx.path.startsWith('/assets/')) {
      throw new AuxinError('NOT_FOUND', `no file ${ctx.path}`);
    }
    if (!hit && !isPagePath(ctx.path)) return next();
    hit ??= index;
    if (!hit) {
      ctx.status = 503;
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = 'The web UI is not built: run `npm run build`, then start the hub again.\n';
      return;
    }
    // Read whole: the built files are small, and Koa sends HEAD's headers without the body.
    const body = await fs.promises.readFile(hit.file).catch(() => null);
    if (!body) return next();
    ctx.set('Content-Security-Policy', PAGE_CSP);
    ctx.set('Cache-Control', hit.cache);
    ctx.type = hit.type;
    ctx.body = body;
  };
}
