import type { InventoryProblem, Package } from '../types.js';

/** How many disagreements a warning spells out; the count says how many there are in all. */
const EXAMPLES = 3;

/** Source kinds whose version is a registry release, so a lockfile and a tree can be compared. */
const COMPARABLE = new Set(['registry', 'alias', 'tarball']);

/** The directory whose node_modules holds an installed package (`.` for the root). */
function treeDirOf(foundIn: string): string {
  if (foundIn.startsWith('node_modules/')) return '.';
  const at = foundIn.indexOf('/node_modules/');
  return at < 0 ? foundIn : foundIn.slice(0, at);
}

/**
 * Lockfiles that contradict the node_modules tree installed from them (issue #2, bad input):
 * a package installed at a version the lockfile does not lock, or installed but absent from the
 * lockfile. Both are reported in the inventory as they are, so nothing is lost; this warning
 * says that one of them is stale (usually `npm install` was not run after the lockfile changed,
 * or the other way round). A lockfile is compared with the trees of its own project: its
 * directory and its workspaces (`projects`: lockfile path → those directories), never with a
 * separate project below it. Comparison is by name and version, the same for every format.
 * Packages the lockfile locks but the tree lacks are not reported: `--omit=dev` and
 * platform-specific optional dependencies make that normal.
 */
export function findContradictions(packages: readonly Package[], projects: ReadonlyMap<string, readonly string[]>): InventoryProblem[] {
  // Only installed packages can contradict a lockfile: with none (a lockfile alone), index nothing.
  if (!packages.some((pkg) => pkg.origin === 'installed')) return [];
  const owner = new Map<string, string>();
  for (const [lockfile, dirs] of projects) for (const dir of dirs) if (!owner.has(dir)) owner.set(dir, lockfile);
  const locked = new Map<string, Map<string, Set<string>>>();
  for (const pkg of packages) {
    if (pkg.origin !== 'lockfile' || pkg.version === null || !projects.has(pkg.foundIn)) continue;
    let names = locked.get(pkg.foundIn);
    if (!names) locked.set(pkg.foundIn, (names = new Map()));
    let versions = names.get(pkg.name);
    if (!versions) names.set(pkg.name, (versions = new Set()));
    versions.add(pkg.version);
  }
  const disagreements = new Map<string, string[]>();
  for (const pkg of packages) {
    if (pkg.origin !== 'installed' || pkg.version === null || !COMPARABLE.has(pkg.source)) continue;
    const lockfile = owner.get(treeDirOf(pkg.foundIn));
    // A lockfile that could not be read (or locks nothing) cannot be contradicted.
    const names = lockfile === undefined ? undefined : locked.get(lockfile);
    if (lockfile === undefined || names === undefined) continue;
    const versions = names.get(pkg.name);
    if (versions?.has(pkg.version)) continue;
    const what = versions
      ? `${pkg.foundIn} is ${pkg.name}@${pkg.version}, the lockfile locks ${[...versions].sort().join(', ')}`
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
