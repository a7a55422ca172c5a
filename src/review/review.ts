/**
 * The review of one inventory: batch the lookups (one round for the whole tree), match every
 * package version against its advisories, and merge the verdicts into findings.
 */
import type { Advisory, AdvisoryLookup, PackageKey } from '../advisories/types.js';
import { packageKeyString } from '../advisories/types.js';
import type { Inventory, Package } from '../inventory/types.js';
import { countDistinct } from '../inventory/distinct.js';
import { NODE_PRODUCT } from '../formats/openvex/write.js';
import { findingsFor, type PackageMatches } from './findings.js';
import { matchAdvisory, osvKeyOf, type MatchContext } from './match/advisory-match.js';
import { nodeCorePackage } from './node-package.js';
import { cpeProductKey, parseCpe } from './match/cpe.js';
import { normaliseForNvd } from './match/normalise.js';
import type { CommitOracle } from './match/osv-range.js';
import type { Finding, ReviewTarget } from './types.js';

export interface ReviewOptions {
  /** The product purl OpenVEX statements are about; derived from the inventory when absent. */
  product?: string;
  /** Commit ancestry for GIT ranges (a clone's git), when available. */
  oracle?: CommitOracle;
}

/** Sources that are not registry packages: an advisory for the name says nothing about them. */
const NOT_MATCHABLE: Partial<Record<Package['source'], string>> = {
  git: 'a git dependency: registry advisories do not describe it',
  file: 'a file: dependency: not a registry package',
  link: 'a link: dependency: not a registry package',
  tarball: 'a tarball URL dependency: not a registry package',
  workspace: 'a workspace package: part of the project itself',
};

/** The purl of what is reviewed: Node.js itself for a core checkout, else a generic name. */
export function productOf(inventory: Inventory): string {
  if (inventory.node) return `${NODE_PRODUCT}@v${inventory.node.version}`;
  const name = inventory.root.split(/[\\/]/).filter(Boolean).pop() ?? 'project';
  return `pkg:generic/${encodeURIComponent(name)}`;
}

/** Group packages by (ecosystem, name, version): the same version found twice is matched once. */
function groupPackages(packages: Package[], skipped: ReviewTarget['skipped']): Map<string, Package[]> {
  const groups = new Map<string, Package[]>();
  for (const pkg of packages) {
    const reason = pkg.version === null ? `no version (${pkg.versionUnknownReason ?? 'unreadable'})` : NOT_MATCHABLE[pkg.source];
    if (reason) {
      skipped.push({ packageId: pkg.id, reason });
      continue;
    }
    const key = `${pkg.ecosystem}\u0000${pkg.name}\u0000${pkg.version}`;
    const group = groups.get(key);
    if (group) group.push(pkg);
    else groups.set(key, [pkg]);
  }
  return groups;
}

/** CPE vendor:product → versions present, for NVD "with X" conditions. */
function cpeEnvironment(packages: Package[]): Map<string, string[]> {
  const environment = new Map<string, string[]>();
  for (const pkg of packages) {
    const cpe = pkg.cpe ? parseCpe(pkg.cpe) : null;
    if (!cpe || pkg.version === null) continue;
    const key = cpeProductKey(cpe);
    environment.set(key, [...(environment.get(key) ?? []), normaliseForNvd(cpe.vendor, cpe.product, pkg.version).version]);
  }
  return environment;
}

/** What reviewing a set of packages found: the part `vigil review` and `vigil node check` share. */
export interface PackageReview {
  findings: Finding[];
  fixed: ReviewTarget['fixed'];
  skipped: ReviewTarget['skipped'];
}

/**
 * Match packages against the advisory store and merge the verdicts into findings (one per
 * vulnerability, aliases merged): `vigil review` and `vigil node check` both count through here,
 * so a CVE recorded twice (security-wg vuln/core 141 and 150 are both CVE-2024-27980) is one.
 */
export async function reviewPackages(
  packages: Package[],
  lookup: AdvisoryLookup,
  options: { oracle?: CommitOracle; line?: string | null; environment?: Package[] } = {},
): Promise<PackageReview> {
  const skipped: ReviewTarget['skipped'] = [];
  const groups = groupPackages(packages, skipped);
  const packageKeys = new Map<string, PackageKey>();
  const cpeKeys = new Map<string, { vendor: string; product: string }>();
  // Each group's lookup keys, made once: most groups have no advisory and are not looked at again.
  const asked: { packages: Package[]; key: string | null; cpe: ReturnType<typeof parseCpe> }[] = [];
  for (const group of groups.values()) {
    const pkg = group[0] as Package;
    const osvKey = osvKeyOf(pkg);
    const key = osvKey ? packageKeyString(osvKey) : null;
    if (osvKey && key !== null) packageKeys.set(key, osvKey);
    const cpe = pkg.cpe ? parseCpe(pkg.cpe) : null;
    if (cpe) cpeKeys.set(cpeProductKey(cpe), { vendor: cpe.vendor, product: cpe.product });
    asked.push({ packages: group, key, cpe });
  }
  const [byPackage, byCpe] = await Promise.all([
    packageKeys.size > 0 ? lookup.forPackages([...packageKeys.values()]) : new Map<string, Advisory[]>(),
    cpeKeys.size > 0 ? lookup.forCpes([...cpeKeys.values()]) : new Map<string, Advisory[]>(),
  ]);
  const context: MatchContext = { environment: cpeEnvironment(options.environment ?? packages), ...(options.oracle ? { oracle: options.oracle } : {}) };
  const review: PackageReview = { findings: [], fixed: [], skipped };
  for (const { packages, key, cpe } of asked) {
    const byName = key === null ? undefined : byPackage.get(key);
    const byProduct = cpe ? byCpe.get(cpeProductKey(cpe)) : undefined;
    if (byName === undefined && byProduct === undefined) continue;
    const pkg = packages[0] as Package;
    const version = pkg.version as string;
    const candidates = new Map<string, Advisory>();
    for (const advisory of byName ?? []) candidates.set(advisory.id, advisory);
    for (const advisory of byProduct ?? []) candidates.set(advisory.id, advisory);
    const group: PackageMatches = { packages, version, matches: [] };
    for (const advisory of candidates.values()) {
      const outcome = matchAdvisory(advisory, pkg, version, context);
      if (outcome === null) continue;
      if ('undecidable' in outcome) skipped.push({ packageId: pkg.id, reason: outcome.undecidable });
      else group.matches.push({ advisory, match: outcome });
    }
    if (group.matches.length === 0) continue;
    const { findings, fixed } = findingsFor(group, options.line ?? null);
    review.findings.push(...findings);
    review.fixed.push(...fixed);
  }
  review.findings.sort((a, b) => a.package.localeCompare(b.package) || a.version.localeCompare(b.version) || a.id.localeCompare(b.id));
  return review;
}

/** Review one inventory against the advisory store. */
export async function reviewInventory(inventory: Inventory, lookup: AdvisoryLookup, options: ReviewOptions = {}): Promise<ReviewTarget> {
  const packages = inventory.node ? [nodeCorePackage(inventory.node.version), ...inventory.packages] : inventory.packages;
  const line = inventory.ref?.name ?? null;
  const review = await reviewPackages(packages, lookup, { line, environment: inventory.packages, ...(options.oracle ? { oracle: options.oracle } : {}) });
  return {
    line,
    root: inventory.root,
    commit: inventory.ref?.commit ?? null,
    product: options.product ?? productOf(inventory),
    packageCount: countDistinct(inventory.packages),
    findings: review.findings,
    fixed: review.fixed,
    skipped: review.skipped,
    problems: inventory.problems.map((problem) => `${problem.path}${problem.line ? `:${problem.line}` : ''}: ${problem.message}`),
  };
}
