import type { Advisory, AdvisoryLookup } from '../advisories/index.js';
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
