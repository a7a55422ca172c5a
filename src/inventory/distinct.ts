import type { Package } from './types.js';

/**
 * Packages as a package manager counts them: one per (ecosystem, name, version, source), however
 * many lockfiles, trees and locations it was found in (issue #15: a project with a lockfile and
 * node_modules has each package twice in the list, once per place). Every summary that says
 * "N packages" counts with this.
 */
export function countDistinct(packages: readonly Package[]): number {
  return new Set(packages.map((pkg) => `${pkg.ecosystem}\u0000${pkg.name}\u0000${pkg.version ?? pkg.spec ?? ''}\u0000${pkg.purl ?? pkg.source}`)).size;
}
