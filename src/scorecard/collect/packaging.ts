import type { ParsedWorkflow, WorkflowFacts, WorkflowJob, WorkflowStep } from './workflows.js';

interface StepMatcher {
  uses?: string;
  with?: Record<string, string>;
  run?: RegExp;
}

interface JobMatcher {
  logText: string;
  /** Every matcher needs a matching step in the job (or the job calls the first one's `uses` as a reusable workflow). */
  steps: StepMatcher[];
}

/** Scorecard's packaging job matchers, in its order (fileparser/github_workflow.go IsPackagingWorkflow). */
const PACKAGING_MATCHERS: JobMatcher[] = [
  { logText: 'candidate node publishing workflow using npm', steps: [{ uses: 'actions/setup-node', with: { 'registry-url': 'https://registry.npmjs.org' } }, { run: /npm.*publish/ }] },
  { logText: 'candidate java publishing workflow using maven', steps: [{ uses: 'actions/setup-java' }, { run: /mvn.*deploy/ }] },
  { logText: 'candidate java publishing workflow using gradle', steps: [{ uses: 'actions/setup-java' }, { run: /gradle.*publish/ }] },
  { logText: 'candidate Scala publishing workflow using sbt-ci-release', steps: [{ run: /sbt.*ci-release/ }] },
  { logText: 'candidate ruby publishing workflow using gem', steps: [{ run: /gem.*push/ }] },
  { logText: 'candidate nuget publishing workflow', steps: [{ run: /nuget.*push/ }] },
  { logText: 'candidate docker publishing workflow', steps: [{ run: /docker.*push/ }] },
  { logText: 'candidate docker publishing workflow', steps: [{ uses: 'docker/build-push-action' }] },
  { logText: 'candidate python publishing workflow using pypi', steps: [{ uses: 'pypa/gh-action-pypi-publish' }] },
  { logText: 'candidate python publishing workflow using python-semantic-release', steps: [{ uses: 'relekang/python-semantic-release' }] },
  { logText: 'candidate golang publishing workflow', steps: [{ uses: 'goreleaser/goreleaser-action' }] },
  { logText: 'candidate rust publishing workflow using cargo', steps: [{ run: /cargo.*publish/ }] },
  // Scorecard requires both ko setup actions in one job; kept as it is.
  { logText: 'candidate container publishing workflow using ko', steps: [{ uses: 'imjasonh/setup-ko' }, { uses: 'ko-build/setup-ko' }] },
  { logText: 'candidate publishing workflow using semantic-release', steps: [{ run: /npx.*semantic-release/ }] },
  { logText: 'candidate publishing workflow using elixir', steps: [{ uses: 'erlef/setup-elixir' }, { run: /.*hex.publish.*/ }] },
];

function stepMatches(matcher: StepMatcher, step: WorkflowStep): boolean {
  if (matcher.uses !== undefined && !(step.uses ?? '').startsWith(`${matcher.uses}@`)) return false;
  if (matcher.uses !== undefined && step.uses === null) return false;
  for (const [key, value] of Object.entries(matcher.with ?? {})) if (step.with[key] !== value) return false;
  if (matcher.run) {
    if (step.run === null) return false;
    if (!matcher.run.test(step.run.replace(/\\(\n|\r|\r\n)/g, ''))) return false;
  }
  return true;
}

function jobMatches(matcher: JobMatcher, job: WorkflowJob): boolean {
  for (const step of matcher.steps) {
    if (job.uses !== null && step.uses !== undefined && job.uses.startsWith(`${step.uses}@`)) return true;
    if (!job.steps.some((candidate) => stepMatches(step, candidate))) return false;
  }
  return true;
}

export interface PackagingMatch {
  path: string;
  line: number;
  message: string;
}

/** The first job of a workflow that publishes a package, as Scorecard's AnyJobsMatch; null when none. */
export function packagingJob(workflow: ParsedWorkflow): PackagingMatch | null {
  for (const job of workflow.jobs) {
    for (const matcher of PACKAGING_MATCHERS) {
      if (jobMatches(matcher, job)) return { path: workflow.path, line: job.line, message: `${matcher.logText}: ${workflow.path}` };
    }
  }
  return null;
}

export interface PackagingFacts {
  matches: PackagingMatch[];
  problems: WorkflowFacts['problems'];
}

/** Every publishing workflow. Scorecard stops at the first with a successful run; a clone has no runs, so a match counts. */
export function packagingFacts(workflows: WorkflowFacts): PackagingFacts {
  const matches = workflows.workflows.map(packagingJob).filter((match): match is PackagingMatch => match !== null);
  return { matches, problems: workflows.problems };
}
