import type { Advisory, AdvisoryCoverage, AdvisoryLookup } from '../advisories/index.js';
import type { Package } from '../inventory/index.js';
import { compareVersions } from './versions.js';

/** Whether an OSV range list (SEMVER or ECOSYSTEM events) includes `version`. */
function inOsvRanges(advisory: Advisory, name: string, version: string): boolean {
  for (const affected of advisory.affected) {
    if (affected.package && affected.package.name !== name) continue;
    if (affected.versions?.includes(version)) return true;
    for (const range of affected.ranges ?? []) {
      if (range.type === 'GIT') continue;
      let introduced: string | undefined;
      for (const event of range.events) {
        if (event.introduced !== undefined) introduced = event.introduced;
        const end = event.fixed ?? event.last_affected;
        if (end !== undefined && introduced !== undefined) {
          const started = introduced === '0' || compareVersions(version, introduced) >= 0;
          const before = event.fixed !== undefined ? compareVersions(version, end) < 0 : compareVersions(version, end) <= 0;
          if (started && before) return true;
          introduced = undefined;
        }
      }
      if (introduced !== undefined && (introduced === '0' || compareVersions(version, introduced) >= 0)) return true;
    }
  }
  return false;
}

/** Whether NVD's CPE configurations name vendor:product at `version` (exact or within the bounds). */
function inCpeConfigurations(advisory: Advisory, vendor: string, product: string, version: string): boolean {
  for (const configuration of advisory.cpeConfigurations ?? []) {
    for (const node of configuration.nodes) {
      for (const match of node.cpeMatch) {
        if (!match.vulnerable) continue;
        const parts = match.criteria.split(':');
        if (parts[3] !== vendor || parts[4] !== product) continue;
        const exact = parts[5];
        if (exact && exact !== '*' && exact !== '-') {
          if (compareVersions(version, exact) === 0) return true;
          continue;
        }
        if (match.versionStartIncluding && compareVersions(version, match.versionStartIncluding) < 0) continue;
        if (match.versionStartExcluding && compareVersions(version, match.versionStartExcluding) <= 0) continue;
        if (match.versionEndIncluding && compareVersions(version, match.versionEndIncluding) > 0) continue;
        if (match.versionEndExcluding && compareVersions(version, match.versionEndExcluding) >= 0) continue;
        return true;
      }
    }
  }
  return false;
}

/** Whether an advisory affects the package at `version`: npm by OSV ranges, vendored C/C++ by CPE. */
export function affects(advisory: Advisory, pkg: Pick<Package, 'ecosystem' | 'name' | 'cpe'>, version: string): boolean {
  if (advisory.withdrawn) return false;
  if (pkg.ecosystem === 'npm' && inOsvRanges(advisory, pkg.name, version)) return true;
  const cpe = pkg.cpe?.split(':');
  return cpe !== undefined && inCpeConfigurations(advisory, cpe[3] ?? '', cpe[4] ?? '', version);
}

/** Candidate advisories for every package, in two batched lookups (npm names, CPE products). */
export async function candidateAdvisories(lookup: AdvisoryLookup, packages: Pick<Package, 'ecosystem' | 'name' | 'cpe'>[]): Promise<(pkg: Pick<Package, 'ecosystem' | 'name' | 'cpe'>) => Advisory[]> {
  const npmKeys = packages.filter((pkg) => pkg.ecosystem === 'npm').map((pkg) => ({ ecosystem: 'npm', name: pkg.name }));
  const products = packages.flatMap((pkg) => {
    const cpe = pkg.cpe?.split(':');
    return cpe && cpe[3] && cpe[4] ? [{ vendor: cpe[3], product: cpe[4] }] : [];
  });
  const byPackage = await lookup.forPackages(npmKeys);
  const byCpe = await lookup.forCpes(products);
  return (pkg) => {
    const cpe = pkg.cpe?.split(':');
    const found = [...(pkg.ecosystem === 'npm' ? (byPackage.get(`npm\u0000${pkg.name}`) ?? []) : []), ...(cpe ? (byCpe.get(`${cpe[3]}:${cpe[4]}`) ?? []) : [])];
    return [...new Map(found.map((advisory) => [advisory.id, advisory])).values()];
  };
}

/** Advisories that affect `current` and no longer affect `target`: what the update fixes. */
export function fixedBy(advisories: Advisory[], pkg: Pick<Package, 'ecosystem' | 'name' | 'cpe'>, current: string, target: string): Advisory[] {
  return advisories.filter((advisory) => affects(advisory, pkg, current) && !affects(advisory, pkg, target));
}

/** The advisory store as updates reads it: lookups, and what it holds advisories for. */
export type SecurityLookup = AdvisoryLookup & { coverage(): Promise<AdvisoryCoverage> };

/**
 * Why a package cannot be checked against the store, or null when it can (issue #17): a store
 * with no advisories for the package's ecosystem (npm packages by OSV ranges) and none with CPE
 * data (vendored C/C++ by NVD configurations) would report "no fixes" for it, which reads as
 * secure. `coverage` undefined: there is no advisory store at all.
 */
export function uncheckedReason(pkg: Pick<Package, 'ecosystem' | 'name' | 'cpe'>, coverage: AdvisoryCoverage | undefined): string | null {
  if (coverage === undefined) return 'no advisory store (run `vigil db sync` or `vigil db import`)';
  const byEcosystem = pkg.ecosystem === 'npm' && (coverage.ecosystems.npm ?? 0) > 0;
  const byCpe = pkg.cpe !== null && pkg.cpe !== undefined && coverage.cpe > 0;
  if (byEcosystem || byCpe) return null;
  if (pkg.ecosystem === 'npm') return `the advisory store holds no npm advisories${pkg.cpe ? ' and no NVD (CPE) data' : ''} (run \`vigil db sync osv\` or \`vigil db sync ghsa\`)`;
  if (pkg.cpe) return 'the advisory store holds no NVD (CPE) advisories, which C/C++ dependencies are matched by (run `vigil db sync nvd`)';
  return 'no package ecosystem or CPE is known for it: no advisory can name it';
}
