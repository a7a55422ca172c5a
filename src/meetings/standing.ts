import type { readDatabase } from '../monitor/index.js';
import type { StandingFiguresId } from './types.js';

/**
 * Live figures for standing items ("Vulnerability Review", "Scorecard report review"), one
 * line each. A source returns `undefined` when it has no data: the item is then listed without
 * figures rather than with a misleading "0".
 */
export type StandingFigures = (id: StandingFiguresId) => Promise<string[] | undefined>;

/** Open findings per release line, as `review` counts them. */
export interface OpenFindings {
  line: string;
  open: number;
  bySeverity: Record<string, number>;
  /** Open findings by reachability verdict, when the review computed verdicts (`vigil review --reachability`). */
  byReachability?: Record<string, number>;
}

/** `v20.x: 3 open (1 high, 2 moderate)` per line. Pure. */
export function findingsLines(findings: OpenFindings[]): string[] {
  return findings.map((entry) => {
    const detail = Object.entries(entry.bySeverity)
      .filter(([, count]) => count > 0)
      .map(([severity, count]) => `${count} ${severity}`)
      .join(', ');
    const reach = Object.entries(entry.byReachability ?? {})
      .map(([verdict, count]) => `${count} ${verdict.replace('-', ' ')}`)
      .join(', ');
    return `${entry.line}: ${entry.open} open${detail ? ` (${detail})` : ''}${reach ? `; ${reach}` : ''}`;
  });
}

/** One repository's Scorecard history: scores by date, oldest first. */
export interface ScoreHistory {
  repo: string;
  scores: { date: string; score: number }[];
}

/**
 * Repositories whose Scorecard score moved between its last two runs, largest move first:
 * `nodejs/nan 6.0 → 5.4 (-0.6)`. Pure.
 */
export function scorecardDeltaLines(histories: ScoreHistory[], limit = 10): string[] {
  const moves = histories
    .map((history) => {
      const sorted = [...history.scores].sort((a, b) => a.date.localeCompare(b.date));
      const last = sorted[sorted.length - 1];
      const before = sorted[sorted.length - 2];
      return last && before ? { repo: history.repo, from: before.score, to: last.score, delta: Math.round((last.score - before.score) * 10) / 10 } : undefined;
    })
    .filter((move): move is { repo: string; from: number; to: number; delta: number } => move !== undefined && move.delta !== 0)
    .sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta) || a.repo.localeCompare(b.repo));
  if (moves.length === 0) return ['no Scorecard score changed since the previous run'];
  return moves.slice(0, limit).map((move) => `${move.repo} ${move.from.toFixed(1)} → ${move.to.toFixed(1)} (${move.delta > 0 ? '+' : ''}${move.delta.toFixed(1)})`);
}

/** The scorecard-monitor database as the monitor area reads it. */
type MonitorDatabase = Awaited<ReturnType<typeof readDatabase>>['database'];

/** The per-repository histories in a scorecard-monitor database (`monitor.readDatabase`). */
export function historiesFromMonitorDatabase(database: MonitorDatabase): ScoreHistory[] {
  const histories: ScoreHistory[] = [];
  for (const [platform, organisations] of Object.entries(database)) {
    for (const [organisation, repos] of Object.entries(organisations)) {
      for (const [repo, entry] of Object.entries(repos)) {
        const repoName = platform === 'github.com' ? `${organisation}/${repo}` : `${platform}/${organisation}/${repo}`;
        histories.push({ repo: repoName, scores: [...entry.previous, entry.current].map((score) => ({ date: score.date, score: score.score })) });
      }
    }
  }
  return histories;
}

/** One reviewed project and release line, as `vigil review --record` keeps it for the dashboard. */
export interface ReviewedLine {
  project: string;
  line: string;
  findings: { severity: string; triage?: string; reachability?: string }[];
}

/** Triage decisions that close a finding: it is no longer "open" for the Vulnerability Review. */
const CLOSED_TRIAGE = new Set(['not_affected']);
const SEVERITY_ORDER = ['critical', 'high', 'moderate', 'medium', 'low'];

/**
 * Open findings per project and release line from the newest recorded reviews: a finding is open
 * unless triage closed it. Severity is the level the review recorded (`HIGH 7.5` → `high`). Pure.
 */
export function openFindingsFromReviews(reviews: ReviewedLine[], options: { reachableOnly?: boolean } = {}): OpenFindings[] {
  return reviews.map((review) => {
    // reachableOnly: findings the reachability graph showed cannot load are not on the agenda.
    const open = review.findings.filter((finding) => (!finding.triage || !CLOSED_TRIAGE.has(finding.triage)) && !(options.reachableOnly && finding.reachability === 'not-reachable'));
    const byReachability: Record<string, number> = {};
    for (const finding of open) if (finding.reachability) byReachability[finding.reachability] = (byReachability[finding.reachability] ?? 0) + 1;
    const counts = new Map<string, number>();
    for (const finding of open) {
      const level = finding.severity.split(' ')[0]!.toLowerCase() || 'unknown';
      counts.set(level, (counts.get(level) ?? 0) + 1);
    }
    const rank = (level: string): number => (SEVERITY_ORDER.includes(level) ? SEVERITY_ORDER.indexOf(level) : SEVERITY_ORDER.length);
    const bySeverity = Object.fromEntries([...counts].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b)));
    return { line: `${review.project} ${review.line}`, open: open.length, bySeverity, ...(Object.keys(byReachability).length ? { byReachability } : {}) };
  });
}
