import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Store } from '../store/index.js';
import { checkAccess, checkExposure } from './access.js';
import { html, layout, type Page } from './html.js';
import { findingsPage } from './pages/findings.js';
import { heatmapPage } from './pages/heatmap.js';
import { overviewPage } from './pages/overview.js';
import { repositoryPage } from './pages/repository.js';
import { staticFile } from './static.js';

export interface Dashboard {
  url: string;
  close(): Promise<void>;
}

const notFound = (what: string): Page => ({ title: 'Not found', section: 'overview', body: html`<p>${what}</p><p><a href="/">Back to the overview</a></p>` });

/** Route a path to a page; a 404 page when nothing matches. Reads the store, writes nothing. */
export async function route(store: Store, pathname: string): Promise<{ status: number; page: Page }> {
  if (pathname === '/') return { status: 200, page: await overviewPage(store.monitor) };
  if (pathname === '/checks') return { status: 200, page: await heatmapPage(store.monitor) };
  const findings = /^\/findings(?:\/(reachable|unknown|not-reachable))?$/.exec(pathname);
  if (findings) return { status: 200, page: findingsPage(await store.records.latestReviews(), findings[1]) };
  const match = /^\/repo\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(pathname);
  if (match) {
    let parts: string[];
    try {
      parts = match.slice(1).map((part) => decodeURIComponent(part));
    } catch {
      return { status: 404, page: notFound('That repository name is not valid URL encoding.') };
    }
    const [platform, org, repo] = parts as [string, string, string];
    const page = await repositoryPage(store.monitor, { platform, org, repo });
    return page ? { status: 200, page } : { status: 404, page: notFound(`No scores recorded for ${org}/${repo}.`) };
  }
  return { status: 404, page: notFound(`There is no page at ${pathname}.`) };
}

/** Pages rendered ahead of visitors, when the server starts and after each recorded run. */
const WARM_PAGES = ['/', '/checks'];
/** How often the server looks for a run recorded by another process (one small query). */
const WARM_INTERVAL_MS = 2000;

type Rendered = { status: number; body: string };

/**
 * Rendered pages keyed by path and the store's version: pages change only when a run is recorded,
 * so a repeated visit costs one small query. Concurrent visits to the same page share one render
 * (200 visitors at once cost one render, not 200). The findings page reads another table and is
 * not cached.
 */
function pageCache(store: Store): (pathname: string) => Promise<Rendered> {
  let version = '';
  const pages = new Map<string, Promise<Rendered>>();
  return async (pathname) => {
    const now = await store.monitor.version();
    if (now !== version) {
      pages.clear();
      version = now;
    }
    const cached = pages.get(pathname);
    if (cached) return cached;
    const rendering = route(store, pathname).then(({ status, page }) => ({ status, body: layout(page) }));
    if (!pathname.startsWith('/findings') && pages.size < 500) {
      pages.set(pathname, rendering);
      rendering.catch(() => pages.delete(pathname));
    }
    return rendering;
  };
}

const SECURITY_HEADERS = { 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'", 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'x-frame-options': 'DENY' };

/**
 * Serve the dashboard over the store: read-only, GET only, bound to loopback unless told
 * otherwise, and then only with a token (`checkExposure`).
 */
export async function startDashboard(store: Store, options: { host?: string; port?: number; token?: string } = {}): Promise<Dashboard> {
  const host = options.host ?? '127.0.0.1';
  checkExposure(host, options.token);
  const render = pageCache(store);
  // The overview of 1,000 repositories takes ~0.2 s to render from the store: do it before the
  // first visitor comes, and again soon after `vigil monitor run` records, so visits hit the cache.
  const warm = () => Promise.all(WARM_PAGES.map((pathname) => render(pathname)));
  await warm().catch(() => undefined);
  // A failure in the background (a store busy with a run) must not stop the server: the next
  // visit renders the page itself and reports the error there.
  const warming = setInterval(() => void warm().catch(() => undefined), WARM_INTERVAL_MS);
  warming.unref();
  const server: Server = createServer((request, response) => {
    void (async () => {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        response.writeHead(405, { allow: 'GET, HEAD' }).end();
        return;
      }
      let url: URL;
      try {
        url = new URL(request.url ?? '/', 'http://localhost');
      } catch {
        response.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('bad request');
        return;
      }
      const access = checkAccess(request, url, options.token);
      if (!access.ok) {
        response.writeHead(401, { 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Bearer', ...SECURITY_HEADERS }).end('this dashboard needs its token: send "Authorization: Bearer <token>" or open /?token=<token>');
        return;
      }
      if (access.setCookie) {
        url.searchParams.delete('token');
        response.writeHead(303, { 'set-cookie': access.setCookie, location: url.pathname + url.search, ...SECURITY_HEADERS }).end();
        return;
      }
      if (url.pathname === '/favicon.ico') {
        response.writeHead(301, { location: '/static/favicon.svg' }).end();
        return;
      }
      if (url.pathname === '/robots.txt' || url.pathname.startsWith('/static/')) {
        const file = await staticFile(url.pathname === '/robots.txt' ? 'robots.txt' : url.pathname.slice('/static/'.length));
        if (!file) response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS }).end('not found');
        else response.writeHead(200, { 'content-type': file.type, 'cache-control': 'max-age=3600', ...SECURITY_HEADERS }).end(request.method === 'HEAD' ? undefined : file.body);
        return;
      }
      const { status, body } = await render(url.pathname);
      response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...SECURITY_HEADERS });
      response.end(request.method === 'HEAD' ? undefined : body);
    })().catch((error: unknown) => {
      // The message may quote the store's location: never the token, and never a stack to a visitor.
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(`internal error: ${(error as Error).message}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8080, host, resolve);
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shown}:${address.port}`,
    close: () => {
      clearInterval(warming);
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
