import type { RepoDelta, RepoRef, ScorePoint } from './types.js';

const oneDecimal = (value: number): number => Math.round(value * 10) / 10;

/** Checks whose score differs between two points, biggest move first. Checks absent on one side are skipped. */
export function movedChecks(previous: ScorePoint, current: ScorePoint): RepoDelta['moved'] {
  const before = new Map(previous.checks.map((check) => [check.name, check.score]));
  return current.checks
    .filter((check) => before.has(check.name) && before.get(check.name) !== check.score)
    .map((check) => ({ name: check.name, from: before.get(check.name)!, to: check.score }))
    .sort((a, b) => Math.abs(b.to - b.from) - Math.abs(a.to - a.from) || a.name.localeCompare(b.name));
}

/** The delta between a repository's two newest points (`points` newest first). */
export function deltaOf(ref: RepoRef, points: ScorePoint[]): RepoDelta | null {
  const [current, previous] = points;
  if (!current) return null;
  return {
    ref,
    current,
    previous: previous ?? null,
    delta: previous ? oneDecimal(current.score - previous.score) : 0,
    moved: previous ? movedChecks(previous, current) : [],
  };
}
