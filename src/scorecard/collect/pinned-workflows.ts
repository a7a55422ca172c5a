/**
 * Pinning facts from one workflow: every `uses:` of a step or of a job (reusable workflows),
 * and every `run:` step scanned as a script in the shell it runs in.
 */
import type { Dependency, PinningFacts } from '../pinning-types.js';
import type { Located, Workflow } from '../workflow/parse.js';
import { shellForStep, UnknownRunnerOs } from '../workflow/shell.js';
import { isBinaryName, SUPPORTED_SHELLS } from '../shell/commands.js';
import { scanShell } from '../shell/scan.js';

/** Scorecard's isActionDependencyPinned: a local action, a 40+ hex ref, or a docker digest. */
export function isActionPinned(uses: string): boolean {
  return /^\..+[^/]/.test(uses) || /@[a-fA-F\d]{40,}/.test(uses) || /^docker:\/\/.*@sha256:[a-fA-F\d]{64}/.test(uses);
}

/** `actions/*` and `github/*` are GitHub-owned; they weigh less in the score. */
export function isGitHubOwnedAction(uses: string): boolean {
  return uses.startsWith('actions/') || uses.startsWith('github/');
}

export function collectActionPins(workflow: Workflow, facts: PinningFacts): void {
  for (const job of workflow.jobs) {
    if (job.uses !== null && !job.uses.value.startsWith('./')) facts.dependencies.push(actionDependency(workflow.path, job.uses));
    for (const step of job.steps) {
      if (step.uses === null || step.uses.value === '' || step.uses.value.startsWith('./')) continue;
      facts.dependencies.push(actionDependency(workflow.path, step.uses));
    }
  }
}

function actionDependency(path: string, uses: Located): Dependency {
  const at = uses.value.indexOf('@');
  const dependency: Dependency = {
    type: 'GitHubAction',
    path,
    line: uses.line,
    endLine: uses.line,
    snippet: uses.value,
    pinned: isActionPinned(uses.value),
    name: at < 0 ? uses.value : uses.value.slice(0, at),
  };
  if (at >= 0) dependency.pinnedAt = uses.value.slice(at + 1);
  if (!dependency.pinned) dependency.remediation = 'pin the action to a full commit SHA (vigil harden --only pin)';
  return dependency;
}

export function collectRunSteps(workflow: Workflow, facts: PinningFacts): void {
  for (const job of workflow.jobs) {
    // Files downloaded in one step and run in a later one of the same job are caught.
    const tainted = new Set<string>();
    for (const step of job.steps) {
      if (step.run === null) continue;
      let shell: string;
      try {
        shell = shellForStep(step, job);
      } catch (error) {
        if (!(error instanceof UnknownRunnerOs)) throw error;
        facts.errors.push({
          path: workflow.path,
          line: step.line,
          snippet: job.name ?? job.id,
          message: `Possibly incomplete results: ${error.message}`,
        });
        continue;
      }
      if (!SUPPORTED_SHELLS.some((name) => isBinaryName(name, shell))) continue;
      // `${{ … }}` would not parse as shell; Scorecard replaces each with a variable.
      const script = step.run.value.replace(/\{\{[^{}]*\}\}/g, 'GITHUB_REDACTED_VAR');
      // Scorecard adds the `run:` value's line to the script's lines, which puts a single-line
      // step's findings one line below it (#16); the offset keeps them on the command's line.
      scanShell(workflow.path, step.runLineOffset, step.runLineOffset, script, tainted, facts, step.run.line);
    }
  }
}
