import type { LinePolicy } from '../types.js';

export { derivedPolicy } from './line-history.js';

/**
 * How far each dependency may move on each Node.js release line (knowledge is data). What is
 * not listed may take any newer release. Reasons are what the release team would say.
 */
export const linePolicies: LinePolicy[] = [
  { id: 'openssl', lines: [18, 20, 22], allow: 'same-minor', reason: 'OpenSSL stays on its 3.0 LTS line on these release lines (ABI and FIPS); only patch releases' },
  { id: 'v8', lines: '*', allow: 'same-minor', reason: 'V8 follows the release line: only patch levels of the same V8 branch (update-v8-patch.sh); a new branch is a semver-major Node change' },
  { id: 'icu', lines: '*', allow: 'any', reason: 'ICU updates are taken on every line (time-zone and CLDR data)' },
  { id: 'libuv', lines: '*', allow: 'same-major', reason: 'libuv 2.x would be an ABI break' },
];

/** The policy for a dependency on a Node.js major, if one is listed. */
export function policyFor(id: string, nodeMajor: number | undefined, policies: LinePolicy[] = linePolicies): LinePolicy | undefined {
  return policies.find((policy) => policy.id === id && (policy.lines === '*' || (nodeMajor !== undefined && policy.lines.includes(nodeMajor))));
}
