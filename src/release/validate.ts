import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import semver from 'semver';
import { z } from 'zod';
import { CvssCalculator } from '../formats/cvss/score.js';
import { InputError } from '../errors.js';
import { CORE_ENVIRONMENTS, CoreEntry, readCoreDirectory, type CoreDirectory } from '../formats/security-wg/core-entry.js';
import { describeSchemaIssue, jsonPath } from '../formats/vulnerabilities-json/read.js';
import { Report, VulnerabilitiesJson } from '../formats/vulnerabilities-json/schema.js';
import { majorOf } from './schedule.js';
import { parseJsonInput, readInputText } from '../util/read-input.js';

/** A problem found by validation: the file, the JSON path inside it, and what is wrong. */
export interface ValidationProblem {
  file: string;
  path: string;
  message: string;
  severity: 'error' | 'warning';
}

const RATINGS = ['low', 'medium', 'high', 'critical'];
const CVE = /^CVE-\d{4}-\d{4,}$/;

/** The parts of a vulnerabilities.json that semantic checks read; reports keep their index in the file. */
interface CheckableRelease {
  releaseDate?: string | undefined;
  reports: { index: number; report: Report }[];
  releases?: Record<string, string> | undefined;
}

/**
 * What the semantic checks can still read from a file that does not match the schema: the
 * reports that match it on their own, and the top-level fields that have the right type. A
 * hand-written file then gets every mistake listed at once, not only the schema's.
 */
function salvage(raw: unknown): CheckableRelease {
  const object = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const reports = Array.isArray(object.reports) ? object.reports : [];
  const releases = z.record(z.string(), z.string()).safeParse(object.releases);
  return {
    releaseDate: typeof object.releaseDate === 'string' ? object.releaseDate : undefined,
    reports: reports.flatMap((candidate, index) => {
      const report = Report.safeParse(candidate);
      return report.success ? [{ index, report: report.data }] : [];
    }),
    releases: releases.success ? releases.data : undefined,
  };
}

/**
 * Everything wrong with a vulnerabilities.json, listed in file order, each with its JSON path:
 * schema mistakes first, then what the rest of the file says wrongly. `stage` decides what must
 * already be there: CVEs only after request-cves.
 */
export function validateVulnerabilitiesJson(raw: unknown, file: string, stage: 'draft' | 'announce' | 'publish' = 'draft'): ValidationProblem[] {
  const parsed = VulnerabilitiesJson.safeParse(raw);
  if (parsed.success) {
    const data = parsed.data;
    return semanticProblems({ releaseDate: data.releaseDate, reports: data.reports.map((report, index) => ({ index, report })), releases: data.releases }, file, stage);
  }
  const schema = parsed.error.issues.map((issue): ValidationProblem => ({ file, path: jsonPath(issue.path), message: describeSchemaIssue(issue, raw), severity: 'error' }));
  return [...schema, ...semanticProblems(salvage(raw), file, stage)];
}

function semanticProblems(data: CheckableRelease, file: string, stage: 'draft' | 'announce' | 'publish'): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const error = (path: string, message: string) => problems.push({ file, path, message, severity: 'error' });
  const warn = (path: string, message: string) => problems.push({ file, path, message, severity: 'warning' });
  if (data.releaseDate !== undefined && Number.isNaN(Date.parse(data.releaseDate))) error('releaseDate', `not a date: ${JSON.stringify(data.releaseDate)}`);
  if (stage !== 'draft' && data.releaseDate === undefined) error('releaseDate', 'missing: set it with `vigil release set-date`');
  const seenCves = new Map<string, number>();
  for (const { index, report } of data.reports) {
    const at = `reports[${index}]`;
    if (!report.title.trim()) error(`${at}.title`, 'empty');
    if (report.affectedVersions.length === 0) error(`${at}.affectedVersions`, 'no release line is affected');
    report.affectedVersions.forEach((line, lineIndex) => {
      if (!/^\d+\.x$/.test(line)) error(`${at}.affectedVersions[${lineIndex}]`, `expected a release line like "22.x", found ${JSON.stringify(line)}`);
    });
    // node-core-utils writes 'TBD', or empty strings, until HackerOne has a severity.
    const unassessed = typeof report.severity === 'string' || (!report.severity.rating && !report.severity.cvss_vector_string);
    if (unassessed) {
      (stage === 'draft' ? warn : error)(`${at}.severity`, `not assessed yet (${JSON.stringify(report.severity)})`);
    } else if (typeof report.severity !== 'string') {
      const rating = report.severity.rating?.toLowerCase();
      if (!rating || !RATINGS.includes(rating)) error(`${at}.severity.rating`, `expected one of ${RATINGS.join(', ')}, found ${JSON.stringify(report.severity.rating)}`);
      const vector = report.severity.cvss_vector_string;
      if (!vector) (stage === 'draft' ? warn : error)(`${at}.severity.cvss_vector_string`, 'missing');
      else if (!CvssCalculator.isValid(vector)) error(`${at}.severity.cvss_vector_string`, `not a valid CVSS vector: ${JSON.stringify(vector)}`);
      if (stage !== 'draft' && !report.severity.weakness_id) warn(`${at}.severity.weakness_id`, 'missing CWE');
    }
    const cves = report.cveIds ?? [];
    if (cves.length === 0 && stage === 'publish') error(`${at}.cveIds`, `report ${report.id} (${report.title}) has no CVE: run \`vigil release request-cves\``);
    cves.forEach((cve, cveIndex) => {
      if (!CVE.test(cve)) error(`${at}.cveIds[${cveIndex}]`, `not a CVE id: ${JSON.stringify(cve)}`);
      const other = seenCves.get(cve);
      if (other !== undefined) error(`${at}.cveIds[${cveIndex}]`, `${cve} is also assigned to reports[${other}]`);
      if (other === undefined) seenCves.set(cve, index);
    });
    if (stage === 'publish') {
      if (!report.summary?.trim()) error(`${at}.summary`, 'missing: the announcement needs it');
      if (!report.patchAuthors?.length) error(`${at}.patchAuthors`, 'missing: the announcement credits them');
      if (!report.reporter) warn(`${at}.reporter`, 'missing: the announcement credits the reporter');
    }
  }
  for (const [line, version] of Object.entries(data.releases ?? {})) {
    if (!semver.valid(version)) error(`releases.${line}`, `not a version: ${JSON.stringify(version)}`);
    else if (majorOf(line) !== semver.major(version)) error(`releases.${line}`, `${version} is not on the ${line} line`);
  }
  return problems;
}

/** Validate one `vuln/core` entry with the WG validator's rules (tools/vuln_valid), and a little more. */
export function validateCoreEntry(raw: unknown, file: string): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const error = (path: string, message: string) => problems.push({ file, path, message, severity: 'error' });
  const parsed = CoreEntry.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) error(jsonPath(issue.path), describeSchemaIssue(issue, raw));
    return problems;
  }
  const entry = parsed.data;
  entry.cve.forEach((cve, index) => {
    if (!CVE.test(cve)) error(`cve[${index}]`, `not a CVE id: ${JSON.stringify(cve)}`);
  });
  if (semver.validRange(entry.vulnerable) === null) error('vulnerable', `not a semver range: ${JSON.stringify(entry.vulnerable)}`);
  if (entry.patched !== undefined && semver.validRange(entry.patched) === null) error('patched', `not a semver range: ${JSON.stringify(entry.patched)}`);
  if (entry.affectedEnvironments.length === 0) error('affectedEnvironments', 'empty');
  entry.affectedEnvironments.forEach((environment, index) => {
    if (!(CORE_ENVIRONMENTS as readonly string[]).includes(environment)) {
      error(`affectedEnvironments[${index}]`, `${JSON.stringify(environment)} is not one of ${CORE_ENVIRONMENTS.join(', ')}`);
    }
  });
  if (entry.publish_date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(entry.publish_date)) error('publish_date', 'expected YYYY-MM-DD');
  if (entry.ref !== undefined && !URL.canParse(entry.ref)) error('ref', `not a URL: ${JSON.stringify(entry.ref)}`);
  // Thirteen real entries from before severities were recorded say "unknown": worth a warning, not a defect.
  if (entry.severity === 'unknown') problems.push({ file, path: 'severity', message: 'not rated ("unknown")', severity: 'warning' });
  else if (entry.severity !== undefined && !RATINGS.includes(entry.severity)) error('severity', `expected one of ${RATINGS.join(', ')} (or "unknown"), found ${JSON.stringify(entry.severity)}`);
  return problems;
}

/** A whole `vuln/core` directory: each entry, CVEs recorded twice, and index.json in step. */
export function validateCoreDirectory(directory: CoreDirectory): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const byCve = new Map<string, number[]>();
  for (const entry of directory.entries) {
    problems.push(...validateCoreEntry(entry.raw, entry.file));
    const cves = (entry.raw as { cve?: unknown }).cve;
    if (Array.isArray(cves)) for (const cve of cves) if (typeof cve === 'string') byCve.set(cve, [...(byCve.get(cve) ?? []), entry.id]);
  }
  for (const [cve, ids] of byCve) {
    if (ids.length < 2) continue;
    for (const id of ids.slice(1)) {
      problems.push({ file: join(directory.dir, `${id}.json`), path: 'cve', message: `${cve} is recorded twice: entries ${ids.join(' and ')}`, severity: 'error' });
    }
  }
  const indexFile = join(directory.dir, 'index.json');
  if (directory.index === null) {
    problems.push({ file: indexFile, path: '(root)', message: 'missing: regenerate it with `vigil release finalize`', severity: 'error' });
    return problems;
  }
  const ids = new Set(directory.entries.map((entry) => String(entry.id)));
  for (const entry of directory.entries) {
    const key = String(entry.id);
    if (!(key in directory.index)) problems.push({ file: indexFile, path: key, message: `entry ${key}.json is missing from the index`, severity: 'error' });
    else if (JSON.stringify(directory.index[key]) !== JSON.stringify(entry.raw)) {
      problems.push({ file: indexFile, path: key, message: `differs from ${key}.json`, severity: 'error' });
    }
  }
  for (const key of Object.keys(directory.index)) {
    if (!ids.has(key)) problems.push({ file: indexFile, path: key, message: `indexes ${key}.json, which does not exist`, severity: 'error' });
  }
  return problems;
}

/** `vigil release validate <file-or-dir>`: a vulnerabilities.json, a `vuln/core` directory, or a whole `vuln/`. */
export async function validatePath(path: string): Promise<ValidationProblem[]> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new InputError(`${path}: ${error.code === 'ENOENT' ? 'no such file or directory' : `cannot read: ${error.message}`}`, { file: path, cause: error });
  });
  // Anything but a directory goes through the one reader, which names a FIFO or device and refuses it.
  if (!info.isDirectory()) {
    // A file that is not JSON cannot be validated at all: parseJsonInput's input error (exit 2,
    // "<file>: not valid JSON: …") is passed on as it is, not wrapped in a second copy of itself.
    const raw = parseJsonInput(await readInputText(path, { kind: 'advisory' }), path);
    return validateVulnerabilitiesJson(raw, path);
  }
  const isDir = async (candidate: string): Promise<boolean> => (await stat(candidate).catch(() => null))?.isDirectory() ?? false;
  const hasIndex = async (candidate: string): Promise<boolean> => (await stat(join(candidate, 'index.json')).catch(() => null))?.isFile() ?? false;
  // The vuln/ folder, its core/ sub-folder, or the checkout holding vuln/.
  const candidates = [join(path, 'core'), join(path, 'vuln', 'core'), path];
  for (const core of candidates) if ((await isDir(core)) && (await hasIndex(core))) return validateCoreDirectory(await readCoreDirectory(core));
  throw new InputError(`${path}: not a security-wg vuln/ tree (no core/index.json, vuln/core/index.json or index.json in it)`, {
    file: path,
    hint: 'pass the vuln/ folder of a security-wg checkout (e.g. ../security-wg/vuln), its core/ folder, or a vulnerabilities.json file',
  });
}
