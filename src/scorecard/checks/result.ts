import { INCONCLUSIVE, MAX_SCORE, MIN_SCORE, type CheckDetail, type CheckResult, type Risk } from '../types.js';

/** Scorecard's one-line description of each check (docs/checks/internal/checks.yaml, `short`). */
export const CHECK_DOCS: Record<string, { risk: Risk; short: string }> = {
  'Binary-Artifacts': { risk: 'High', short: 'Determines if the project has generated executable (binary) artifacts in the source repository.' },
  'Branch-Protection': { risk: 'High', short: "Determines if the default and release branches are protected with GitHub's branch protection settings." },
  'CI-Tests': { risk: 'Low', short: 'Determines if the project runs tests before pull requests are merged.' },
  'CII-Best-Practices': { risk: 'Low', short: 'Determines if the project has an OpenSSF (formerly CII) Best Practices Badge.' },
  'Code-Review': { risk: 'High', short: 'Determines if the project requires human code review before pull requests (aka merge requests) are merged.' },
  Contributors: { risk: 'Low', short: 'Determines if the project has a set of contributors from multiple organizations (e.g., companies).' },
  'Dangerous-Workflow': { risk: 'Critical', short: "Determines if the project's GitHub Action workflows avoid dangerous patterns." },
  'Dependency-Update-Tool': { risk: 'High', short: 'Determines if the project uses a dependency update tool.' },
  Fuzzing: { risk: 'Medium', short: 'Determines if the project uses fuzzing.' },
  License: { risk: 'Low', short: 'Determines if the project has defined a license.' },
  Maintained: { risk: 'High', short: 'Determines if the project is "actively maintained".' },
  Packaging: { risk: 'Medium', short: 'Determines if the project is published as a package that others can easily download, install, easily update, and uninstall.' },
  'Pinned-Dependencies': { risk: 'Medium', short: 'Determines if the project has declared and pinned the dependencies of its build process.' },
  SAST: { risk: 'Medium', short: 'Determines if the project uses static code analysis.' },
  'Security-Policy': { risk: 'Medium', short: 'Determines if the project has published a security policy.' },
  'Signed-Releases': { risk: 'High', short: 'Determines if the project cryptographically signs release artifacts.' },
  'Token-Permissions': { risk: 'High', short: "Determines if the project's workflows follow the principle of least privilege." },
  Vulnerabilities: { risk: 'High', short: 'Determines if the project has open, known unfixed vulnerabilities.' },
  Webhooks: { risk: 'Critical', short: 'This check validates if the webhook defined in the repository has a token configured.' },
};

/** Scorecard's documentation URL for a check at a commit of ossf/scorecard ("main" when unknown). */
export function documentationUrl(name: string, commitish = 'main'): string {
  return `https://github.com/ossf/scorecard/blob/${commitish}/docs/checks.md#${name.toLowerCase()}`;
}

function documentation(name: string): CheckResult['documentation'] {
  return { short: CHECK_DOCS[name]?.short ?? '', url: documentationUrl(name) };
}

/** A scored result; the score must be an integer in 0–10 (Scorecard's CreateResultWithScore). */
export function scored(name: string, measured: CheckResult['measured'], score: number, reason: string, details: CheckDetail[] = []): CheckResult {
  if (!Number.isInteger(score) || score < MIN_SCORE || score > MAX_SCORE) throw new Error(`${name}: invalid score ${score}`);
  return { name, score, reason, details, measured, documentation: documentation(name) };
}

/** A result that could not decide: −1, which the aggregate leaves out. */
export function inconclusive(name: string, measured: CheckResult['measured'], reason: string, details: CheckDetail[] = []): CheckResult {
  return { name, score: INCONCLUSIVE, reason, details, measured, documentation: documentation(name) };
}

/** Scorecard's CreateProportionalScore: integer 10·success/total, capped at 10; 0 when total is 0. */
export function proportionalScore(success: number, total: number): number {
  if (total === 0) return 0;
  return Math.min(Math.trunc((MAX_SCORE * success) / total), MAX_SCORE);
}

/** Scorecard's NormalizeReason: the reason a proportional score prints. */
export function normalizeReason(reason: string, score: number): string {
  return `${reason} -- score normalized to ${score}`;
}

/** Scorecard's AggregateScoresWithWeight: floor(Σ score·weight / Σ weight). */
export function aggregateScoresWithWeight(pairs: { score: number; weight: number }[]): number {
  const total = pairs.reduce((sum, pair) => sum + pair.weight, 0);
  return Math.floor(pairs.reduce((sum, pair) => sum + pair.score * pair.weight, 0) / total);
}

export const info = (message: string, where: Partial<CheckDetail> = {}): CheckDetail => ({ type: 'Info', message, ...where });
export const warn = (message: string, where: Partial<CheckDetail> = {}): CheckDetail => ({ type: 'Warn', message, ...where });
export const debug = (message: string, where: Partial<CheckDetail> = {}): CheckDetail => ({ type: 'Debug', message, ...where });
