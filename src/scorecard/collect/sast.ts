import { forgeOf } from '../forge/context.js';
import type { MergedPullRequest } from '../forge/types.js';
import type { CheckContext, RepoView } from '../types.js';
import { collectWorkflows, type WorkflowFacts } from './workflows.js';
import { contentFiles } from './listing.js';

/** Tool names as Scorecard's SASTWorkflowType spells them. */
export type SastTool = 'CodeQL' | 'Sonar' | 'Snyk' | 'Pysa' | 'Qodana' | 'Hadolint';

export interface SastConfig {
  tool: SastTool;
  path: string;
  line: number;
  endLine?: number;
  snippet?: string;
}

/** One merged pull request of the recent history and whether a SAST app's check ran on its head (forge only). */
export interface SastCommit {
  sha: string;
  compliant: boolean;
}

export interface SastFacts {
  configs: SastConfig[];
  /** Null when no forge data: the "runs on all commits" claim is then not applicable, as in Scorecard's local mode. */
  commits: SastCommit[] | null;
  problems: WorkflowFacts['problems'];
}

/** Action patterns in Scorecard's order (raw/sast.go); matched on `uses` without its `@ref`. */
const ACTION_TOOLS: [SastTool, RegExp][] = [
  ['CodeQL', /^github\/codeql-action\/analyze$/],
  ['Snyk', /^snyk\/actions\/.*/],
  ['Pysa', /^facebook\/pysa-action$/],
  ['Qodana', /^JetBrains\/qodana-action$/],
  ['Hadolint', /^hadolint\/hadolint-action$/],
];

const SONAR_URL = /<sonar\.host\.url>\s*(\S+)\s*<\/sonar\.host\.url>/;

/** Workflows' SAST actions (one entry per matching step, as Scorecard), then pom.xml files naming a Sonar host. */
export function sastConfigs(workflows: WorkflowFacts, poms: { path: string; text: string }[]): SastConfig[] {
  const byTool = (tool: SastTool, pattern: RegExp): SastConfig[] =>
    workflows.workflows.flatMap((workflow) =>
      workflow.jobs.flatMap((job) =>
        job.steps.filter((step) => step.uses !== null && pattern.test((step.uses.replace(/^actions:\/\//, '').split('@')[0]) ?? '')).map(() => ({ tool, path: workflow.path, line: 1 })),
      ),
    );
  const [codeql, ...others] = ACTION_TOOLS;
  const configs = codeql ? byTool(...codeql) : [];
  for (const pom of poms) {
    const match = SONAR_URL.exec(pom.text);
    if (!match) continue;
    const lines = pom.text.split('\n');
    const start = lines.findIndex((line) => line.includes('<sonar.host.url>')) + 1;
    const end = lines.findIndex((line) => line.includes('</sonar.host.url>')) + 1;
    configs.push({ tool: 'Sonar', path: pom.path, line: start, endLine: end, snippet: match[1] ?? '' });
  }
  for (const tool of others) configs.push(...byTool(...tool));
  return configs;
}

/** SAST apps whose successful or neutral check runs count (raw/sast.go sastTools). */
const SAST_APPS = new Set(['github-advanced-security', 'github-code-scanning', 'lgtm-com', 'sonarcloud', 'sonarqubecloud']);

/** One entry per commit of a merged pull request, compliant when a SAST app's run completed well. */
export function sastCommits(pulls: MergedPullRequest[]): SastCommit[] {
  return pulls.flatMap((pull) => {
    const compliant = pull.checkSuites.some((suite) => SAST_APPS.has(suite.slug) && suite.successfulRuns + suite.neutralRuns > 0);
    return Array.from({ length: pull.commits }, () => ({ sha: pull.headSha, compliant }));
  });
}

/** Workflows (shared parse) and every pom.xml; commits come from the forge when a token is given. */
export async function collectSast(view: RepoView, context: CheckContext): Promise<SastFacts> {
  const workflows = await collectWorkflows(view);
  const poms: { path: string; text: string }[] = [];
  for (const file of contentFiles(view).filter((candidate) => candidate.path.toLowerCase().split('/').pop() === 'pom.xml')) {
    const text = await view.readText(file.path);
    if (text !== null) poms.push({ path: file.path, text });
  }
  const forge = forgeOf(context);
  const commits = forge ? sastCommits((await forge.facts()).mergedPullRequests) : null;
  return { configs: sastConfigs(workflows, poms), commits, problems: workflows.problems };
}
