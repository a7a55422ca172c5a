/** Lockfile projects' outdated dependencies (issue #8): `npm outdated`'s columns, plus the fixes. */
export { checkProjectUpdates, type ProjectCheckOptions } from './check.js';
export { candidatesOf, rootsOf, manifestPath } from './candidates.js';
export { evaluateCandidate, compareRows } from './evaluate.js';
export { pickWanted, outsideRange, isTagSpec } from './wanted.js';
export type * from './types.js';
