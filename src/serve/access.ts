import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { UsageError } from '../errors.js';

/** 127.0.0.0/8, ::1 and `localhost`: the only hosts the dashboard binds to without a token. */
export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  const bare = host.replace(/^\[|\]$/g, '');
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1' || /^::ffff:127\./i.test(bare);
  return false;
}

/**
 * The store is not meant for the internet: binding anywhere but loopback needs a token (at least
 * 16 characters, so it is not a guessable word). Checked before the server starts.
 */
export function checkExposure(host: string, token: string | undefined): void {
  if (isLoopback(host)) return;
  if (!token) throw new UsageError(`--host ${host} would expose the dashboard beyond this machine: set a token in VIGIL_SERVE_TOKEN (visitors send it as "Authorization: Bearer <token>" or open /?token=<token> once)`);
  if (token.length < 16) throw new UsageError('VIGIL_SERVE_TOKEN is too short: use at least 16 characters (e.g. `openssl rand -hex 16`)');
}

const COOKIE = 'vigil_token';
const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** Equal without leaking where they differ (both sides hashed to one length first). */
function same(given: string, token: string): boolean {
  return timingSafeEqual(digest(given), digest(token));
}

export type Access = { ok: true; setCookie?: string } | { ok: false };

/**
 * Does the request carry the token? A bearer header (scripts), the cookie (browsers), or
 * `?token=` once, which the server turns into an HttpOnly, SameSite=Strict cookie and a redirect
 * so the token leaves the address bar.
 */
export function checkAccess(request: IncomingMessage, url: URL, token: string | undefined): Access {
  if (!token) return { ok: true };
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ') && same(header.slice(7).trim(), token)) return { ok: true };
  const cookie = (request.headers.cookie ?? '').split(';').map((part) => part.trim()).find((part) => part.startsWith(`${COOKIE}=`));
  if (cookie && same(decodeURIComponent(cookie.slice(COOKIE.length + 1)), token)) return { ok: true };
  const query = url.searchParams.get('token');
  if (query !== null && same(query, token)) return { ok: true, setCookie: `${COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/` };
  return { ok: false };
}
