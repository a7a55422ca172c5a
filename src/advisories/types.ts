/**
 * The advisory model. OSV (https://ossf.github.io/osv-schema/) is the lingua franca: every feed
 * (OSV, GitHub advisories, NVD 2.0, security-wg vuln/*) is normalised into this shape at import,
 * keeping what OSV cannot say (NVD's CPE configurations) in typed extras.
 */

export type RangeType = 'SEMVER' | 'ECOSYSTEM' | 'GIT';

/** One OSV range event; exactly one key is set. */
export interface RangeEvent {
  introduced?: string;
  fixed?: string;
  last_affected?: string;
  limit?: string;
}

export interface AffectedRange {
  type: RangeType;
  repo?: string;
  events: RangeEvent[];
  database_specific?: Record<string, unknown>;
}

export interface AffectedPackage {
  package?: { ecosystem: string; name: string; purl?: string };
  ranges?: AffectedRange[];
  versions?: string[];
  ecosystem_specific?: Record<string, unknown>;
  /** GitHub puts `last_known_affected_version_range` here when a range has no fix. */
  database_specific?: Record<string, unknown>;
}

export interface Severity {
  type: 'CVSS_V2' | 'CVSS_V3' | 'CVSS_V4' | 'Ubuntu' | string;
  score: string;
}

/** A CPE match as NVD 2.0 writes it (`configurations[].nodes[].cpeMatch[]`). */
export interface CpeMatch {
  vulnerable: boolean;
  criteria: string;
  versionStartIncluding?: string;
  versionStartExcluding?: string;
  versionEndIncluding?: string;
  versionEndExcluding?: string;
}

export interface CpeNode {
  operator: 'AND' | 'OR';
  negate?: boolean;
  cpeMatch: CpeMatch[];
}

/** One NVD configuration: nodes combined with the configuration's operator (default OR). */
export interface CpeConfiguration {
  operator?: 'AND' | 'OR';
  negate?: boolean;
  nodes: CpeNode[];
}

export interface Advisory {
  /** OSV id: GHSA-…, CVE-…, MAL-…, NSWG-…, or the feed's own. */
  id: string;
  /** Other ids naming the same vulnerability; findings merge on these. */
  aliases: string[];
  /** ISO timestamps. A newer `modified` replaces an older record at import. */
  modified: string;
  published?: string;
  /** Withdrawn records stop matching. */
  withdrawn?: string;
  summary?: string;
  details?: string;
  severity: Severity[];
  affected: AffectedPackage[];
  references: { type: string; url: string }[];
  /** NVD CPE applicability, for vendored C/C++ components without an ecosystem. */
  cpeConfigurations?: CpeConfiguration[];
  /** Feed-specific facts kept for reports (GitHub's severity label, CWE ids, …). */
  database_specific?: Record<string, unknown>;
  /** Which feed it came from: `osv`, `ghsa`, `nvd`, `security-wg`. */
  source: string;
}

/** A package as the lookup keys it. */
export interface PackageKey {
  ecosystem: string;
  name: string;
}

/** Key of a PackageKey in lookup results: `${ecosystem}\u0000${name}`, ecosystem as OSV spells it. */
export function packageKeyString(key: PackageKey): string {
  return `${key.ecosystem}\u0000${key.name}`;
}

/**
 * What review needs from the advisory store (STYLE.md rule 10: a small interface with a live
 * implementation in store/, and an in-memory one for tests). Batched, so a 5,000-package
 * lockfile is one round of queries, not 5,000.
 */
export interface AdvisoryLookup {
  /** Non-withdrawn advisories that name any of these packages, keyed by packageKeyString. */
  forPackages(packages: PackageKey[]): Promise<Map<string, Advisory[]>>;
  /** Non-withdrawn advisories whose CPE configurations mention vendor:product, keyed `${vendor}:${product}`. */
  forCpes(products: { vendor: string; product: string }[]): Promise<Map<string, Advisory[]>>;
}
