/**
 * `vigil node check`: is this Node.js version vulnerable, and is its release line still supported?
 * Read from the security-wg `vuln/core` entries (`vulnerable` and `patched` semver ranges,
 * `affectedEnvironments`) and the release schedule. Pure: entries and schedule come in as values.
 */
import * as semver from '../util/semver.js';
import type { Advisory } from '../advisories/types.js';
import type { CoreEntry } from '../formats/security-wg/core-entry.js';
import { coreEntryToAdvisory } from '../advisories/sources/security-wg/import.js';
import { levelFromLabel, severityRank } from './severity.js';
import { createMemoryLookup } from './memory-lookup.js';
import { nodeCorePackage } from './node-package.js';
import { reviewPackages } from './review.js';
import type { SeverityLevel } from './types.js';

export interface NodeCheckEntry {
  /** The lowest vuln/core entry id; `ids` lists every entry recording this vulnerability. */
  id: number;
  ids: number[];
  cves: string[];
  severity: SeverityLevel | 'unknown';
  description: string;
  environments: string[];
  /** The smallest patched version above the checked one, in any line. */
  patchedIn: string | null;
}

export interface NodeCheck {
  version: string;
  platform: string | null;
  line: string;
  endOfLife: string | null;
  eol: boolean;
  vulnerabilities: NodeCheckEntry[];
  /** Entries whose ranges could not be read: reported, never silently dropped. */
  unreadable: { id: number; problem: string }[];
}

/** vuln/core spells platforms its own way (`win`, `osx`); a few entries use Node's own (`win32`). */
const PLATFORM_ALIASES: Record<string, string[]> = {
  win32: ['win', 'win32', 'windows'],
  darwin: ['osx', 'darwin', 'macos'],
  linux: ['linux'],
  aix: ['aix'],
  freebsd: ['freebsd'],
  sunos: ['smartos', 'sunos'],
};

function appliesTo(environments: string[], platform: string | null): boolean {
  if (platform === null || environments.length === 0) return true;
  const names = PLATFORM_ALIASES[platform] ?? [platform];
  return environments.some((environment) => environment === 'all' || names.includes(environment.toLowerCase()));
}

/** The lowest version in `patched` above `version` (patched ranges are `^x.y.z || …`). */
function nearestPatch(patched: string | undefined, version: string): string | null {
  if (!patched) return null;
  const bounds = [...patched.matchAll(/(\d+\.\d+\.\d+)/g)].map((match) => match[1] as string).filter((candidate) => semver.gt(candidate, version));
  return bounds.sort(semver.compare)[0] ?? null;
}

/**
 * Is `version` affected, counted as `vigil review` counts: the entries that apply to the platform
 * become advisories against the runtime and go through reviewPackages, so entries that record one
 * CVE twice (vuln/core 141 and 150 are both CVE-2024-27980) are one vulnerability, listing both ids.
 */
export async function checkNodeVersion(
  input: { version: string; platform: string | null; now: Date },
  entries: { id: number; entry: CoreEntry }[],
  schedule: Record<string, { end: string }>,
): Promise<NodeCheck> {
  const version = semver.valid(semver.coerce(input.version.replace(/^v/, ''), { includePrerelease: true })?.version ?? '') ?? input.version;
  const major = semver.major(version);
  const line = major === 0 ? `v0.${semver.minor(version)}` : `v${major}`;
  const endOfLife = schedule[line]?.end ?? null;
  const result: NodeCheck = {
    version,
    platform: input.platform,
    line,
    endOfLife,
    eol: endOfLife !== null && endOfLife < input.now.toISOString().slice(0, 10),
    vulnerabilities: [],
    unreadable: [],
  };
  const byAdvisory = new Map<string, { id: number; entry: CoreEntry }>();
  const advisories: Advisory[] = [];
  for (const { id, entry } of entries) {
    if (!semver.validRange(entry.vulnerable)) {
      result.unreadable.push({ id, problem: `vulnerable range ${JSON.stringify(entry.vulnerable)} is not a semver range` });
      continue;
    }
    if (!appliesTo(entry.affectedEnvironments, input.platform)) continue;
    const converted = coreEntryToAdvisory(id, entry, `vuln/core/${id}.json`);
    if ('problem' in converted) {
      result.unreadable.push({ id, problem: converted.problem.message });
      continue;
    }
    byAdvisory.set(converted.advisory.id, { id, entry });
    advisories.push(converted.advisory);
  }
  const { findings } = await reviewPackages([nodeCorePackage(version)], createMemoryLookup(advisories));
  for (const finding of findings) {
    const matched = finding.advisoryIds.flatMap((advisoryId) => {
      const found = byAdvisory.get(advisoryId);
      return found ? [found] : [];
    });
    matched.sort((a, b) => a.id - b.id);
    const first = matched[0];
    if (!first) continue;
    const levels = matched.map(({ entry }) => levelFromLabel(entry.severity) ?? 'unknown');
    const patches = matched.map(({ entry }) => nearestPatch(entry.patched, version)).filter((patch): patch is string => patch !== null);
    result.vulnerabilities.push({
      id: first.id,
      ids: matched.map((match) => match.id),
      cves: [...new Set(matched.flatMap(({ entry }) => entry.cve))].sort(),
      severity: levels.reduce((best, level) => (severityRank(level) > severityRank(best) ? level : best), 'unknown' as SeverityLevel | 'unknown'),
      description: first.entry.description ?? first.entry.overview ?? '',
      environments: [...new Set(matched.flatMap(({ entry }) => entry.affectedEnvironments))],
      patchedIn: patches.sort(semver.compare)[0] ?? null,
    });
  }
  result.vulnerabilities.sort((a, b) => a.id - b.id);
  return result;
}

/**
 * The vuln/core entries as the advisory store holds them (NSWG-COR-<n> under Node.js/node, with
 * the WG's own range strings kept in `affected[].database_specific`), so `node check` works from
 * an imported or synced store without a security-wg checkout. Records that are not vuln/core
 * entries (NVD's nodejs:node.js CVEs, say) are not filed under Node.js/node and never reach here.
 */
export function coreEntriesFromAdvisories(advisories: Advisory[]): { id: number; entry: CoreEntry }[] {
  const entries: { id: number; entry: CoreEntry }[] = [];
  for (const advisory of advisories) {
    const number = /^NSWG-COR-(\d+)$/.exec(advisory.id)?.[1];
    const affected = advisory.affected[0];
    const original = affected?.database_specific as { vulnerable?: unknown; patched?: unknown } | undefined;
    if (!number || typeof original?.vulnerable !== 'string') continue;
    const environments = (affected?.ecosystem_specific as { affectedEnvironments?: unknown } | undefined)?.affectedEnvironments;
    const severity = (advisory.database_specific as { severity?: unknown } | undefined)?.severity;
    entries.push({
      id: Number(number),
      entry: {
        cve: advisory.aliases.filter((alias) => alias.startsWith('CVE-')),
        vulnerable: original.vulnerable,
        ...(typeof original.patched === 'string' ? { patched: original.patched } : {}),
        ...(advisory.summary ? { description: advisory.summary } : {}),
        ...(advisory.details ? { overview: advisory.details } : {}),
        affectedEnvironments: Array.isArray(environments) ? environments.filter((value): value is string => typeof value === 'string') : [],
        ...(typeof severity === 'string' ? { severity } : {}),
      } as CoreEntry,
    });
  }
  return entries.sort((a, b) => a.id - b.id);
}
