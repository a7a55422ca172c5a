import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { readCoreDirectory, CoreEntry } from '../../../formats/security-wg/core-entry.js';
import { DepsEntry } from '../../../formats/security-wg/deps-entry.js';
import { NpmEntry } from '../../../formats/security-wg/npm-entry.js';
import { jsonPath } from '../../../formats/vulnerabilities-json/read.js';
import { NODE_CORE_PACKAGE, type Assessment } from '../../node-core.js';
import type { Advisory, Severity } from '../../types.js';
import type { ImportItem, ImportProblem } from '../types.js';
import { semverRangesToOsv } from './ranges.js';
import { parseJsonInput, readInputText } from '../../../util/read-input.js';

/** vuln/ entries carry no modification time; a fixed one makes re-imports compare by content. */
const UNDATED = '1970-01-01T00:00:00Z';

/** The three sub-folders of a security-wg `vuln/` directory. */
export const SECURITY_WG_PARTS = ['core', 'npm', 'deps'] as const;
export type SecurityWgPart = (typeof SECURITY_WG_PARTS)[number];

/** The `vuln/` directory of a security-wg checkout: the path itself, or its `vuln/` child. */
export function securityWgVulnDir(path: string): string | null {
  for (const candidate of [path, join(path, 'vuln')]) {
    if (SECURITY_WG_PARTS.some((name) => existsSync(join(candidate, name, 'index.json')))) return candidate;
  }
  return null;
}

/**
 * One sub-folder of a `vuln/` directory (`vuln/core`, `vuln/npm`, `vuln/deps`), recognised by its
 * name and its `index.json`: a user pointing at it means those advisories (issue #17).
 */
export function securityWgPart(path: string): { vulnDir: string; part: SecurityWgPart } | null {
  const name = basename(path) as SecurityWgPart;
  if (!SECURITY_WG_PARTS.includes(name) || !existsSync(join(path, 'index.json'))) return null;
  return { vulnDir: dirname(path), part: name };
}

function isoDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

function schemaProblem(file: string, error: { issues: { path: PropertyKey[]; message: string }[] }): ImportProblem {
  const issue = error.issues[0];
  return { file, message: `not a security-wg entry: ${issue ? `${jsonPath(issue.path)}: ${issue.message}` : 'invalid'}` };
}

/** `vuln/core/<n>.json` as NSWG-COR-<n> against the Node.js runtime (NODE_CORE_PACKAGE). */
export function coreEntryToAdvisory(id: number, raw: unknown, file: string): ImportItem {
  const parsed = CoreEntry.safeParse(raw);
  if (!parsed.success) return { problem: schemaProblem(file, parsed.error) };
  const entry = parsed.data;
  const converted = semverRangesToOsv(entry.vulnerable, entry.patched);
  if (!converted) return { problem: { file, message: `vulnerable ${JSON.stringify(entry.vulnerable)} or patched ${JSON.stringify(entry.patched)} is not a semver range` } };
  const severity: Severity[] = entry.cvss?.startsWith('CVSS:') ? [{ type: entry.cvss.startsWith('CVSS:4') ? 'CVSS_V4' : 'CVSS_V3', score: entry.cvss }] : [];
  const published = isoDate(entry.publish_date);
  const advisory: Advisory = {
    id: `NSWG-COR-${id}`,
    aliases: entry.cve.filter((cve) => cve.trim() !== ''),
    modified: published ?? UNDATED,
    severity,
    affected: [
      {
        package: { ...NODE_CORE_PACKAGE },
        ranges: converted.ranges,
        ...(converted.versions.length > 0 ? { versions: converted.versions } : {}),
        ecosystem_specific: { affectedEnvironments: entry.affectedEnvironments },
        database_specific: { vulnerable: entry.vulnerable, patched: entry.patched ?? null },
      },
    ],
    references: entry.ref ? [{ type: 'ADVISORY', url: entry.ref }] : [],
    database_specific: { severity: entry.severity ?? null, type: entry.type ?? null, file: `vuln/core/${id}.json` },
    source: 'security-wg',
  };
  if (published) advisory.published = published;
  if (entry.description) advisory.summary = entry.description;
  if (entry.overview) advisory.details = entry.overview;
  return { advisory };
}

/** `vuln/npm/<n>.json` as NSWG-ECO-<n> against the npm package it names. */
export function npmEntryToAdvisory(raw: unknown, file: string): ImportItem {
  const parsed = NpmEntry.safeParse(raw);
  if (!parsed.success) return { problem: schemaProblem(file, parsed.error) };
  const entry = parsed.data;
  const converted = semverRangesToOsv(entry.vulnerable_versions, entry.patched_versions);
  if (!converted) {
    return { problem: { file, message: `vulnerable_versions ${JSON.stringify(entry.vulnerable_versions)} or patched_versions ${JSON.stringify(entry.patched_versions)} is not a semver range` } };
  }
  const references = typeof entry.references === 'string' ? entry.references.split(/\s+/).filter(Boolean) : (entry.references ?? []);
  const published = isoDate(entry.publish_date) ?? isoDate(entry.created_at);
  const advisory: Advisory = {
    id: `NSWG-ECO-${entry.id}`,
    aliases: entry.cves.filter((cve) => cve.trim() !== ''),
    modified: isoDate(entry.updated_at) ?? published ?? UNDATED,
    severity: entry.cvss_vector?.startsWith('CVSS:') ? [{ type: 'CVSS_V3', score: entry.cvss_vector }] : [],
    affected: [
      {
        package: { ecosystem: 'npm', name: entry.module_name },
        ranges: converted.ranges,
        ...(converted.versions.length > 0 ? { versions: converted.versions } : {}),
        database_specific: { vulnerable_versions: entry.vulnerable_versions, patched_versions: entry.patched_versions ?? null },
      },
    ],
    references: references.map((url) => ({ type: 'WEB', url })),
    database_specific: { recommendation: entry.recommendation ?? null, file: `vuln/npm/${entry.id}.json` },
    source: 'security-wg',
  };
  if (published) advisory.published = published;
  if (entry.title) advisory.summary = entry.title;
  if (entry.overview) advisory.details = entry.overview;
  return { advisory };
}

/** `vuln/deps/<n>.json` as an assessment (not an advisory: it says CVEs do not affect Node.js). */
export function depsEntryToAssessment(id: number, raw: unknown, file: string): { assessment: Assessment } | { problem: ImportProblem } {
  const parsed = DepsEntry.safeParse(raw);
  if (!parsed.success) return { problem: schemaProblem(file, parsed.error) };
  const entry = parsed.data;
  return {
    assessment: {
      id: `NSWG-DEP-${id}`,
      vulnerabilities: entry.cve,
      product: NODE_CORE_PACKAGE,
      status: 'not_affected',
      justification: entry.reason,
      statement: entry.overview ?? entry.description ?? '',
      ...(entry.ref ? { ref: entry.ref } : {}),
    },
  };
}

/** Numbered entries of one vuln/ subdirectory; a file that is not JSON is a problem, not a stop. */
async function numberedEntries(dir: string, onProblem: (problem: ImportProblem) => void): Promise<{ id: number; file: string; raw: unknown }[]> {
  if (!existsSync(dir)) return [];
  const names = (await readdir(dir)).filter((name) => /^\d+\.json$/.test(name)).sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10));
  const entries: { id: number; file: string; raw: unknown }[] = [];
  for (const name of names) {
    const file = join(dir, name);
    try {
      entries.push({ id: Number.parseInt(name, 10), file, raw: parseJsonInput(await readInputText(file, { kind: 'advisory' }), file) });
    } catch (error) {
      onProblem({ file, message: `not valid JSON: ${(error as Error).message}` });
    }
  }
  return entries;
}

/** Every core and npm entry of a vuln/ directory as advisories; deps entries go to `assessments`. */
export async function* securityWgItems(vulnDir: string, assessments: Assessment[], onProblem: (problem: ImportProblem) => void, parts: readonly SecurityWgPart[] = SECURITY_WG_PARTS): AsyncGenerator<Advisory> {
  const coreDir = join(vulnDir, 'core');
  if (parts.includes('core') && existsSync(coreDir)) {
    let core: Awaited<ReturnType<typeof readCoreDirectory>> | null = null;
    try {
      core = await readCoreDirectory(coreDir);
    } catch {
      // One unreadable file fails readCoreDirectory; fall back to per-file reading to report it alone.
    }
    const entries = core ? core.entries : await numberedEntries(coreDir, onProblem);
    for (const entry of entries) {
      const item = coreEntryToAdvisory(entry.id, entry.raw, entry.file);
      if ('advisory' in item) yield item.advisory;
      else onProblem(item.problem);
    }
  }
  for (const entry of parts.includes('npm') ? await numberedEntries(join(vulnDir, 'npm'), onProblem) : []) {
    const item = npmEntryToAdvisory(entry.raw, entry.file);
    if ('advisory' in item) yield item.advisory;
    else onProblem(item.problem);
  }
  for (const entry of parts.includes('deps') ? await numberedEntries(join(vulnDir, 'deps'), onProblem) : []) {
    const item = depsEntryToAssessment(entry.id, entry.raw, entry.file);
    if ('assessment' in item) assessments.push(item.assessment);
    else onProblem(item.problem);
  }
}
