import type { Report, VulnerabilitiesJson } from '../../formats/vulnerabilities-json/schema.js';
import { reportFromHackerOne } from '../hackerone.js';
import { lineName, majorOf, supportedMajors, type ReleaseSchedule } from '../schedule.js';
import type { StepPlan } from '../types.js';
import { emptyPlan, planData, requireData, requireHackerOne, type ReleaseContext } from './context.js';

/** `start`: create the release's vulnerabilities.json (idempotent: an existing one is kept). */
export async function planStart(context: ReleaseContext, options: { releaseDate?: string }): Promise<StepPlan> {
  const plan = emptyPlan('start');
  if (context.data !== null) {
    plan.actions.push(`a release is already under way at ${context.paths.file}; nothing to do`);
    return plan;
  }
  const data: VulnerabilitiesJson = { ...(options.releaseDate ? { releaseDate: options.releaseDate } : {}), reports: [] };
  await planData(plan, context, data, { step: 'start', note: 'release started' });
  return plan;
}

/** Release lines given as "20.x,22" or, by default, every line supported today. */
export function parseLines(text: string | undefined, now: Date, schedule?: ReleaseSchedule): string[] {
  if (!text) return supportedMajors(now.toISOString().slice(0, 10), schedule).map(lineName);
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => lineName(majorOf(part)));
}

/** `add-report <id>`: fetch the report from HackerOne and add it (or refresh it if already there). */
export async function planAddReport(context: ReleaseContext, options: { id: string; lines: string[]; patchAuthors?: string[] }): Promise<StepPlan> {
  const plan = emptyPlan('add-report');
  const data = requireData(plan, context);
  if (!data) return plan;
  const hackerone = requireHackerOne(plan, context);
  if (!hackerone) return plan;
  if (options.lines.some((line) => Number.isNaN(majorOf(line)))) {
    plan.refusals.push(`release lines must look like 22.x: ${options.lines.join(', ')}`);
    return plan;
  }
  const h1 = await hackerone.getReport(options.id);
  const previous = data.reports.find((report) => report.id === h1.data.id);
  const report = reportFromHackerOne(h1, { ...previous, affectedVersions: options.lines, ...(options.patchAuthors ? { patchAuthors: options.patchAuthors } : {}) });
  const reports = previous ? data.reports.map((candidate) => (candidate.id === report.id ? report : candidate)) : [...data.reports, report];
  plan.actions.unshift(`${previous ? 'refresh' : 'add'} report ${report.id}: ${report.title} (${options.lines.join(', ')})`);
  await planData(plan, context, { ...data, reports });
  return plan;
}

/** `remove-report <id>`. */
export async function planRemoveReport(context: ReleaseContext, id: string): Promise<StepPlan> {
  const plan = emptyPlan('remove-report');
  const data = requireData(plan, context);
  if (!data) return plan;
  if (!data.reports.some((report) => report.id === id)) {
    plan.refusals.push(`report ${id} is not in ${context.paths.file} (reports: ${data.reports.map((report) => report.id).join(', ') || 'none'})`);
    return plan;
  }
  plan.actions.unshift(`remove report ${id}`);
  await planData(plan, context, { ...data, reports: data.reports.filter((report) => report.id !== id) });
  return plan;
}

/** `sync`: refresh every report's title, CVEs, severity, summary and PR from HackerOne. */
export async function planSync(context: ReleaseContext): Promise<StepPlan> {
  const plan = emptyPlan('sync');
  const data = requireData(plan, context);
  if (!data) return plan;
  const hackerone = requireHackerOne(plan, context);
  if (!hackerone) return plan;
  const reports: Report[] = [];
  for (const report of data.reports) reports.push(reportFromHackerOne(await hackerone.getReport(report.id), report));
  await planData(plan, context, { ...data, reports });
  return plan;
}

/** `set-date <date>`: a date in the past is refused. */
export async function planSetDate(context: ReleaseContext, date: string): Promise<StepPlan> {
  const plan = emptyPlan('set-date');
  const data = requireData(plan, context);
  if (!data) return plan;
  const match = /^(\d{4})[-/](\d{2})[-/](\d{2})$/.exec(date);
  const day = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!day || Number.isNaN(day.valueOf()) || day.getUTCDate() !== Number(match?.[3])) {
    plan.refusals.push(`${JSON.stringify(date)} is not a date in YYYY-MM-DD form`);
    return plan;
  }
  if (day.toISOString().slice(0, 10) < context.now.toISOString().slice(0, 10)) {
    plan.refusals.push(`${date} is in the past (today is ${context.now.toISOString().slice(0, 10)})`);
    return plan;
  }
  // node-core-utils writes the date as YYYY/MM/DD; keep its form so both tools read it.
  const releaseDate = day.toISOString().slice(0, 10).replaceAll('-', '/');
  plan.actions.unshift(`set the release date to ${releaseDate}`);
  await planData(plan, context, { ...data, releaseDate });
  return plan;
}

/** `set-version <line> <version>`: which version fixes a line; finalize writes `patched` from these. */
export async function planSetVersion(context: ReleaseContext, line: string, version: string): Promise<StepPlan> {
  const plan = emptyPlan('set-version');
  const data = requireData(plan, context);
  if (!data) return plan;
  const name = lineName(majorOf(line));
  if (majorOf(version) !== majorOf(line)) {
    plan.refusals.push(`${version} is not on the ${name} line`);
    return plan;
  }
  plan.actions.unshift(`the ${name} line is released as ${version.replace(/^v/, '')}`);
  await planData(plan, context, { ...data, releases: { ...data.releases, [name]: version.replace(/^v/, '') } });
  return plan;
}
