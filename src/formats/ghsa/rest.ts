import type { AffectedPackage, Advisory, RangeEvent, Severity } from '../../advisories/types.js';
import { jsonPath } from '../vulnerabilities-json/read.js';
import type { RecordResult } from '../osv/read.js';
import { GhsaRestAdvisory } from './schema.js';

/** GitHub's REST ecosystem names mapped to OSV's (as GitHub's own OSV export spells them). */
export const GITHUB_TO_OSV_ECOSYSTEM: Record<string, string> = {
  npm: 'npm',
  pip: 'PyPI',
  maven: 'Maven',
  rubygems: 'RubyGems',
  nuget: 'NuGet',
  go: 'Go',
  composer: 'Packagist',
  rust: 'crates.io',
  erlang: 'Hex',
  actions: 'GitHub Actions',
  pub: 'Pub',
  swift: 'SwiftURL',
};

/** GitHub says `medium`; its OSV export and the advisory database say `MODERATE`. */
function severityLabel(severity: string | null | undefined): string | null {
  if (!severity || severity === 'unknown') return null;
  return severity === 'medium' ? 'MODERATE' : severity.toUpperCase();
}

/**
 * `vulnerable_version_range` (`>= 1.0.0, < 1.2.3`, `<= 2.0.0`, `= 1.0.4`) as OSV events, the way
 * GitHub's own OSV export writes them: `<` is `fixed`, `<=` is `last_affected` (and, with no
 * patch, GitHub's `last_known_affected_version_range`), `=` is an explicit version.
 */
export function githubRangeToOsv(range: string, firstPatched: string | null | undefined): { events: RangeEvent[]; versions: string[]; lastKnown?: string } | null {
  const constraints = range.split(',').map((part) => part.trim()).filter(Boolean);
  const events: RangeEvent[] = [];
  let introduced = '0';
  let end: RangeEvent | null = null;
  let lastKnown: string | undefined;
  for (const constraint of constraints) {
    const match = /^(?<op>>=|<=|>|<|=)\s*(?<version>\S+)$/.exec(constraint);
    if (!match?.groups) return null;
    const { op, version } = match.groups as { op: string; version: string };
    if (op === '=') return { events: [], versions: [version] };
    if (op === '>=' || op === '>') introduced = version;
    else if (op === '<') end = { fixed: version };
    else {
      end = firstPatched ? { fixed: firstPatched } : { last_affected: version };
      if (!firstPatched) lastKnown = constraint;
    }
  }
  events.push({ introduced });
  if (end) events.push(end);
  else if (firstPatched) events.push({ fixed: firstPatched });
  return { events, versions: [], ...(lastKnown ? { lastKnown } : {}) };
}

function severities(advisory: GhsaRestAdvisory): Severity[] {
  const result: Severity[] = [];
  const v4 = advisory.cvss_severities?.cvss_v4?.vector_string;
  const v3 = advisory.cvss_severities?.cvss_v3?.vector_string ?? advisory.cvss?.vector_string;
  if (v3) result.push({ type: 'CVSS_V3', score: v3 });
  if (v4) result.push({ type: 'CVSS_V4', score: v4 });
  return result;
}

/** One REST advisory as an Advisory, shaped as GitHub's advisory-database OSV file for it would be. */
export function ghsaRestToAdvisory(raw: unknown): RecordResult {
  const parsed = GhsaRestAdvisory.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { problem: `not a GitHub advisory: ${issue ? `${jsonPath(issue.path)}: ${issue.message}` : 'invalid'}` };
  }
  const ghsa = parsed.data;
  const affected: AffectedPackage[] = [];
  for (const vulnerability of ghsa.vulnerabilities ?? []) {
    if (!vulnerability.package?.name) continue;
    const ecosystem = GITHUB_TO_OSV_ECOSYSTEM[vulnerability.package.ecosystem] ?? vulnerability.package.ecosystem;
    const entry: AffectedPackage = { package: { ecosystem, name: vulnerability.package.name } };
    const range = vulnerability.vulnerable_version_range ? githubRangeToOsv(vulnerability.vulnerable_version_range, vulnerability.first_patched_version) : null;
    if (vulnerability.vulnerable_version_range && !range) {
      return { problem: `${ghsa.ghsa_id}: vulnerable_version_range ${JSON.stringify(vulnerability.vulnerable_version_range)} is not GitHub range syntax` };
    }
    if (range?.versions.length) entry.versions = range.versions;
    if (range?.events.length) entry.ranges = [{ type: 'ECOSYSTEM', events: range.events }];
    if (range?.lastKnown) entry.database_specific = { last_known_affected_version_range: range.lastKnown };
    if (vulnerability.vulnerable_functions?.length) entry.ecosystem_specific = { affected_functions: vulnerability.vulnerable_functions };
    affected.push(entry);
  }
  const aliases = new Set<string>();
  if (ghsa.cve_id) aliases.add(ghsa.cve_id);
  for (const identifier of ghsa.identifiers ?? []) if (identifier.value !== ghsa.ghsa_id) aliases.add(identifier.value);
  const advisory: Advisory = {
    id: ghsa.ghsa_id,
    aliases: [...aliases],
    modified: ghsa.updated_at,
    severity: severities(ghsa),
    affected,
    references: [...(ghsa.html_url ? [{ type: 'WEB', url: ghsa.html_url }] : []), ...(ghsa.references ?? []).map((url) => ({ type: 'WEB', url }))],
    database_specific: {
      severity: severityLabel(ghsa.severity),
      cwe_ids: (ghsa.cwes ?? []).map((cwe) => cwe.cwe_id),
      github_reviewed: ghsa.type === 'reviewed',
      github_reviewed_at: ghsa.github_reviewed_at ?? null,
      nvd_published_at: ghsa.nvd_published_at ?? null,
      type: ghsa.type ?? null,
    },
    source: 'ghsa',
  };
  if (ghsa.published_at) advisory.published = ghsa.published_at;
  if (ghsa.withdrawn_at) advisory.withdrawn = ghsa.withdrawn_at;
  if (ghsa.summary) advisory.summary = ghsa.summary;
  if (ghsa.description) advisory.details = ghsa.description;
  return { advisory };
}
