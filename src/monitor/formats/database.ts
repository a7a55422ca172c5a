import { z } from 'zod';
import type { RepoRef } from '../types.js';
import { parseJsonFile } from './validation.js';

/**
 * scorecard-monitor's database file: per platform, org and repository, the `current` score and
 * the `previous` ones. Upstream appends only when the score changes; Vigil appends every run.
 */
export const ScoreEntry = z.strictObject({
  score: z.number().min(-1).max(10),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'a date (YYYY-MM-DD…)'),
  commit: z.string().regex(/^[0-9a-f]{7,40}$/, 'a commit SHA'),
});
export type ScoreEntry = z.infer<typeof ScoreEntry>;

const RepoHistory = z.strictObject({ previous: z.array(ScoreEntry), current: ScoreEntry });
export const DatabaseFile = z.record(z.string(), z.record(z.string(), z.record(z.string(), RepoHistory)));
export type DatabaseFile = z.infer<typeof DatabaseFile>;

export function parseDatabase(text: string, file: string): DatabaseFile {
  return parseJsonFile(text, file, DatabaseFile, 'database');
}

/**
 * The same bytes upstream writes (`JSON.stringify(database, null, 2)`, no newline at the end), so
 * diffs in the WG's PRs stay small; a file that had a final newline keeps it.
 */
export function serializeDatabase(database: DatabaseFile, finalNewline = false): string {
  return `${JSON.stringify(database, null, 2)}${finalNewline ? '\n' : ''}`;
}

export function historyOf(database: DatabaseFile, ref: RepoRef): ScoreEntry[] {
  const entry = database[ref.platform]?.[ref.org]?.[ref.repo];
  return entry ? [...entry.previous, entry.current] : [];
}

/** Record a run's score: the old current moves to previous. Returns a new database. */
export function recordScore(database: DatabaseFile, ref: RepoRef, score: ScoreEntry): DatabaseFile {
  const platform = database[ref.platform] ?? {};
  const org = platform[ref.org] ?? {};
  const existing = org[ref.repo];
  const next = existing ? { previous: [...existing.previous, existing.current], current: score } : { previous: [], current: score };
  return { ...database, [ref.platform]: { ...platform, [ref.org]: { ...org, [ref.repo]: next } } };
}
