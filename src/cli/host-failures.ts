import { EXIT } from '../errors.js';
import { takeHostFailures } from '../util/fetch-policy.js';
import type { CommandContext } from './context.js';

/**
 * Say once per host what failed while a command went on with partial results (rows unknown,
 * pins skipped), and return the exit code that marks the result incomplete: 2, or 0 when every
 * host answered. `what` names the result: "the update report", "the hardening plan".
 */
export function reportHostFailures(context: CommandContext, what: string): number {
  const failures = takeHostFailures();
  for (const failure of failures) {
    context.logger.warn(`${failure.host}: ${failure.reason} — ${failure.count} item(s) of ${what} left incomplete (exit 2)`);
  }
  return failures.length > 0 ? EXIT.input : EXIT.ok;
}
