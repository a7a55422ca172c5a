import type { VulnerabilitiesJson } from '../../formats/vulnerabilities-json/schema.js';
import { serialiseVulnerabilitiesJson } from '../../formats/vulnerabilities-json/write.js';
import type { HackerOne } from '../hackerone.js';
import type { ReleaseSchedule } from '../schedule.js';
import { recordStep } from '../state.js';
import type { FileWrite, Milestone, ReleasePaths, StepPlan } from '../types.js';
import { readInputText } from '../../util/read-input.js';

/** What every step receives. Only the CLI builds it (it reads config, env and flags). */
export interface ReleaseContext {
  paths: ReleasePaths;
  /** The current vulnerabilities.json, or null before `start`. */
  data: VulnerabilitiesJson | null;
  now: Date;
  hackerone?: HackerOne;
  /** Where announcement and notification texts are written (default: the release folder). */
  outputDir: string;
  /** A directory with pre-release.md / post-release.md overriding the defaults. */
  templatesDir?: string;
  /** The Node.js release schedule (`vigil release schedule sync`); the built-in copy when absent. */
  schedule?: ReleaseSchedule;
}

/** Read a file's current text, null when absent: a plan compares before writing. */
export async function currentText(path: string): Promise<string | null> {
  try {
    return await readInputText(path, { kind: 'state' });
  } catch (error) {
    if ((error as { code?: string }).code === 'not-found') return null;
    throw error;
  }
}

/** An empty plan for a step. */
export function emptyPlan(step: string): StepPlan {
  return { step, actions: [], writes: [], data: null, refusals: [], issues: [] };
}

/** Add a file write to the plan only when the content differs from what is on disk. */
export async function planWrite(plan: StepPlan, path: string, content: string, action: string): Promise<void> {
  const before = await currentText(path);
  if (before === content) {
    plan.actions.push(`unchanged: ${path}`);
    return;
  }
  plan.writes.push({ path, content, before } satisfies FileWrite);
  plan.actions.push(`${before === null ? 'create' : 'update'} ${path}: ${action}`);
}

/** The plan's new vulnerabilities.json, with the step recorded, as the last write. */
export async function planData(plan: StepPlan, context: ReleaseContext, data: VulnerabilitiesJson, record?: { step: Milestone; note: string }): Promise<void> {
  const next = record ? recordStep(data, record.step, record.note, context.now) : data;
  plan.data = next;
  const before = await currentText(context.paths.file);
  const content = serialiseVulnerabilitiesJson(next);
  // Only the timestamp of a recorded step changed: the step already ran; keep the file as it is.
  if (before !== null && record && data.vigilSteps?.[record.step] && serialiseVulnerabilitiesJson(data) === before) {
    plan.actions.push(`unchanged: ${context.paths.file}`);
    plan.data = data;
    return;
  }
  await planWrite(plan, context.paths.file, content, record ? `record step ${record.step}` : 'update the release');
}

/** The release data, or a refusal saying which step creates it. */
export function requireData(plan: StepPlan, context: ReleaseContext): VulnerabilitiesJson | null {
  if (context.data === null) plan.refusals.push(`no vulnerabilities.json at ${context.paths.file}: run \`vigil release start\` first`);
  return context.data;
}

/** The HackerOne client, or a refusal saying which credentials to set. */
export function requireHackerOne(plan: StepPlan, context: ReleaseContext): HackerOne | null {
  if (!context.hackerone) plan.refusals.push('HackerOne credentials are needed: set VIGIL_H1_IDENTIFIER and VIGIL_H1_TOKEN');
  return context.hackerone ?? null;
}
