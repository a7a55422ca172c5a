import { createTwoFilesPatch } from 'diff';
import { InputError } from '../errors.js';
import type { GitHubClient } from '../forge/index.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { discoverRepositories } from './discover.js';
import { parseDatabase, recordScore, serializeDatabase, type DatabaseFile } from './formats/database.js';
import { replaceBetweenMarkers, type ReportRow } from './formats/report.js';
import { mergeDiscovered, parseScope, reposInScope, type ScopeFile } from './formats/scope.js';
import { reportRows, renderMonitorReport } from './report.js';
import { runMonitor } from './run.js';
import type { ScoreSource } from './sources/source.js';
import type { MonitorStore } from './store.js';
import type { RepoOutcome } from './types.js';
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
    throw new InputError(`cannot read ${path}: ${(error as Error).message}`, { file: path, cause: error });
  }
}

export async function readScope(path: string): Promise<{ text: string; scope: ScopeFile }> {
  const text = await readOptional(path);
  if (text === null) throw new InputError(`scope file ${path} does not exist`, { file: path, hint: 'write {"github.com": {"<org>": {"included": [], "excluded": []}}} or pass --discover <org>' });
  return { text, scope: parseScope(text, path) };
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
  for (const change of changes) if (change.after !== change.before) await writeFileAtomic(change.path, change.after);
}

export interface RenderResult {
  rows: ReportRow[];
  changes: FileChange[];
}

/** `vigil monitor report`: render the report from the database, nothing scored. */
export async function renderJob(files: Omit<MonitorFiles, 'scope'> & { scope?: string }, store: MonitorStore | null): Promise<RenderResult> {
  const { database } = await readDatabase(files.database);
  const refs = files.scope
    ? reposInScope((await readScope(files.scope)).scope)
    : Object.entries(database).flatMap(([platform, orgs]) => Object.entries(orgs).flatMap(([org, repos]) => Object.keys(repos).map((repo) => ({ platform, org, repo }))));
  const series = store ? store.latest(2) : [];
  const original = (await readOptional(files.report)) ?? '';
  const rows = reportRows(database, refs, series);
  // The newest run's failures stay visible until a run scores those repositories again.
  const failures = store?.runs(1)[0]?.failed ?? [];
  return { rows, changes: [{ path: files.report, before: original, after: replaceBetweenMarkers(original, renderMonitorReport(database, refs, series, failures)) }] };
}

export interface RunJobOptions {
  files: MonitorFiles;
  store: MonitorStore;
  source: ScoreSource;
  parallelism: number;
  now: Date;
  discover?: { client: GitHubClient; org: string; includeArchived: boolean; includeForks: boolean };
  onProgress?: (done: number, total: number, outcome: RepoOutcome) => void;
}

export interface RunJobResult extends RenderResult {
  runId: number;
  outcomes: RepoOutcome[];
  addedToScope: string[];
}

/** `vigil monitor run`: (discover,) score, record every point, update the database and the report. */
export async function runJob(options: RunJobOptions): Promise<RunJobResult> {
  const { files } = options;
  let scopeText: string;
  let scope: ScopeFile;
  if (options.discover) {
    const existing = await readOptional(files.scope);
    scopeText = existing ?? '';
    scope = existing === null ? {} : parseScope(existing, files.scope);
  } else {
    ({ text: scopeText, scope } = await readScope(files.scope));
  }
  const { text: databaseText, database } = await readDatabase(files.database);
  const originalReport = (await readOptional(files.report)) ?? '';

  let addedToScope: string[] = [];
  if (options.discover) {
    const found = await discoverRepositories(options.discover.client, options.discover.org, options.discover);
    ({ scope, added: addedToScope } = mergeDiscovered(scope, 'github.com', options.discover.org, found));
  }

  const refs = reposInScope(scope);
  const run = await runMonitor({ refs, source: options.source, store: options.store, parallelism: options.parallelism, now: options.now, ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
  let next = database;
  for (const outcome of run.outcomes) {
    if (outcome.ok) next = recordScore(next, outcome.ref, { score: outcome.score, date: outcome.date, commit: outcome.commit });
  }
  const failures = run.outcomes.flatMap((outcome) => (outcome.ok ? [] : [{ ref: outcome.ref, error: outcome.error }]));
  const series = options.store.latest(2);
  const rows = reportRows(next, refs, series);
  const changes: FileChange[] = [
    { path: files.database, before: databaseText, after: serializeDatabase(next) },
    { path: files.report, before: originalReport, after: replaceBetweenMarkers(originalReport, renderMonitorReport(next, refs, series, failures)) },
  ];
  if (addedToScope.length > 0 || scopeText === '') changes.unshift({ path: files.scope, before: scopeText, after: `${JSON.stringify(scope, null, 2)}\n` });
  return { runId: run.runId, outcomes: run.outcomes, rows, changes, addedToScope };
}
