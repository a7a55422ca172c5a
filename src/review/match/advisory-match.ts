/**
 * One advisory against one package: OSV `affected[]` entries that name the package decide; NVD
 * CPE configurations are consulted only when no entry names it (a vendored C/C++ component, or a
 * CVE no ecosystem feed has described yet).
 */
import { NODE_CORE_PACKAGE } from '../../advisories/node-core.js';
import type { Advisory, AffectedPackage, PackageKey } from '../../advisories/types.js';
import type { Package } from '../../inventory/types.js';
import type { AdvisoryMatch } from '../types.js';
import { parseCpe } from './cpe.js';
import { normaliseForNvd } from './normalise.js';
import { evaluateConfigurations, type CpeEnvironment } from './nvd.js';
import { evaluateAffected, type CommitOracle } from './osv-range.js';

/** Inventory ecosystems as OSV spells them; `generic` and `github` components match by CPE only. */
export const OSV_ECOSYSTEM: Partial<Record<Package['ecosystem'], string>> = { npm: 'npm', pypi: 'PyPI' };

/**
 * Node.js itself is filed under NODE_CORE_PACKAGE by the store (security-wg `vuln/core`); review
 * adds the runtime as a package, with this purl, when the checkout is Node core.
 */
export const NODE_CORE_PURL_PREFIX = 'pkg:generic/nodejs/node@';

/** The (ecosystem, name) the store keys a package's advisories by; null when it has none. */
export function osvKeyOf(pkg: Package): PackageKey | null {
  if (pkg.purl?.startsWith(NODE_CORE_PURL_PREFIX)) return NODE_CORE_PACKAGE;
  const ecosystem = OSV_ECOSYSTEM[pkg.ecosystem];
  return ecosystem ? { ecosystem, name: pkg.name } : null;
}

/** vuln/core's `affectedEnvironments`, kept by the importer as ecosystem_specific. */
function environmentNote(entry: AffectedPackage): string[] {
  const environments = entry.ecosystem_specific?.affectedEnvironments;
  if (!Array.isArray(environments) || environments.length === 0 || environments.includes('all')) return [];
  return [`only on: ${environments.join(', ')}`];
}

export interface MatchContext {
  environment: CpeEnvironment;
  oracle?: CommitOracle;
}

/** What matching one advisory to one package concluded; `undecidable` carries the reason. */
export type MatchOutcome = AdvisoryMatch | { undecidable: string } | null;

/** Match by OSV affected entries naming (ecosystem, name); null when none names the package. */
function matchOsv(advisory: Advisory, pkg: Package, version: string, context: MatchContext): MatchOutcome {
  const key = osvKeyOf(pkg);
  if (!key) return null;
  const ecosystem = key.ecosystem;
  const entries = advisory.affected.filter((entry) => entry.package?.ecosystem === ecosystem && entry.package.name === key.name);
  if (entries.length === 0) return null;
  const commit = pkg.source === 'git' && /^[0-9a-f]{40}$/i.test(version) ? version : undefined;
  let fixed: AdvisoryMatch | null = null;
  let undecidable = false;
  for (const entry of entries) {
    const verdict = evaluateAffected(entry, ecosystem, version, { ...(commit ? { commit } : {}), ...(context.oracle ? { oracle: context.oracle } : {}) });
    if (verdict.status === 'affected') return { advisoryId: advisory.id, status: 'affected', basis: verdict.basis, fixedIn: verdict.fixedIn, notes: [...verdict.notes, ...environmentNote(entry)] };
    if (verdict.status === 'fixed') fixed = { advisoryId: advisory.id, status: 'fixed', basis: verdict.basis, fixedIn: verdict.fixedIn, notes: [] };
    if (verdict.status === 'undecidable') undecidable = true;
  }
  if (fixed) return fixed;
  return undecidable ? { undecidable: `${advisory.id}: version ${version} cannot be compared with its ranges` } : null;
}

/** Match by NVD configurations, with the version normalised for the component (normalise.ts). */
function matchCpe(advisory: Advisory, pkg: Package, version: string, context: MatchContext): MatchOutcome {
  if (!advisory.cpeConfigurations?.length || !pkg.cpe) return null;
  const cpe = parseCpe(pkg.cpe);
  if (!cpe) return null;
  const normalised = normaliseForNvd(cpe.vendor, cpe.product, version);
  const verdict = evaluateConfigurations(advisory.cpeConfigurations, { vendor: cpe.vendor, product: cpe.product, version: normalised.version }, context.environment);
  if (verdict.status === 'unaffected') return null;
  const fork = normalised.fork ?? (pkg.fork ? `fork of ${pkg.fork.of}: ${pkg.fork.note}` : null);
  const notes = [...verdict.notes, ...(fork ? [fork] : [])];
  return { advisoryId: advisory.id, status: verdict.status, basis: 'nvd-cpe', fixedIn: verdict.fixedIn, notes };
}

/** The verdict of one advisory on one package version. */
export function matchAdvisory(advisory: Advisory, pkg: Package, version: string, context: MatchContext): MatchOutcome {
  if (advisory.withdrawn) return null;
  const osv = matchOsv(advisory, pkg, version, context);
  if (osv !== null) return osv;
  const key = osvKeyOf(pkg);
  const namesPackage = key !== null && advisory.affected.some((entry) => entry.package?.name === key.name && entry.package.ecosystem === key.ecosystem);
  return namesPackage ? null : matchCpe(advisory, pkg, version, context);
}
