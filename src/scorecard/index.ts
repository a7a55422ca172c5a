/** The scorecard area: OpenSSF Scorecard checks from a clone (README.md). Other areas import from here. */
import { UsageError } from '../errors.js';
import { checks, findCheck } from './checks/registry.js';
import { gitHistory } from './history.js';
import { memoryView } from './memory-view.js';
import { openRepoView, remoteName } from './repo-view.js';
import { runChecks } from './run.js';
import type { ScorecardForge } from './forge/types.js';
import type { CheckContext, CheckDefinition, ScorecardResult, VulnerabilitySource } from './types.js';
import type { AdvisoryLookup } from '../advisories/types.js';

export { checks, findCheck } from './checks/registry.js';
export { aggregateScore, roundScore, runChecks, RISK_WEIGHTS } from './run.js';
export { openRepoView, type OpenedView } from './repo-view.js';
export { memoryView } from './memory-view.js';
export { openAdvisoryDb } from './advisory-db.js';
export { createGitHubForge, type GitHubApi } from './forge/github.js';
export { createBestPracticesLookup } from './forge/best-practices.js';
export type { ForgeFacts, ScorecardForge } from './forge/types.js';
export type * from './types.js';

export interface ScoreOptions {
  /** Scorecard check names; all registered checks when absent. */
  checks?: string[];
  now?: Date;
  ref?: string;
  /** Name in the result; default `github.com/owner/repo` from origin, else the directory name. */
  name?: string;
  forge?: ScorecardForge;
  /** The advisory store Vulnerabilities matches the commit's inventory against (`openAdvisoryDb`). */
  advisoryDb?: AdvisoryLookup;
  /** Overrides advisoryDb (tests). */
  vulnerabilities?: VulnerabilitySource;
  version?: string;
}

/** Resolve `--checks` names against the registry; an unknown name is a usage error listing the known ones. */
export function selectChecks(names: string[] | undefined): CheckDefinition<never>[] {
  if (!names || names.length === 0) return checks;
  return names.map((name) => {
    const found = findCheck(name.trim());
    if (!found) throw new UsageError(`unknown check ${JSON.stringify(name)}; known checks: ${checks.map((check) => check.name).join(', ')}`);
    return found;
  });
}

/**
 * Score a repository that has no clone here (`vigil scorecard owner/repo`): only the checks the
 * forge can answer run; the others need the files and are not reported.
 */
export async function scoreRemote(repo: string, forge: ScorecardForge, options: Omit<ScoreOptions, 'forge'> = {}): Promise<ScorecardResult> {
  const definitions = selectChecks(options.checks).filter((check) => check.measured !== 'files');
  const view = memoryView({}, { name: `github.com/${repo}` });
  return runChecks(view, definitions, { now: options.now ?? new Date(), forge }, { name: view.name, commit: null, apiCalls: () => forge.apiCalls(), ...(options.version ? { version: options.version } : {}) });
}

/** Score one local path (a clone, or any directory): collect once, evaluate every selected check. */
export async function scoreRepository(path: string, options: ScoreOptions = {}): Promise<ScorecardResult & { filesRead: number; bytesRead: number }> {
  const definitions = selectChecks(options.checks);
  const opened = await openRepoView(path, { ...(options.ref ? { ref: options.ref } : {}), ...(options.name ? { name: options.name } : {}) });
  try {
    const { view } = opened;
    const source = view.source;
    // The remote's name, the history and the advisory reader are independent: asked for at once.
    const [remote, history, vulnerabilities] = await Promise.all([
      options.name === undefined && source?.kind === 'git' ? remoteName(source.root) : null,
      source?.kind === 'git' && view.commit ? gitHistory(source.root, view.commit, source.shallow) : undefined,
      // The inventory and review areas load only when Vulnerabilities has a store to read.
      options.vulnerabilities ?? (options.advisoryDb ? import('./vulnerability-source.js').then((module) => (options.advisoryDb ? module.reviewVulnerabilities(options.advisoryDb) : undefined)) : undefined),
    ]);
    const name = options.name ?? remote ?? view.name;
    const context: CheckContext = {
      now: options.now ?? new Date(),
      ...(history ? { history } : {}),
      ...(options.forge ? { forge: options.forge } : {}),
      ...(vulnerabilities ? { vulnerabilities } : {}),
    };
    const result = await runChecks(view, definitions, context, {
      name,
      commit: view.commit,
      ...(options.forge ? { apiCalls: () => options.forge?.apiCalls() ?? 0 } : {}),
      ...(options.version ? { version: options.version } : {}),
    });
    return { ...result, filesRead: opened.stats.filesRead, bytesRead: opened.stats.bytesRead };
  } finally {
    opened.close();
  }
}

/** `owner/repo` of a clone whose origin is on GitHub; null otherwise (forge checks then stay −1). */
export async function githubRepoOf(path: string): Promise<string | null> {
  const name = await remoteName(path).catch(() => null);
  return name ? name.replace(/^github\.com\//, '') : null;
}
