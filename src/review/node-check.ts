/**
 * `vigil node check`: is this Node.js version vulnerable, and is its release line still supported?
 * Read from the security-wg `vuln/core` entries (`vulnerable` and `patched` semver ranges,
 * `affectedEnvironments`) and the release schedule. Pure: entries and schedule come in as values.
 */
import * as semver from '../util/semver.js';
import type { Advisory } from '../advisories/types.js';
import type { CoreEntry } from '../formats/security-wg/core-entry.js';
import { levelFromLabel } from './severity.js';
import type { SeverityLevel } from './types.js';

export interface NodeCheckEntry {
  id: number;
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

export function checkNodeVersion(
  input: { version: string; platform: string | null; now: Date },
  entries: { id: number; entry: CoreEntry }[],
  schedule: Record<string, { end: string }>,
): NodeCheck {
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
  for (const { id, entry } of entries) {
    if (!semver.validRange(entry.vulnerable)) {
      result.unreadable.push({ id, problem: `vulnerable range ${JSON.stringify(entry.vulnerable)} is not a semver range` });
      continue;
    }
    if (!semver.satisfies(version, entry.vulnerable)) continue;
    if (entry.patched && semver.validRange(entry.patched) && semver.satisfies(version, entry.patched)) continue;
    if (!appliesTo(entry.affectedEnvironments, input.platform)) continue;
    result.vulnerabilities.push({
      id,
      cves: entry.cve,
      severity: levelFromLabel(entry.severity) ?? 'unknown',
      description: entry.description ?? entry.overview ?? '',
      environments: entry.affectedEnvironments,
      patchedIn: nearestPatch(entry.patched, version),
    });
  }
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
