import { lstat, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** The dashboard's static files, beside this module (copied to dist/ by scripts/copy-assets.mjs). */
const ROOT = fileURLToPath(new URL('./static/', import.meta.url));

const TYPES: Record<string, string> = { svg: 'image/svg+xml', txt: 'text/plain; charset=utf-8', css: 'text/css; charset=utf-8' };

/**
 * A static file by name; null for anything that is not a plain file directly in static/. Names are
 * checked after decoding: one segment of letters, digits, dots, dashes and underscores, not
 * starting with a dot, so `..`, `%2e%2e%2f`, backslashes, NUL and absolute paths never reach the
 * file system; a symbolic link is refused too (lstat), so nothing outside static/ is served.
 */
export async function staticFile(name: string): Promise<{ type: string; body: Buffer } | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(name);
  } catch {
    return null;
  }
  if (!/^[A-Za-z0-9_-][A-Za-z0-9._-]*$/.test(decoded) || decoded.includes('..')) return null;
  const type = TYPES[decoded.split('.').pop() ?? ''];
  if (!type) return null;
  const path = ROOT + decoded;
  try {
    const stat = await lstat(path);
    if (!stat.isFile()) return null;
    return { type, body: await readFile(path) };
  } catch {
    return null;
  }
}
