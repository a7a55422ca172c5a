import type { AdvisoryStore } from './advisories/types.js';
import type { RepoOutcome, RepoRef, ScorePoint } from '../monitor/types.js';

export interface RepoSeries {
  ref: RepoRef;
  points: ScorePoint[];
}

export interface RunSummary {
  id: number;
  source: string;
  startedAt: string;
  finishedAt: string | null;
  scored: number;
  failed: { ref: RepoRef; error: string }[];
}

/**
 * The monitor's time series (runs, one score per repository and run, per-check scores). `record`
 * replaces what the same run recorded for the same repository, so a job retried after a crash
 * never records a repository twice; `recordMany` appends (imports carry a whole history).
 */
/** How often `recordMany` reports progress: often enough for a person, rare enough to cost nothing. */
export const RECORD_MANY_PROGRESS_EVERY = 200;

export interface MonitorStore {
  /** Changes whenever anything is recorded (by any process): lets readers cache what they rendered. */
  version(): Promise<string>;
  /** `expected`: a queued run of that many repositories (its progress is counted as they are recorded). */
  beginRun(source: string, startedAt: string, expected?: number): Promise<number>;
  /**
   * Finish a queued run once every expected repository has a recorded outcome: true for exactly
   * one caller, however many race. Reads counters kept by `record`, not the run's rows.
   */
  finishIfComplete(runId: number, finishedAt: string): Promise<boolean>;
  finishRun(runId: number, finishedAt: string): Promise<void>;
  record(runId: number, outcome: RepoOutcome, runDate: string): Promise<void>;
  /** `onProgress(done, total)` after every `RECORD_MANY_PROGRESS_EVERY` outcomes and at the end: an import of a long history says how far it is. */
  recordMany(runId: number, outcomes: RepoOutcome[], runDate: string, onProgress?: (done: number, total: number) => void): Promise<void>;
  repos(): Promise<RepoRef[]>;
  /** The newest `count` successful points of every repository, newest first; checks for the newest `checksFor`. */
  latest(count?: number, withDetails?: boolean, checksFor?: number): Promise<RepoSeries[]>;
  /** Every successful point of one repository, oldest first (details for the newest only). */
  history(ref: RepoRef, withChecks?: boolean): Promise<ScorePoint[]>;
  runs(limit?: number): Promise<RunSummary[]>;
}

/** One finding as the dashboard shows it. */
export interface FindingRow {
  id: string;
  aliases: string[];
  package: string;
  version: string | null;
  severity: string;
  summary: string;
  fixed: string | null;
  /** The triage decision, when the triage file decided about it (`not_affected`, …). */
  triage?: string;
  /** The reachability verdict (`reachable`, `unknown`, `not-reachable`) and its evidence, when the review computed one. */
  reachability?: string;
  reachabilityEvidence?: string;
}

/** The findings of one review of one project's release line. */
export interface ReviewSnapshot {
  project: string;
  /** The release line or ref reviewed (`main`, `v22.x`, a work tree). */
  line: string;
  recordedAt: string;
  findings: FindingRow[];
}

/** A triage decision about one vulnerability in one dependency of a project. */
export interface TriageDecision {
  project: string;
  vulnerability: string;
  package: string;
  /** Release lines (git refs) the decision is scoped to; empty means every line. Part of the key. */
  lines: string[];
  status: 'not_affected' | 'affected' | 'fixed' | 'under_investigation';
  /** The OpenVEX justification of a not_affected decision. */
  justification: string | null;
  reason: string;
  decidedBy: string;
  decidedAt: string;
  expires: string | null;
}

/** What one check of a dependency's upstream found. */
export interface UpdateCheck {
  project: string;
  /** The package or vendored dependency (for an `npm:` alias, the registry name; the alias is in `location`). */
  dependency: string;
  /**
   * Where in the project: '' (or absent when recording) for a Node.js checkout's vendored copy
   * under deps/; for a lockfile project, the lockfile entry (`package-lock.json: package.json`,
   * `… as <alias>`, `package-lock.json: transitive 4.3.4`). Part of the key: one package can sit
   * in a project several times. Always set on what the store answers.
   */
  location?: string;
  checkedAt: string;
  current: string | null;
  latest: string | null;
  /** Why the check could not decide (the upstream failed); null when it did. */
  error: string | null;
  /** The upstream's answer as the updates area keeps it (JSON-serialisable). */
  detail: unknown;
}

/** One step of a security release carried out (`vigil release <step> --record`). */
export interface ReleaseStepRecord {
  /** The release, as its vulnerabilities.json names it (the release date, or `next-security-release`). */
  release: string;
  step: string;
  recordedAt: string;
  /** `applied` (files written, issues opened) or `nothing-to-do`. */
  outcome: 'applied' | 'nothing-to-do';
  /** What the step did: its plan's actions, the files written, the issues opened (JSON-serialisable). */
  detail: { actions: string[]; written: string[]; issues: string[] };
}

/** Review snapshots, triage, update checks and release state: small records other areas keep. */
export interface RecordsStore {
  recordReview(snapshot: ReviewSnapshot): Promise<void>;
  /** The newest snapshot of every (project, line). */
  latestReviews(): Promise<ReviewSnapshot[]>;
  /** Add or replace one decision (keyed by project, vulnerability, package and lines). */
  recordTriage(decision: TriageDecision): Promise<void>;
  /**
   * Make the project's decisions exactly these, in one transaction: a decision removed from the
   * triage file is removed from the store. Two writers of one project are serialised (the later
   * one's set wins whole, never a mix of both). Answers how many were added, changed and removed.
   */
  replaceTriage(project: string, decisions: TriageDecision[]): Promise<{ added: number; changed: number; removed: number }>;
  triage(project: string): Promise<TriageDecision[]>;
  recordUpdateCheck(check: UpdateCheck): Promise<void>;
  /**
   * Record one project's whole lockfile check (`vigil updates <app> --record`) in one transaction:
   * rows with a location are a snapshot, so a dependency dropped from the lockfiles is no longer
   * among the project's latest checks. Every check must name `project` and a non-empty location.
   */
  recordLockfileChecks(project: string, checks: UpdateCheck[]): Promise<void>;
  /**
   * Record a Node.js checkout's vendored checks (`vigil updates <checkout> --record`), all at
   * `checkedAt`, in one transaction: the snapshot of the tree that was read. A vendored dependency
   * whose current check is older and absent here left the tree: a row at `checkedAt` with the
   * detail `REMOVED_FROM_TREE` says so, and it is no longer among the current checks (before, a
   * dependency removed from deps/ kept its last check forever). Checks without a location only.
   */
  recordVendoredChecks(project: string, checks: UpdateCheck[], checkedAt: string): Promise<void>;
  /**
   * The project's current checks: the newest check of every vendored dependency (location ''),
   * and every row of the project's newest lockfile snapshot. Sorted by dependency, then location.
   */
  latestUpdateChecks(project: string): Promise<UpdateCheck[]>;
  /** The current checks (as latestUpdateChecks) of one dependency in every project that recorded it, by project, then location. */
  dependencyChecks(dependency: string): Promise<UpdateCheck[]>;
  saveRelease(release: string, state: unknown, updatedAt: string): Promise<void>;
  release(release: string): Promise<{ state: unknown; updatedAt: string } | null>;
  /**
   * Append one step carried out; the same (release, step, time) recorded again replaces it. With
   * `state`, where the release stands after it is saved in the same transaction (saveRelease).
   */
  recordReleaseStep(step: ReleaseStepRecord, state?: unknown): Promise<void>;
  /** The steps recorded, oldest first: of one release, or of every release. */
  releaseSteps(release?: string): Promise<ReleaseStepRecord[]>;
}

/**
 * Everything Vigil records, behind one interface with two backends: SQLite (one file, the default)
 * and PostgreSQL (a `postgres://` URL, shared by workers on several machines).
 */
export interface Store {
  backend: 'sqlite' | 'postgres';
  /** The file path, or the URL with its password removed. */
  location: string;
  advisories: AdvisoryStore;
  monitor: MonitorStore;
  records: RecordsStore;
  /** The applied migration version. */
  schemaVersion(): Promise<number>;
  close(): Promise<void>;
}
