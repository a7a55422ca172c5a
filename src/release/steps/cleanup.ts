import { join } from 'node:path';
import { releaseDay } from '../announcements.js';
import type { StepPlan } from '../types.js';
import { emptyPlan, requireData, type ReleaseContext } from './context.js';

/** `cleanup`: the folder becomes `security-release/<YYYY-MM-DD>`, as node-core-utils leaves it. */
export function planCleanup(context: ReleaseContext): StepPlan & { rename?: { from: string; to: string } } {
  const plan = emptyPlan('cleanup');
  const data = requireData(plan, context);
  if (!data) return plan;
  if (!data.vigilSteps?.finalize) plan.refusals.push('finalize has not run: the security-wg entries would be forgotten');
  if (!data.releaseDate) plan.refusals.push('no release date');
  if (plan.refusals.length > 0) return plan;
  const to = join(context.paths.root, 'security-release', releaseDay(data.releaseDate).toISOString().slice(0, 10));
  plan.actions.push(`rename ${context.paths.folder} to ${to}`);
  return { ...plan, rename: { from: context.paths.folder, to } };
}
