import { createTwoFilesPatch } from 'diff';
import { fsReason, InputError } from '../errors.js';
import type { GitHubClient } from '../forge/index.js';
import { checkWriteTarget, writeFileAtomic } from '../util/atomic-write.js';
import { discoverRepositories } from './discover.js';
import { historyOf, parseDatabase, recordScore, serializeDatabase, type DatabaseFile } from './formats/database.js';
import { parseReportLines, replaceBetweenMarkers, type ReportRow } from './formats/report.js';
import { mergeDiscovered, parseScope, reposInScope, type ScopeFile } from './formats/scope.js';
import { reportRows, renderMonitorReport, type RowInputs } from './report.js';
import { runMonitor } from './run.js';
import type { ScoreSource } from './sources/source.js';
import type { MonitorStore } from '../store/index.js';
import { repoKey, type RepoOutcome, type RepoRef } from './types.js';
import { readInputText } from '../util/read-input.js';

/** The three files of the WG's workflow; their names are options so it switches in one line. */
export interface MonitorFiles {
  scope: string;
  database: string;
  report: string;
}

export interface FileChange {
  path: string;
  before: string;
  after: string;
}

async function readOptional(path: string): Promise<string | null> {
  try {
    return await readInputText(path, { kind: 'state' });
  } catch (error) {
    if ((error as { code?: string }).code === 'not-found') return null;
    if (error instanceof InputError) throw error;
    throw new InputError(`cannot read ${path}: ${fsReason(error)}`, { file: path, cause: error });
  }
}

export async function readScope(path: string): Promise<{ text: string; scope: ScopeFile }> {
  const text = await readOptional(path);
  if (text === null) throw new InputError(`scope file ${path} does not exist`, { file: path, hint: 'write {"github.com": {"<org>": {"included": [], "excluded": []}}} or pass --discover <org>' });
  return { text, scope: parseScope(text, path) };
}

/** A database that must exist and hold at least one repository (`vigil monitor import`). */
export async function readRequiredDatabase(path: string): Promise<DatabaseFile> {
  const text = await readOptional(path);
  if (text === null) throw new InputError(`${path}: no such database file`, { file: path, hint: 'pass --database <the scorecard-monitor database.json>' });
  const database = parseDatabase(text, path);
  if (refsOfDatabase(database).length === 0) throw new InputError(`${path}: the database holds no repository, nothing to import`, { file: path });
  return database;
}

export async function readDatabase(path: string): Promise<{ text: string; database: DatabaseFile }> {
  const text = await readOptional(path);
  return text === null ? { text: '', database: {} } : { text, database: parseDatabase(text, path) };
}

/** A unified diff of a planned change, for `--dry-run`. */
export function diffOf(change: FileChange): string {
  return createTwoFilesPatch(`a/${change.path}`, `b/${change.path}`, change.before, change.after, '', '', { context: 2 });
}

/** Write every changed file atomically, all validated before the first write: nothing half-done. */
export async function writeChanges(changes: FileChange[]): Promise<void> {
  // A file inside the working directory may not be written through a symlink out of it; all are checked first.
  for (const change of changes) if (change.after !== change.before) checkWriteTarget(change.path);
  for (const change of changes) if (change.after !== change.before) await writeFileAtomic(change.path, change.after);
}

export interface RenderResult {
  rows: ReportRow[];
  changes: FileChange[];
}

/** The repositories a database holds, in its own order. */
function refsOfDatabase(database: DatabaseFile): RepoRef[] {
  return Object.entries(database).flatMap(([platform, orgs]) => Object.entries(orgs).flatMap(([org, repos]) => Object.keys(repos).map((repo) => ({ platform, org, repo }))));
}

/**
 * `vigil monitor report`: render the report from the database, nothing scored. The database is
 * the input the report is made from: a path that does not exist, or a database with none of the
 * scope's repositories, is refused (exit 2) rather than rewriting the report from nothing.
 */
/** What `monitor report` reads from its files, read (and refused) before the store is opened. */
export interface RenderInputs {
  database: DatabaseFile;
  refs: RepoRef[];
  report: string;
}

/**
 * Read and check a report's inputs. Done before the store is opened, so a mistyped `--database`
 * or `--scope` fails with nothing created, not even the store (issue #17).
 */
export async function readRenderInputs(files: Omit<MonitorFiles, 'scope'> & { scope?: string }): Promise<RenderInputs> {
  checkWriteTarget(files.report);
  const text = await readOptional(files.database);
  if (text === null) throw new InputError(`${files.database}: no such database file`, { file: files.database, hint: 'pass --database <the scorecard-monitor database.json>; the report is rendered from it' });
  const database = parseDatabase(text, files.database);
  const refs = files.scope ? reposInScope((await readScope(files.scope)).scope) : refsOfDatabase(database);
  return { database, refs, report: (await readOptional(files.report)) ?? '' };
}

export async function renderJob(files: Omit<MonitorFiles, 'scope'> & { scope?: string }, store: MonitorStore | null, inputs?: RenderInputs): Promise<RenderResult> {
  const { database, refs, report: original } = inputs ?? (await readRenderInputs(files));
  const series = store ? await store.latest(2) : [];
  const rows = reportRows(database, refs, series, { existingReport: original });
  if (rows.length === 0) {
    const scope = files.scope ? `none of the ${refs.length} repositories of ${files.scope}` : 'no repository';
    throw new InputError(`${files.database}: the database has ${scope}; refusing to render an empty report over ${files.report}`, { file: files.database, hint: 'check --database and --scope, or run `vigil monitor run` to score the repositories first' });
  }
  // The newest run's failures stay visible until a run scores those repositories again.
  const failures = (store ? await store.runs(1) : [])[0]?.failed ?? [];
  return { rows, changes: [{ path: files.report, before: original, after: replaceBetweenMarkers(original, renderMonitorReport(rows, failures)) }] };
}

export interface RunJobOptions {
  files: MonitorFiles;
  store: MonitorStore;
  source: ScoreSource;
  parallelism: number;
  now: Date;
  discover?: { client: GitHubClient; org: string; includeArchived: boolean; includeForks: boolean };
  onProgress?: (done: number, total: number, outcome: RepoOutcome) => void;
  /** The files as `readRunInputs` read them (before the store was opened); read here when absent. */
  inputs?: RunInputs;
}

export interface RunJobResult extends RenderResult {
  runId: number;
  outcomes: RepoOutcome[];
  addedToScope: string[];
}

/** `vigil monitor run`: (discover,) score, record every point, update the database and the report. */
/** What `monitor run` reads from its three files before it scores anything. */
export interface RunInputs {
  scopeText: string;
  scope: ScopeFile;
  databaseText: string;
  database: DatabaseFile;
  originalReport: string;
}

/**
 * Read and check a run's files: the scope must exist (unless it is being discovered), and a
 * missing database beside a report that lists repositories is refused. The command calls it
 * before opening the store, so a mistyped path creates nothing (issue #17).
 */
export async function readRunInputs(files: MonitorFiles, discover: boolean): Promise<RunInputs> {
  // A target that would be written through a symlink out of the working directory is refused
  // before anything is scored or recorded in the store.
  for (const path of Object.values(files)) checkWriteTarget(path);
  let scopeText: string;
  let scope: ScopeFile;
  if (discover) {
    const existing = await readOptional(files.scope);
    scopeText = existing ?? '';
    scope = existing === null ? {} : parseScope(existing, files.scope);
  } else {
    ({ text: scopeText, scope } = await readScope(files.scope));
  }
  const { text: databaseText, database } = await readDatabase(files.database);
  const originalReport = (await readOptional(files.report)) ?? '';
  // A new database beside a report that already lists repositories is a mistyped --database:
  // its history (every delta of the report) would be lost, so refuse before scoring anything.
  const listed = parseReportLines(originalReport).size;
  if (databaseText === '' && listed > 0) {
    throw new InputError(`${files.database}: no such database file, but ${files.report} lists ${listed} repositories`, { file: files.database, hint: 'pass --database <the database.json the report was made from>; to start over, remove the report\'s table first' });
  }
  return { scopeText, scope, databaseText, database, originalReport };
}

export async function runJob(options: RunJobOptions): Promise<RunJobResult> {
  const { files } = options;
  const inputs = options.inputs ?? (await readRunInputs(files, options.discover !== undefined));
  const { scopeText, databaseText, database, originalReport } = inputs;
  let { scope } = inputs;

  let addedToScope: string[] = [];
  if (options.discover) {
    const found = await discoverRepositories(options.discover.client, options.discover.org, options.discover);
    ({ scope, added: addedToScope } = mergeDiscovered(scope, 'github.com', options.discover.org, found));
  }

  const refs = reposInScope(scope);
  await options.source.prepare?.(refs);
  const run = await runMonitor({ refs, source: options.source, store: options.store, parallelism: options.parallelism, now: options.now, ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
  let next = database;
  const fetched: NonNullable<RowInputs['fetched']> = new Map();
  for (const outcome of run.outcomes) {
    if (!outcome.ok) continue;
    const point = { score: outcome.score, date: outcome.date, commit: outcome.commit };
    const stored = historyOf(next, outcome.ref).at(-1) ?? null;
    fetched.set(repoKey(outcome.ref).toLowerCase(), { point, stored });
    // Upstream saves a score only when it differs from the stored one; every run is in Vigil's store.
    if (!stored || stored.score !== point.score) next = recordScore(next, outcome.ref, point);
  }
  const failures = run.outcomes.flatMap((outcome) => (outcome.ok ? [] : [{ ref: outcome.ref, error: outcome.error }]));
  const series = await options.store.latest(2);
  const rows = reportRows(next, refs, series, { fetched, existingReport: originalReport });
  const changes: FileChange[] = [
    { path: files.database, before: databaseText, after: next === database && databaseText !== '' ? databaseText : serializeDatabase(next, databaseText.endsWith('\n')) },
    { path: files.report, before: originalReport, after: replaceBetweenMarkers(originalReport, renderMonitorReport(rows, failures)) },
  ];
  if (addedToScope.length > 0 || scopeText === '') changes.unshift({ path: files.scope, before: scopeText, after: `${JSON.stringify(scope, null, 2)}${scopeText.endsWith('\n') ? '\n' : ''}` });
  return { runId: run.runId, outcomes: run.outcomes, rows, changes, addedToScope };
}
