import type { CheckContext } from '../types.js';
import type { ScorecardForge } from './types.js';

/** The forge of a check context, when a token was given. CheckContext keeps `forge` untyped so areas stay decoupled. */
export function forgeOf(context: CheckContext): ScorecardForge | undefined {
  const forge = context.forge as Partial<ScorecardForge> | undefined;
  return forge && typeof forge.facts === 'function' ? (forge as ScorecardForge) : undefined;
}
