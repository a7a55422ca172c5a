/** The dry run's output: one unified diff per changed file (`diff` package), paths as git shows them. */
import { createTwoFilesPatch } from 'diff';
import type { HardenPlan } from './types.js';

export function planDiff(plan: HardenPlan): string {
  return plan.files
    .map((file) =>
      createTwoFilesPatch(file.before === null ? '/dev/null' : `a/${file.path}`, `b/${file.path}`, file.before ?? '', file.after, undefined, undefined, { context: 3 }).replace(
        /^=+\n/,
        '',
      ),
    )
    .join('');
}
