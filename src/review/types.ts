/**
 * The review model: what matching an inventory against advisories yields (Finding), how a triage
 * file decides about it (TriageEntry, TriageDecision), and what reporters render (ReviewReport).
 */
import type { Package } from '../inventory/types.js';
import type { ReachabilityVerdict } from '../reachability/types.js';

/** The vocabulary of `--fail-on` and of every report: npm's and GitHub's four levels. */
export type SeverityLevel = 'low' | 'moderate' | 'high' | 'critical';

export const SEVERITY_ORDER: readonly SeverityLevel[] = ['low', 'moderate', 'high', 'critical'];

export interface FindingSeverity {
  level: SeverityLevel | 'unknown';
  /** CVSS base score computed from the vector, when there is a vector. */
  score: number | null;
  /** The vector it was computed from (`CVSS:3.1/AV:N/…`, `CVSS:4.0/…`). */
  vector: string | null;
  /** Where the level came from: `cvss-v4`, `cvss-v3`, `github`, `security-wg`, `none`. */
  basis: string;
}

/** How an advisory reached the package: an ecosystem range (OSV) or an NVD CPE configuration. */
export type MatchBasis = 'osv-range' | 'osv-versions' | 'git-commit' | 'nvd-cpe';

/** One advisory's verdict on one package version, before merging by alias. */
export interface AdvisoryMatch {
  advisoryId: string;
  /** affected: the version is in a range. fixed: it was in a range and is at or past its fix. */
  status: 'affected' | 'fixed';
  basis: MatchBasis;
  /** Fix versions of the ranges that contain (or contained) the version. */
  fixedIn: string[];
  /** Caveats a reader must see: a fork, a platform condition, an unbounded range. */
  notes: string[];
}

/** The place a vulnerable package was found (one Package of the inventory). */
export interface FindingLocation {
  packageId: string;
  foundIn: string;
  paths: string[][];
  direct: boolean;
  scope: Package['scope'];
  /** The line of the package's entry in `foundIn`, when the inventory knows it (lockfiles). */
  line?: number;
  /** Found in tooling (a Node core tree's tools/ lockfiles), not in what the product ships. */
  tooling?: boolean;
}

export interface Finding {
  /** The vulnerability's primary id (a CVE when there is one, else GHSA, else the smallest). */
  id: string;
  /** Every id naming it: the merged advisories' ids and aliases, sorted. */
  aliases: string[];
  /** The advisory records merged into this finding. */
  advisoryIds: string[];
  summary: string;
  ecosystem: string;
  package: string;
  version: string;
  purl: string | null;
  severity: FindingSeverity;
  /** Versions that fix it, ascending. */
  fixedIn: string[];
  /** The smallest fixed version above the installed one; null when no fix is known. */
  nearestFix: string | null;
  basis: MatchBasis[];
  notes: string[];
  locations: FindingLocation[];
  /** The release line (git ref) it was found on; null for a work tree. */
  line: string | null;
  references: string[];
  /** Set when a triage entry decided about it. */
  triage?: TriageDecision;
  /** Set by `vigil review --reachability`: can the vulnerable package's code run (src/reachability). */
  reachability?: ReachabilityVerdict;
}

/** OpenVEX 0.2.0 justifications for `not_affected`. */
export const VEX_JUSTIFICATIONS = [
  'component_not_present',
  'vulnerable_code_not_present',
  'vulnerable_code_not_in_execute_path',
  'vulnerable_code_cannot_be_controlled_by_adversary',
  'inline_mitigations_already_exist',
] as const;
export type VexJustification = (typeof VEX_JUSTIFICATIONS)[number];

export type TriageStatus = 'not_affected' | 'affected' | 'under_investigation';

/** One entry of the triage file (src/review/README.md documents the format). */
export interface TriageEntry {
  /** A vulnerability id; any alias of a finding matches it. */
  id: string;
  /** Optional scope: a package name. */
  package: string | null;
  /** Optional scope: release lines (git refs) it applies to; empty means every line. */
  lines: string[];
  status: TriageStatus;
  justification: VexJustification | null;
  /** Why, in words (OpenVEX status_notes beside the justification for not_affected, action_statement for affected). */
  reason: string;
  /** After this date (YYYY-MM-DD, inclusive) the entry stops applying and the finding returns. */
  expires: string | null;
  /** Who decided. */
  by: string;
  /** The line of the entry in the triage file, for reports. */
  line: number;
}

export interface TriageDecision {
  status: TriageStatus;
  justification: VexJustification | null;
  reason: string;
  by: string;
  expires: string | null;
  /** The triage file line of the entry that decided. */
  entryLine: number;
}

/** What one reviewed target (a work tree, or one --ref) yields. */
export interface ReviewTarget {
  /** The release line (git ref name) or null for the work tree. */
  line: string | null;
  root: string;
  commit: string | null;
  /** The product the findings are about, as a purl (pkg:generic/nodejs/node@v20.5.1, pkg:npm/x@1.0.0). */
  product: string;
  packageCount: number;
  findings: Finding[];
  /** Advisory verdicts that say "fixed" for this target, for OpenVEX `fixed` statements. */
  fixed: { id: string; aliases: string[]; package: string; version: string; purl: string | null }[];
  /** Packages that could not be matched, with why (no version, git spec without commit…). */
  skipped: { packageId: string; reason: string }[];
  /** Inventory problems carried over: a partial inventory makes a partial review. */
  problems: string[];
}

export interface ReviewReport {
  generatedAt: string;
  targets: ReviewTarget[];
  triage: {
    file: string | null;
    unused: TriageEntry[];
    expired: TriageEntry[];
  };
}
