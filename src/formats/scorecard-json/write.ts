import type { CheckDetail, ScorecardResult } from '../../scorecard/types.js';

/** One detail as Scorecard prints it: `Warn: message: path:line[-end]`. */
export function detailToString(detail: CheckDetail): string {
  let text = `${detail.type}: ${detail.message}`;
  if (detail.path) {
    text += `: ${detail.path}`;
    if (detail.line) text += `:${detail.line}`;
    if (detail.endLine && detail.line && detail.line < detail.endLine) text += `-${detail.endLine}`;
  }
  return text;
}

export interface JsonOptions {
  /** `--show-details`: include details (Debug ones only with `verbose`). Without it Scorecard writes `details: null`. */
  showDetails: boolean;
  verbose?: boolean;
}

/** Go's time.RFC3339: no fractional seconds. */
const rfc3339 = (iso: string): string => iso.replace(/\.\d+Z$/, 'Z');

/**
 * Scorecard's JSON v2 result (pkg/scorecard/json.go, json.v2.schema): same keys, same order, the
 * aggregate printed with one decimal (`"score": 7.0`), so the monitor and visualizer read it as is.
 */
export function writeScorecardJson(result: ScorecardResult, options: JsonOptions): string {
  const SCORE = '"__vigil_aggregate_score__"';
  const document = {
    date: rfc3339(result.date),
    repo: { name: result.repo.name, commit: result.repo.commit },
    scorecard: { version: result.scorecard.version, commit: result.scorecard.commit },
    score: JSON.parse(SCORE) as string,
    checks: result.checks.map((check) => ({
      details: options.showDetails ? check.details.filter((detail) => detail.type !== 'Debug' || options.verbose).map(detailToString) : null,
      score: check.score,
      reason: check.reason,
      name: check.name,
      documentation: { url: check.documentation.url, short: check.documentation.short },
    })),
    metadata: [] as string[],
  };
  return `${JSON.stringify(document, null, 2).replace(SCORE, result.score.toFixed(1))}\n`;
}
