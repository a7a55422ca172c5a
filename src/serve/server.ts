import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MonitorStore } from '../monitor/store.js';
import { latestReviewSnapshots } from './findings.js';
import { html, layout, type Page } from './html.js';
import { findingsPage } from './pages/findings.js';
import { heatmapPage } from './pages/heatmap.js';
import { overviewPage } from './pages/overview.js';
import { repositoryPage } from './pages/repository.js';

export interface Dashboard {
  url: string;
  close(): Promise<void>;
}

const notFound = (what: string): Page => ({ title: 'Not found', section: 'overview', body: html`<p>${what}</p><p><a href="/">Back to the overview</a></p>` });

/** Route a path to a page; null for a 404. Pure apart from reading the store. */
export function route(store: MonitorStore, pathname: string): { status: number; page: Page } {
  if (pathname === '/') return { status: 200, page: overviewPage(store) };
  if (pathname === '/checks') return { status: 200, page: heatmapPage(store) };
  const findings = /^\/findings(?:\/(reachable|unknown|not-reachable))?$/.exec(pathname);
  if (findings) return { status: 200, page: findingsPage(latestReviewSnapshots(store.connection()), findings[1]) };
  const match = /^\/repo\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(pathname);
  if (match) {
    const [platform, org, repo] = match.slice(1).map((part) => decodeURIComponent(part)) as [string, string, string];
    const page = repositoryPage(store, { platform, org, repo });
    return page ? { status: 200, page } : { status: 404, page: notFound(`No scores recorded for ${org}/${repo}.`) };
  }
  return { status: 404, page: notFound(`There is no page at ${pathname}.`) };
}

/** Pages rendered ahead of visitors, when the server starts and after each recorded run. */
const WARM_PAGES = ['/', '/checks'];
/** How often the server looks for a run recorded by another process (one small query). */
const WARM_INTERVAL_MS = 2000;

/**
 * Rendered pages keyed by path and the store's version: pages change only when a run is recorded,
 * so a repeated visit costs one small query. The findings page reads another table and is not cached.
 */
function pageCache(store: MonitorStore): (pathname: string) => { status: number; body: string } {
  let version = '';
  const pages = new Map<string, { status: number; body: string }>();
  return (pathname) => {
    const now = store.version();
    if (now !== version) {
      pages.clear();
      version = now;
    }
    const cached = pages.get(pathname);
    if (cached) return cached;
    const { status, page } = route(store, pathname);
    const rendered = { status, body: layout(page) };
    if (!pathname.startsWith('/findings') && pages.size < 500) pages.set(pathname, rendered);
    return rendered;
  };
}

/** Serve the dashboard over the store; read-only, GET only, bound to localhost unless told otherwise. */
export async function startDashboard(store: MonitorStore, options: { host?: string; port?: number } = {}): Promise<Dashboard> {
  const render = pageCache(store);
  // The overview of 1,000 repositories takes ~0.2 s to render from the store: do it before the
  // first visitor comes, and again soon after `vigil monitor run` records, so visits hit the cache.
  const warm = () => WARM_PAGES.forEach((pathname) => render(pathname));
  warm();
  // A failure in the background (a store busy with a run) must not stop the server: the next
  // visit renders the page itself and reports the error there.
  const warming = setInterval(() => {
    try {
      warm();
    } catch {
      /* retried on the next tick or by the visit */
    }
  }, WARM_INTERVAL_MS);
  warming.unref();
  const server: Server = createServer((request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (request.url === '/favicon.ico') {
      response.writeHead(204).end();
      return;
    }
    try {
      const { status, body } = render(new URL(request.url ?? '/', 'http://localhost').pathname);
      response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'", 'x-content-type-options': 'nosniff' });
      response.end(request.method === 'HEAD' ? undefined : body);
    } catch (error) {
      response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(`internal error: ${(error as Error).message}`);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8080, options.host ?? '127.0.0.1', resolve);
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    close: () => {
      clearInterval(warming);
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
