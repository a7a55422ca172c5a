import * as semver from '../../util/semver.js';

/**
 * pnpm's dependency paths (the keys of `packages`/`snapshots` and the references that point at
 * them), read the way pnpm's own `dependency-path` package reads them:
 * - lockfile 5.x (`dependency-path` 9): `/name/1.0.0_peer@2`, relative to the default registry,
 *   or "absolute" with a host first: `registry.npmjs.org/foo/1.1.0`, `example.com/foo/1.3.0_bar@2.0.0`,
 *   `github.com/owner/repo/<commit>`, `@registry.npmjs.org/foo/-/foo-1.0.0.tgz` (a tarball);
 * - lockfile 6.x (`@pnpm/dependency-path` 2): `/name@1.0.0(peer@2)`, which pnpm 8 turned back
 *   into the 5.x form before reading (`convertLockfileV6DepPathToV5DepPath`);
 * - lockfile 9.x (`@pnpm/dependency-path` 1001): `name@1.0.0(peer@2)(patch_hash=…)`,
 *   `name@https://…tgz`, `name@file:../x`.
 * A key that gives no name is not guessed at: the entry's own `name`/`version` fields (pnpm writes
 * them for every non-registry package) or an error.
 */
export interface DepPath {
  /** The registry host of a 5.x/6.x "absolute" path, or the host part of a tarball/git path. */
  host?: string;
  name?: string;
  /** A valid semver version; absent when the key holds a URL, a commit or nothing usable. */
  version?: string;
  /** The non-version part after the name (`https://…tgz`, `file:../x`), 9.x only. */
  reference?: string;
}

/** Where the peer (and patch) suffix of a 6.x/9.x path starts, balancing parentheses from the end. */
export function indexOfSuffix(path: string): number {
  if (!path.endsWith(')')) return -1;
  let open = 1;
  for (let index = path.length - 2; index >= 0; index--) {
    const char = path[index];
    if (char === '(') open--;
    else if (char === ')') open++;
    else if (open === 0) return index + 1;
  }
  return -1;
}

/** `/name@1.0.0(peer@2)` (6.x) → `/name/1.0.0(peer@2)` (5.x), as pnpm 8 converted it on reading. */
export function v6ToV5(path: string): string {
  if (!path.includes('@', 2) || path.startsWith('file:')) return path;
  const at = path.indexOf('@', path.indexOf('/@') + 2);
  const suffix = indexOfSuffix(path);
  if (path.includes('(') && suffix !== -1 && at > suffix) return path;
  return `${path.slice(0, at)}/${path.slice(at + 1)}`;
}

/** A 5.x path (or a 6.x path after `v6ToV5`). */
export function parseV5(path: string): DepPath | null {
  const relative = path.startsWith('/');
  const parts = path.split('/');
  if (relative) parts.shift();
  const host = relative ? undefined : parts.shift();
  const result: DepPath = host === undefined ? {} : { host };
  if (parts.length === 0 || parts[0] === '') return relative ? null : result;
  const first = parts.shift() ?? '';
  const name = first.startsWith('@') ? `${first}/${parts.shift() ?? ''}` : first;
  let version = parts.join('/');
  const paren = version.includes('(') && version.endsWith(')') ? version.indexOf('(') : -1;
  if (paren !== -1) version = version.slice(0, paren);
  else if (version.includes('_')) version = version.slice(0, version.indexOf('_'));
  if (version !== '' && semver.valid(version) !== null) return { ...result, name, version };
  // `/foo/bar`: pnpm throws "invalid relative dependency path"; an absolute one is a URL or git path.
  return relative ? null : result;
}

/** A 9.x path: the name up to the first `@` after the first character, then version or reference. */
export function parseV9(path: string): DepPath | null {
  const at = path.indexOf('@', 1);
  if (at === -1 || at === path.length - 1) return null;
  const name = path.slice(0, at);
  let rest = path.slice(at + 1);
  const suffix = indexOfSuffix(rest);
  if (suffix !== -1) rest = rest.slice(0, suffix);
  return semver.valid(rest) !== null ? { name, version: rest } : { name, reference: rest };
}

/**
 * The key a dependency reference points at, or null for `link:` (a link, not a locked package).
 * 5.x/6.x: a bare version means `/name/version`, anything with a `/` is a path of its own;
 * 9.x: a bare version means `name@version`, a reference that starts with a name is a path (aliases).
 */
export function refToKey(reference: string, name: string, major: number): string | null {
  if (reference.startsWith('link:')) return null;
  if (major >= 9) {
    if (reference.startsWith('@')) return reference;
    const at = reference.indexOf('@');
    if (at === -1) return `${name}@${reference}`;
    const colon = reference.indexOf(':');
    const paren = reference.indexOf('(');
    return (colon === -1 || at < colon) && (paren === -1 || at < paren) ? reference : `${name}@${reference}`;
  }
  const ref = major >= 6 ? v6ToV5(reference) : reference;
  if (ref.startsWith('file:')) return ref;
  const paren = ref.indexOf('(');
  if (!ref.includes('/') || (paren !== -1 && ref.lastIndexOf('/', paren) === -1)) return `/${name}/${ref}`;
  return ref;
}

/** The key in the form `refToKey` produces: 6.x keys turned into 5.x, others as written. */
export function normaliseKey(key: string, major: number): string {
  return major >= 6 && major < 9 ? v6ToV5(key) : key;
}
