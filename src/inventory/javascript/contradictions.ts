import type { InventoryProblem, Package } from '../types.js';

/** How many disagreements a warning spells out; the count says how many there are in all. */
const EXAMPLES = 3;

/** Source kinds whose version is a registry release, so a lockfile and a tree can be compared. */
const COMPARABLE = new Set(['registry', 'alias', 'tarball']);

/** The project directory of a lockfile (`.` for the root), from its path. */
const dirOfFile = (path: string): string => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '.');

/** Is `path` inside `dir` (relative, POSIX, `.` for the root)? */
const inside = (path: string, dir: string): boolean => dir === '.' || path.startsWith(`${dir}/`);

/**
 * Lockfiles that contradict the node_modules tree installed beside them (issue #2, bad input):
 * a package installed at a version the lockfile does not lock, or installed but absent from the
 * lockfile. Both are reported in the inventory as they are, so nothing is lost; this warning
 * says that one of them is stale (usually `npm install` was not run after the lockfile changed,
 * or the other way round). Each installed package is compared with the nearest lockfile above
 * it, by name and version, which works the same for every lockfile format. Packages the
 * lockfile locks but the tree lacks are not reported: `--omit=dev` and platform-specific
 * optional dependencies make that normal.
 */
export function findContradictions(packages: readonly Package[]): InventoryProblem[] {
  const lockfiles = new Map<string, Map<string, Set<string>>>();
  for (const pkg of packages) {
    if (pkg.origin !== 'lockfile' || pkg.version === null) continue;
    let locked = lockfiles.get(pkg.foundIn);
    if (!locked) lockfiles.set(pkg.foundIn, (locked = new Map()));
    let versions = locked.get(pkg.name);
    if (!versions) locked.set(pkg.name, (versions = new Set()));
    versions.add(pkg.version);
  }
  if (lockfiles.size === 0) return [];
  // The deepest lockfile directory owns an installed package (a nested project has its own lockfile).
  const byDepth = [...lockfiles.keys()].sort((a, b) => dirOfFile(b).length - dirOfFile(a).length);
  const disagreements = new Map<string, string[]>();
  for (const pkg of packages) {
    if (pkg.origin !== 'installed' || pkg.version === null || !COMPARABLE.has(pkg.source)) continue;
    const lockfile = byDepth.find((path) => inside(pkg.foundIn, dirOfFile(path)));
    if (lockfile === undefined) continue;
    const locked = lockfiles.get(lockfile)?.get(pkg.name);
    if (locked?.has(pkg.version)) continue;
    const what = locked
      ? `${pkg.foundIn} is ${pkg.name}@${pkg.version}, the lockfile locks ${[...locked].sort().join(', ')}`
      : `${pkg.foundIn} is ${pkg.name}@${pkg.version}, which the lockfile does not list`;
    const list = disagreements.get(lockfile) ?? [];
    list.push(what);
    disagreements.set(lockfile, list);
  }
  return [...disagreements].map(([lockfile, list]) => ({
    path: lockfile,
    message: `${lockfile} contradicts the installed node_modules on ${list.length} package${list.length === 1 ? '' : 's'} (${list.slice(0, EXAMPLES).join('; ')}${list.length > EXAMPLES ? '; ...' : ''}); one of them is out of date, and both are reported as found`,
    severity: 'warning',
  }));
}
