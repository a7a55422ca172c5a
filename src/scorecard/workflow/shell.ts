/**
 * Which shell runs a `run:` step (Scorecard's GetShellForStep in checks/fileparser): the step's
 * `shell:`, then the job's `defaults.run.shell`, then pwsh when the step or every runner OS is
 * Windows, else bash. Workflow-level defaults are not consulted, as in Scorecard.
 */
import type { WorkflowJob, WorkflowStep } from './parse.js';

/** The job's runner OS cannot be known (`runs-on` from a matrix without an `os` key). */
export class UnknownRunnerOs extends Error {}

const WINDOWS_CONDITIONS = [
  /runner\.os\s*==\s*['"]windows['"]/i,
  /\$\{\{\s*startsWith\(runner\.os,\s*['"]windows['"]\)/i,
  /matrix\.os\s*==\s*['"]windows-/i,
];

/** The runner OS labels of a job, resolving a `matrix.os` expression through the matrix. */
export function jobOses(job: WorkflowJob): string[] {
  const fromMatrix = job.runsOn.length === 1 && (job.runsOn[0] ?? '').includes('matrix.os');
  if (!fromMatrix) return job.runsOn;
  const oses = job.matrixOs.map((os) => os.replace(/^['"]+|['"]+$/g, ''));
  if (oses.length === 0) throw new UnknownRunnerOs(`unable to determine OS for job: ${job.name ?? job.id}`);
  return oses;
}

/** The shell of a step; throws UnknownRunnerOs when that depends on an unknown OS. */
export function shellForStep(step: WorkflowStep, job: WorkflowJob): string {
  if (step.shell !== null && step.shell !== '') return step.shell;
  if (job.defaultShell !== null && job.defaultShell !== '') return job.defaultShell;
  if (step.if !== null && WINDOWS_CONDITIONS.some((pattern) => pattern.test(step.if ?? ''))) return 'pwsh';
  // A job with no runner label counts as Windows, as Scorecard's loop over no labels concludes.
  if (jobOses(job).every((os) => os.toLowerCase().startsWith('windows'))) return 'pwsh';
  return 'bash';
}
