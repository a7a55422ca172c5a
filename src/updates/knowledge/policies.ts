import { lineStatus } from '../../release/schedule.js';
import type { LinePolicy, UpstreamSource } from '../types.js';

/**
 * How far each dependency may move on each Node.js release line (knowledge is data). What is
 * not listed may take any newer release. Reasons are what the release team would say.
 */
export const linePolicies: LinePolicy[] = [
  { id: 'openssl', lines: [18, 20, 22], allow: 'same-minor', reason: 'OpenSSL stays on its 3.0 LTS line on these release lines (ABI and FIPS); only patch releases' },
  { id: 'v8', lines: '*', allow: 'same-minor', reason: 'V8 follows the release line: only patch levels of the same V8 branch (update-v8-patch.sh); a new branch is a semver-major Node change' },
  { id: 'icu', lines: '*', allow: 'any', reason: 'ICU updates are taken on every line (time-zone and CLDR data)' },
  { id: 'npm', lines: [18, 20], allow: 'same-major', reason: "a release line keeps npm's major version" },
  { id: 'undici', lines: [18], allow: 'same-major', reason: 'undici 6 needs Node 18.17+ APIs; v18.x stays on undici 5' },
  { id: 'libuv', lines: '*', allow: 'same-major', reason: 'libuv 2.x would be an ABI break' },
];

/** The policy for a dependency on a Node.js major, if one is listed. */
export function policyFor(id: string, nodeMajor: number | undefined, policies: LinePolicy[] = linePolicies): LinePolicy | undefined {
  return policies.find((policy) => policy.id === id && (policy.lines === '*' || (nodeMajor !== undefined && policy.lines.includes(nodeMajor))));
}

/** Lines that take no semver-major dependency updates: the LTS phases (and lines past them). */
const STABLE_PHASES = new Set(['active-lts', 'maintenance', 'end-of-life']);

/**
 * The policy a release line follows for a dependency published on npm when no entry above says
 * otherwise (issue #17): an LTS line keeps the major it ships. v22's changelog shows 25 undici
 * updates, all 6.x, and 14 npm updates, all 10.x; so on v22.x (and v20.x) undici 8 or npm 12 is not
 * "allowed". Current and unreleased lines (main) take any release. Derived from the major in the
 * checkout, not listed per dependency, so a newly vendored npm package is covered too.
 */
export function derivedPolicy(id: string, source: UpstreamSource, current: string | null, nodeMajor: number | undefined, today: string): LinePolicy | undefined {
  if (source.datasource !== 'npm' || nodeMajor === undefined || current === null) return undefined;
  const phase = lineStatus(nodeMajor, today);
  if (!STABLE_PHASES.has(phase)) return undefined;
  const major = current.split('.')[0];
  return { id, lines: [nodeMajor], allow: 'same-major', reason: `v${nodeMajor}.x (${phase}) ships ${id} ${major}.x: an LTS line keeps the major of an npm-published dependency` };
}
