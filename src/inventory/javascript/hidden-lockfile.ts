import { existsSync, readdirSync, readlinkSync, statSync, type Dirent } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { readInputTextSync } from '../../util/read-input.js';

/**
 * npm's hidden lockfile, `node_modules/.package-lock.json`: npm writes it after every install and
 * reads an installed tree from it instead of every package.json, when it is still true of the
 * folders (@npmcli/arborist, load-actual.js `Shrinkwrap.load({ hiddenLockfile: true })`, then
 * loadVirtual). The rule is shrinkwrap.js's `assertNoNewer`, followed step by step here (#15):
 *
 * - from the tree's directory, walk `node_modules`; in a node_modules or `@scope` folder every
 *   child directory whose name does not start with `.` is walked (`.bin`, `.cache`, `.store` are
 *   not), in a package folder its own `node_modules`; a symbolic link is followed to its target
 *   when that is a directory not seen yet (links to folders outside node_modules included);
 * - every folder walked (node_modules, scope, package) must have an mtime not later than the
 *   lockfile's + 10 ms, and every package folder must be an entry of `packages`;
 * - npm 11 (arborist 9) also walks the folders only the lockfile names: `.store/<key>/node_modules`
 *   of the linked install strategy, and workspace folders no link in node_modules points at;
 * - every entry of `packages` must have been seen (an entry whose folder is gone rejects it).
 *
 * Anything else (no file, unreadable, not JSON, no `packages`) and npm reads the folders.
 */

/** A hidden lockfile npm would use. Locations are relative to `dir`, POSIX, as in the lockfile. */
export interface HiddenLockfile {
  /** The tree's directory, relative to the scanned root (`.`). */
  dir: string;
  /** The lockfile's `packages`: location → entry. */
  packages: Record<string, Record<string, unknown>>;
  /** Every symbolic link the walk met (location → its target's location). */
  links: Map<string, string>;
  /** Folders named `.pnpm` met under node_modules: a pnpm store npm's walk does not look into. */
  pnpmStore: boolean;
}

export type HiddenLockfileResult = { lockfile: HiddenLockfile } | { reason: string };

/**
 * A time as npm compares it: the Date of `stat().mtime`, which Node makes from mtimeMs rounded to
 * whole milliseconds (internal/fs/utils.js `dateFromMs`). Read from mtimeMs: building the Date cost
 * ~2 µs a folder on Node 22.
 */
const wholeMs = (mtimeMs: number): number => Math.round(mtimeMs);

/** npm's tolerance: "add a few ms just to account for jitter". */
const JITTER_MS = 10;

/** `node_modules/.package-lock.json` of the tree at `absoluteDir`, if npm would read the tree from it; null when there is none. */
export function loadHiddenLockfile(absoluteDir: string, dir: string): HiddenLockfileResult | null {
  const file = join(absoluteDir, 'node_modules', '.package-lock.json');
  const stats = statSync(file, { throwIfNoEntry: false });
  if (stats === undefined) return null;
  let data: unknown;
  try {
    const text = readInputTextSync(file, { kind: 'lockfile' });
    // npm reads an empty file as no lockfile at all.
    if (text === '') return { reason: 'it is empty' };
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    return { reason: `it cannot be read: ${(error as Error).message}` };
  }
  const packages = isRecord(data) ? data.packages : undefined;
  // npm would use a hidden lockfile without `packages` unchecked (it has not written one since npm 7): read the folders.
  if (!isRecord(packages)) return { reason: 'it has no "packages" (not written by npm 7 or later)' };
  // npm's own reading fails on a null entry (and makes nonsense of other non-objects): read the folders.
  const odd = Object.keys(packages).find((location) => !isRecord(packages[location]));
  if (odd !== undefined) return { reason: `its entry ${JSON.stringify(odd)} is not an object` };
  const lockTime = wholeMs(stats.mtimeMs) + JITTER_MS;
  const found = checkNoNewer(absoluteDir, packages, lockTime);
  if (typeof found === 'string') return { reason: found };
  return { lockfile: { dir, packages: packages as Record<string, Record<string, unknown>>, links: found.links, pnpmStore: found.pnpmStore } };
}

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

const relpath = (from: string, to: string): string => relative(from, to).replace(/\\/g, '/');

/** assertNoNewer: npm's message when a folder breaks the rule, else the links and store folders met. */
function checkNoNewer(path: string, packages: Record<string, unknown>, lockTime: number): string | { links: Map<string, string>; pnpmStore: boolean } {
  const seen = new Set<string>(['']);
  const links = new Map<string, string>();
  let pnpmStore = false;
  // Paths are built by joining names (`dir` absolute and normalised, `rel` its location), not with
  // path.resolve/relative per folder; readdir of a package's `node_modules` is asked only when it
  // exists (most packages have none, and each ENOENT error thrown and caught costs a stack trace).
  // Folders are walked one at a time where npm walks them concurrently: the verdict is the same,
  // and when several folders break the rule, the one named may differ from npm's.
  const walk = (dir: string, rel: string, base: string): string | null => {
    const isNM = base === 'node_modules';
    const isScope = base.startsWith('@');
    seen.add(rel);
    let stats;
    try {
      stats = statSync(dir);
    } catch (error) {
      return (error as Error).message;
    }
    if (wholeMs(stats.mtimeMs) > lockTime) return `out of date, updated: ${rel}`;
    if (!isScope && !isNM && !packages[rel]) return `missing from lockfile: ${rel}`;
    const parent = isNM || isScope ? dir : `${dir}/node_modules`;
    let entries: Dirent[] = [];
    try {
      if (parent === dir || existsSync(parent)) entries = readdirSync(parent, { withFileTypes: true });
    } catch {
      // npm: readdir(...).catch(() => [])
    }
    if (entries.length === 0) return null;
    const parentRel = isNM || isScope ? rel : `${rel}/node_modules`;
    for (const dirent of entries) {
      const name = dirent.name;
      if (name === '.pnpm') pnpmStore = true;
      if (dirent.isDirectory() && !name.startsWith('.')) {
        const failed = walk(`${parent}/${name}`, parentRel === '' ? name : `${parentRel}/${name}`, name);
        if (failed !== null) return failed;
      } else if (dirent.isSymbolicLink()) {
        const child = `${parent}/${name}`;
        const childRel = parentRel === '' ? name : `${parentRel}/${name}`;
        let target: string;
        try {
          target = resolve(parent, readlinkSync(child));
        } catch (error) {
          return (error as Error).message;
        }
        let isDirectory = false;
        try {
          isDirectory = statSync(target).isDirectory();
        } catch {
          // a dangling link (or a loop): npm follows it no further
        }
        const targetRel = relpath(path, target);
        links.set(childRel, targetRel);
        seen.add(childRel);
        if (isDirectory && !seen.has(targetRel)) {
          const failed = walk(target, targetRel, basename(target));
          if (failed !== null) return failed;
        }
      }
    }
    return null;
  };
  const root = resolve(path);
  const failed = walk(`${root === '/' ? '' : root}/node_modules`, 'node_modules', 'node_modules') ?? walkLockfileOnlyFolders(root, packages, seen, (dir) => walk(dir, relpath(root, dir), basename(dir)));
  if (failed !== null) return failed;
  for (const location of Object.keys(packages)) if (!seen.has(location)) return `missing from node_modules: ${location}`;
  return { links, pnpmStore };
}

/**
 * npm 11: folders the walk above cannot reach, named by the lockfile: a store package's siblings
 * under `.store/<key>/node_modules` (linked strategy), and workspaces no link points at. A folder
 * that is a link's target was reached through the link (or, the link being stale, stays unseen).
 */
function walkLockfileOnlyFolders(path: string, packages: Record<string, unknown>, seen: Set<string>, walk: (dir: string) => string | null): string | null {
  const linkTargets = new Set<string>();
  for (const entry of Object.values(packages)) {
    if (isRecord(entry) && entry.link && typeof entry.resolved === 'string' && entry.resolved !== '') linkTargets.add(entry.resolved.replace(/\\/g, '/'));
  }
  const extraDirs = new Set<string>();
  for (const location of Object.keys(packages)) {
    // Most entries are `node_modules/…`: no store, and a root in node_modules (the tests below, without regular expressions).
    if (location.startsWith('node_modules/')) {
      if (!location.includes('/.store/')) continue;
    } else if (location === '' || location === 'node_modules') continue;
    const store = /^(.*\/\.store\/.+?)\/node_modules\//.exec(location);
    if (store?.[1] !== undefined) {
      seen.add(store[1]);
      extraDirs.add(`${store[1]}/node_modules`);
      continue;
    }
    const index = location.indexOf('/node_modules/');
    const root = index === -1 ? location : location.slice(0, index);
    if (root !== '' && !/(^|\/)node_modules(\/|$)/.test(root) && !linkTargets.has(root)) extraDirs.add(root);
  }
  for (const rel of extraDirs) {
    const failed = walk(resolve(path, rel));
    if (failed !== null) return failed;
  }
  return null;
}

/**
 * The entry of an installed package (`location` relative to the scanned root, as listed) in a
 * hidden lockfile, following links (`node_modules/ws` → `packages/ws`, and what is below it) to
 * the folder npm recorded; null when the lockfile does not hold it.
 */
export function entryFor(lockfile: HiddenLockfile, location: string): { key: string; entry: Record<string, unknown> } | null {
  if (lockfile.dir !== '.' && !location.startsWith(`${lockfile.dir}/`)) return null;
  let key = lockfile.dir === '.' ? location : location.slice(lockfile.dir.length + 1);
  // Each step follows one link; a chain longer than this is a loop.
  for (let step = 0; step < 40; step++) {
    const entry = lockfile.packages[key];
    if (entry !== undefined && !entry.link) return { key, entry };
    const through = entry !== undefined && typeof entry.resolved === 'string' ? entry.resolved : linkedPrefix(lockfile.links, key);
    if (through === null || through === key) return null;
    key = through;
  }
  return null;
}

/** `key` with its longest prefix that is a link replaced by the link's target, or null. */
function linkedPrefix(links: ReadonlyMap<string, string>, key: string): string | null {
  const whole = links.get(key);
  if (whole !== undefined) return whole;
  for (let end = key.lastIndexOf('/'); end > 0; end = key.lastIndexOf('/', end - 1)) {
    const target = links.get(key.slice(0, end));
    if (target !== undefined) return `${target}${key.slice(end)}`;
  }
  return null;
}

/** The name npm gives a folder (`@npmcli/name-from-folder`): `node_modules/@s/a` → `@s/a`. */
export function nameFromFolder(location: string): string {
  // The last two parts, found without splitting the whole location (called once per installed package).
  const last = location.lastIndexOf('/');
  if (last === -1) return location;
  const before = location.lastIndexOf('/', last - 1);
  return location.charCodeAt(before + 1) === AT ? location.slice(before + 1) : location.slice(last + 1);
}

const AT = 0x40;
