import { forgeCheck } from './forge-check.js';
import { scored } from './result.js';

const NAME = 'CII-Best-Practices';
/** evaluation/cii_best_practices.go. */
const LEVELS: Record<string, [number, string]> = { gold: [10, 'Gold'], silver: [7, 'Silver'], passing: [5, 'Passing'], in_progress: [2, 'InProgress'] };

export function evaluateBestPractices(level: string | null) {
  const known = level === null ? undefined : LEVELS[level.toLowerCase()];
  if (!known) return scored(NAME, 'forge', 0, 'no effort to earn an OpenSSF best practices badge detected');
  return scored(NAME, 'forge', known[0], `badge detected: ${known[1]}`);
}

export const ciiBestPractices = forgeCheck<string | null>({ name: NAME, risk: 'Low', load: (forge) => forge.bestPracticesBadge(), evaluate: evaluateBestPractices });
