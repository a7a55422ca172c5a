/**
 * Scorecard's job matchers (checks/fileparser/github_workflow.go and checks/raw/permissions.go):
 * a job matches when every step pattern is met by one of its steps (`uses:` prefix, `with:`
 * values, a `run:` regex), or when the job calls the reusable workflow named by a pattern.
 */
import type { Workflow, WorkflowJob, WorkflowStep } from './parse.js';

export interface StepPattern {
  uses?: string;
  with?: Record<string, string>;
  run?: RegExp;
}
export interface JobMatcher {
  steps: StepPattern[];
  log: string;
}

const m = (log: string, ...steps: StepPattern[]): JobMatcher => ({ log, steps });

export const PACKAGING: JobMatcher[] = [
  m('candidate node publishing workflow using npm', { uses: 'actions/setup-node', with: { 'registry-url': 'https://registry.npmjs.org' } }, { run: /npm.*publish/ }),
  m('candidate java publishing workflow using maven', { uses: 'actions/setup-java' }, { run: /mvn.*deploy/ }),
  m('candidate java publishing workflow using gradle', { uses: 'actions/setup-java' }, { run: /gradle.*publish/ }),
  m('candidate Scala publishing workflow using sbt-ci-release', { run: /sbt.*ci-release/ }),
  m('candidate ruby publishing workflow using gem', { run: /gem.*push/ }),
  m('candidate nuget publishing workflow', { run: /nuget.*push/ }),
  m('candidate docker publishing workflow', { run: /docker.*push/ }),
  m('candidate docker publishing workflow', { uses: 'docker/build-push-action' }),
  m('candidate python publishing workflow using pypi', { uses: 'pypa/gh-action-pypi-publish' }),
  m('candidate python publishing workflow using python-semantic-release', { uses: 'relekang/python-semantic-release' }),
  m('candidate golang publishing workflow', { uses: 'goreleaser/goreleaser-action' }),
  m('candidate rust publishing workflow using cargo', { run: /cargo.*publish/ }),
  m('candidate container publishing workflow using ko', { uses: 'imjasonh/setup-ko' }, { uses: 'ko-build/setup-ko' }),
  m('candidate publishing workflow using semantic-release', { run: /npx.*semantic-release/ }),
  m('candidate publishing workflow using elixir', { uses: 'erlef/setup-elixir' }, { run: /.*hex.publish.*/ }),
];

export const RELEASING: JobMatcher[] = [
  m('candidate python publishing workflow using python-semantic-release', { uses: 'relekang/python-semantic-release' }),
  m('candidate publishing workflow using semantic-release', { run: /(npx|pnpm|yarn).*semantic-release/ }),
  m('candidate golang publishing workflow', { uses: 'actions/setup-go' }, { uses: 'goreleaser/goreleaser-action' }),
  m('candidate SLSA publishing workflow using slsa-github-generator', { uses: 'slsa-framework/slsa-github-generator/.github/workflows/builder_go_slsa3.yml' }),
  m('candidate SLSA publishing workflow using slsa-github-generator', { uses: 'slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml' }),
  m('candidate mvn release workflow', { run: /.*mvn.*release:prepare.*/ }),
];

export const GITHUB_PAGES: JobMatcher[] = [
  m('candidate GitHub page deployment workflow using peaceiris/actions-gh-pages', { uses: 'peaceiris/actions-gh-pages' }),
];

/** Actions whose job needs `security-events: write` to upload SARIF results. */
export const SARIF_UPLOADERS = [
  'github/codeql-action/analyze',
  'github/codeql-action/upload-sarif',
  'ossf/scorecard-action',
  'haskell-actions/hlint-scan',
  'zizmorcore/zizmor-action',
];

function stepMatches(pattern: StepPattern, step: WorkflowStep): boolean {
  if (pattern.uses !== undefined && (step.uses === null || !step.uses.value.startsWith(`${pattern.uses}@`))) return false;
  for (const [key, value] of Object.entries(pattern.with ?? {})) {
    if (step.uses === null || step.with.get(key)?.value !== value) return false;
  }
  if (pattern.run !== undefined) {
    if (step.run === null) return false;
    if (!pattern.run.test(step.run.value.replace(/\\(\r\n|\n|\r)/g, ''))) return false;
  }
  return true;
}

function jobMatches(matcher: JobMatcher, job: WorkflowJob): boolean {
  for (const pattern of matcher.steps) {
    if (job.uses !== null && pattern.uses !== undefined && job.uses.value.startsWith(`${pattern.uses}@`)) return true;
    if (!job.steps.some((step) => stepMatches(pattern, step))) return false;
  }
  return true;
}

/** Scorecard's AnyJobsMatch: the first job matching any matcher, with its log text. */
export function anyJobMatches(workflow: Workflow, matchers: JobMatcher[], noMatch: string): { matched: boolean; message: string; line?: number } {
  for (const job of workflow.jobs) {
    for (const matcher of matchers) {
      if (jobMatches(matcher, job)) return { matched: true, message: `${matcher.log}: ${workflow.path}`, line: job.line };
    }
  }
  return { matched: false, message: `${noMatch}: ${workflow.path}` };
}
