/**
 * From per-advisory verdicts to findings: one finding per (vulnerability, package, version),
 * aliases merged, severity computed, fixed versions sorted and the nearest fixing upgrade chosen.
 */
import type { Advisory } from '../advisories/types.js';
import type { Package } from '../inventory/types.js';
import { groupByAlias, primaryId } from './match/aliases.js';
import { parseCpe } from './match/cpe.js';
import { normaliseForNvd } from './match/normalise.js';
import { compareGeneric, semverScheme, type VersionScheme } from './match/versions.js';
import { advisorySeverity, highestSeverity } from './severity.js';
import type { AdvisoryMatch, Finding, FindingLocation, ReviewTarget } from './types.js';

/** Every package found at one (ecosystem, name, version), with the verdicts of its advisories. */
export interface PackageMatches {
  packages: Package[];
  version: string;
  matches: { advisory: Advisory; match: AdvisoryMatch }[];
}

function locationOf(pkg: Package): FindingLocation {
  return { packageId: pkg.id, foundIn: pkg.foundIn, paths: pkg.paths, direct: pkg.direct, scope: pkg.scope, ...(pkg.line === undefined ? {} : { line: pkg.line }), ...(pkg.tooling ? { tooling: true } : {}) };
}

function schemeOf(pkg: Package): VersionScheme {
  return pkg.ecosystem === 'npm' && semverScheme.parse(pkg.version ?? '') !== null ? semverScheme : { parse: (version) => version, compare: compareGeneric };
}

/** The version fixes compare against: NVD fixes name upstream versions, so normalise vendored ones. */
function comparableVersion(pkg: Package, version: string, viaCpe: boolean): string {
  const cpe = viaCpe && pkg.cpe ? parseCpe(pkg.cpe) : null;
  return cpe ? normaliseForNvd(cpe.vendor, cpe.product, version).version : version;
}

function summaryOf(advisories: Advisory[]): string {
  const withSummary = advisories.find((advisory) => advisory.summary?.trim()) ?? advisories.find((advisory) => advisory.details?.trim());
  const text = withSummary?.summary?.trim() || withSummary?.details?.trim().split('\n')[0] || '';
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

/** Findings and `fixed` verdicts for one package version. */
export function findingsFor(group: PackageMatches, line: string | null): { findings: Finding[]; fixed: ReviewTarget['fixed'] } {
  const representative = group.packages[0] as Package;
  const byId = new Map(group.matches.map((entry) => [entry.advisory.id, entry]));
  const findings: Finding[] = [];
  const fixed: ReviewTarget['fixed'] = [];
  for (const advisories of groupByAlias(group.matches.map((entry) => entry.advisory))) {
    let matches = advisories.map((advisory) => (byId.get(advisory.id) as { match: AdvisoryMatch }).match);
    // An ecosystem feed that names the package outranks an NVD CPE range for the same vulnerability.
    if (matches.some((match) => match.basis !== 'nvd-cpe')) matches = matches.filter((match) => match.basis !== 'nvd-cpe');
    const ids = [...new Set(advisories.flatMap((advisory) => [advisory.id, ...advisory.aliases]))].sort();
    const id = primaryId(ids);
    const affected = matches.filter((match) => match.status === 'affected');
    if (affected.length === 0) {
      if (matches.length > 0) fixed.push({ id, aliases: ids, package: representative.name, version: group.version, purl: representative.purl });
      continue;
    }
    const scheme = schemeOf(representative);
    const viaCpe = affected.every((match) => match.basis === 'nvd-cpe');
    const installed = comparableVersion(representative, group.version, viaCpe);
    const fixedIn = [...new Set(affected.flatMap((match) => match.fixedIn))].filter((version) => scheme.parse(version) !== null).sort((a, b) => scheme.compare(a, b));
    const contributing = advisories.filter((advisory) => affected.some((match) => match.advisoryId === advisory.id));
    findings.push({
      id,
      aliases: ids,
      advisoryIds: contributing.map((advisory) => advisory.id).sort(),
      summary: summaryOf(contributing),
      ecosystem: representative.ecosystem,
      package: representative.name,
      version: group.version,
      purl: representative.purl,
      severity: highestSeverity(advisories.map(advisorySeverity)),
      fixedIn,
      nearestFix: fixedIn.find((version) => scheme.compare(version, installed) > 0) ?? null,
      basis: [...new Set(affected.map((match) => match.basis))],
      notes: [...new Set(affected.flatMap((match) => match.notes))],
      locations: group.packages.map(locationOf),
      line,
      references: [...new Set(contributing.flatMap((advisory) => advisory.references.map((reference) => reference.url)))].slice(0, 10),
    });
  }
  return { findings, fixed };
}
