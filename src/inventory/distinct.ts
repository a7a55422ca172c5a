import type { Package } from './types.js';

/**
 * Packages as a package manager counts them: one per (ecosystem, name, version, source), however
 * many lockfiles, trees and locations it was found in (issue #15: a project with a lockfile and
 * node_modules has each package twice in the list, once per place). Every summary that says
 * "N packages" counts with this.
 */
export function countDistinct(packages: readonly Package[]): number {
  // Grouped by purl (or source) first, then told apart by the rest: no joined key string a package
  // (~80 characters made, flattened and hashed for each of 2,000 packages in a review, #15).
  const byPurl = new Map<string, Package[]>();
  let count = 0;
  for (const pkg of packages) {
    const key = pkg.purl ?? pkg.source;
    const group = byPurl.get(key);
    if (group === undefined) {
      byPurl.set(key, [pkg]);
      count++;
    } else if (!group.some((other) => samePackage(other, pkg))) {
      group.push(pkg);
      count++;
    }
  }
  return count;
}

/** Same ecosystem, name and version (or spec); the purl or source is the group's. */
const samePackage = (a: Package, b: Package): boolean => a.ecosystem === b.ecosystem && a.name === b.name && (a.version ?? a.spec ?? '') === (b.version ?? b.spec ?? '');
