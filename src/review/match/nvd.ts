/**
 * NVD 2.0 configuration evaluation. A CVE applies to a component only through a cpeMatch marked
 * `vulnerable: true` that names it; `vulnerable: false` matches are conditions ("running on
 * Windows", "with OpenSSL") and never findings of their own. Nodes combine with AND/OR and may be
 * negated. Conditions on operating systems and hardware cannot be known from a checkout, so they
 * make a match conditional (three-valued logic: true, false, unknown), not certain.
 */
import type { CpeConfiguration, CpeMatch, CpeNode } from '../../advisories/types.js';
import { cpeProductKey, cpeVersion, parseCpe, type Cpe } from './cpe.js';
import { compareGeneric } from './versions.js';

type Truth = boolean | 'unknown';

/** The component being matched: CPE vendor/product and its (normalised) version. */
export interface CpeTarget {
  vendor: string;
  product: string;
  version: string;
}

/** Other applications in the same inventory, for `vulnerable: false` "with X" conditions. */
export type CpeEnvironment = Map<string, string[]>;

export interface NvdVerdict {
  status: 'affected' | 'fixed' | 'unaffected';
  fixedIn: string[];
  notes: string[];
}

/** Whether a version lies within a cpeMatch's criteria version and its start/end bounds. */
export function versionInMatch(match: CpeMatch, criteria: Cpe, version: string): boolean {
  const exact = cpeVersion(criteria);
  if (exact === '-') return false;
  if (exact !== '*') return compareGeneric(version, exact) === 0;
  if (match.versionStartIncluding && compareGeneric(version, match.versionStartIncluding) < 0) return false;
  if (match.versionStartExcluding && compareGeneric(version, match.versionStartExcluding) <= 0) return false;
  if (match.versionEndIncluding && compareGeneric(version, match.versionEndIncluding) > 0) return false;
  if (match.versionEndExcluding && compareGeneric(version, match.versionEndExcluding) >= 0) return false;
  return true;
}

/** At or past the end of a range whose start it satisfies: the version is fixed for this match. */
function pastEnd(match: CpeMatch, version: string): string | null {
  if (match.versionStartIncluding && compareGeneric(version, match.versionStartIncluding) < 0) return null;
  if (match.versionStartExcluding && compareGeneric(version, match.versionStartExcluding) <= 0) return null;
  if (match.versionEndExcluding && compareGeneric(version, match.versionEndExcluding) >= 0) return match.versionEndExcluding;
  return null;
}

interface Walk {
  targetHit: boolean;
  fixedIn: Set<string>;
  wasFixed: Set<string>;
  platforms: Set<string>;
}

function evaluateMatch(match: CpeMatch, target: CpeTarget, environment: CpeEnvironment, walk: Walk): Truth {
  const criteria = parseCpe(match.criteria);
  if (!criteria) return false;
  if (criteria.vendor === target.vendor && criteria.product === target.product) {
    const inside = versionInMatch(match, criteria, target.version);
    if (inside && match.vulnerable) {
      walk.targetHit = true;
      if (match.versionEndExcluding) walk.fixedIn.add(match.versionEndExcluding);
    }
    if (!inside && match.vulnerable) {
      const fixed = pastEnd(match, target.version);
      if (fixed) walk.wasFixed.add(fixed);
    }
    return inside;
  }
  if (criteria.part === 'o' || criteria.part === 'h') {
    walk.platforms.add(`${criteria.vendor}:${criteria.product}${criteria.version !== '*' ? ` ${criteria.version}` : ''}`);
    return 'unknown';
  }
  const versions = environment.get(cpeProductKey(criteria));
  if (!versions) return false;
  return versions.some((version) => versionInMatch(match, criteria, version));
}

function combine(operator: 'AND' | 'OR', values: Truth[]): Truth {
  if (operator === 'AND') return values.includes(false) ? false : values.every((value) => value === true) ? true : 'unknown';
  return values.includes(true) ? true : values.includes('unknown') ? 'unknown' : false;
}

const negated = (value: Truth, negate: boolean | undefined): Truth => (negate && value !== 'unknown' ? !value : value);

function evaluateNode(node: CpeNode, target: CpeTarget, environment: CpeEnvironment, walk: Walk): Truth {
  return negated(combine(node.operator, node.cpeMatch.map((match) => evaluateMatch(match, target, environment, walk))), node.negate);
}

/** Every configuration of a CVE against one component. */
export function evaluateConfigurations(configurations: CpeConfiguration[], target: CpeTarget, environment: CpeEnvironment = new Map()): NvdVerdict {
  const fixedIn = new Set<string>();
  const wasFixed = new Set<string>();
  const notes: string[] = [];
  let conditional: string[] | null = null;
  for (const configuration of configurations) {
    const walk: Walk = { targetHit: false, fixedIn: new Set(), wasFixed: new Set(), platforms: new Set() };
    const value = negated(combine(configuration.operator ?? 'OR', configuration.nodes.map((node) => evaluateNode(node, target, environment, walk))), configuration.negate);
    for (const version of walk.wasFixed) wasFixed.add(version);
    if (!walk.targetHit || value === false) continue;
    for (const version of walk.fixedIn) fixedIn.add(version);
    if (value === true) return { status: 'affected', fixedIn: [...fixedIn], notes };
    conditional ??= [...walk.platforms];
  }
  if (conditional) {
    notes.push(`only on platforms NVD names: ${conditional.join(', ')}`);
    return { status: 'affected', fixedIn: [...fixedIn], notes };
  }
  if (wasFixed.size > 0) return { status: 'fixed', fixedIn: [...wasFixed], notes };
  return { status: 'unaffected', fixedIn: [], notes };
}
