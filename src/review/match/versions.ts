/**
 * Version ordering for what semver cannot order: NVD CPE versions of vendored C/C++ components
 * (OpenSSL's letter releases 1.1.1w, `+quic` builds, four-part zlib and V8 versions) and OSV
 * ECOSYSTEM ranges outside npm. Segments compare numerically; a trailing letter after a number is a
 * later release (OpenSSL 1.1.1 < 1.1.1a < 1.1.1w); alpha/beta/rc words are earlier ones.
 */
import * as semver from '../../util/semver.js';

const PRE_WORDS = ['dev', 'snapshot', 'preview', 'alpha', 'beta', 'pre', 'rc'] as const;

/** `1.0a1`, `2.0b2`, `3.0c1` (PEP 440 short forms); a lone final letter is an OpenSSL-style release. */
const SHORT_PRE: Record<string, string> = { a: 'alpha', b: 'beta', c: 'rc' };

type Token = number | string;

/** Split `1.1.1w`, `3.0.0-alpha1`, `1.2.13.1` into comparable tokens. Build metadata (`+…`) is dropped. */
export function versionTokens(version: string): Token[] {
  const clean = version.trim().toLowerCase().replace(/^v(?=\d)/, '').replace(/\+.*$/, '');
  return clean
    .split(/[.\-_~]|(?<=\d)(?=[a-z])|(?<=[a-z])(?=\d)/)
    .filter((part) => part !== '')
    .map((part, index, parts) => {
      if (/^\d+$/.test(part)) return Number(part);
      const long = SHORT_PRE[part];
      return long && /^\d+$/.test(parts[index + 1] ?? '') ? long : part;
    });
}

function isPreWord(token: Token | undefined): boolean {
  return typeof token === 'string' && (PRE_WORDS as readonly string[]).includes(token);
}

/** Compare two tokens at the same position. */
function compareToken(left: Token, right: Token): number {
  if (typeof left === 'number' && typeof right === 'number') return Math.sign(left - right);
  if (typeof left === 'number') return 1; // a number outranks any word (1.0.1 > 1.0.beta)
  if (typeof right === 'number') return -1;
  const leftPre = PRE_WORDS.indexOf(left as (typeof PRE_WORDS)[number]);
  const rightPre = PRE_WORDS.indexOf(right as (typeof PRE_WORDS)[number]);
  if (leftPre >= 0 && rightPre >= 0) return Math.sign(leftPre - rightPre);
  if (leftPre >= 0) return -1;
  if (rightPre >= 0) return 1;
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Order two versions the generic way; missing numeric segments count as 0 (1.2 == 1.2.0). */
export function compareGeneric(left: string, right: string): number {
  const a = versionTokens(left);
  const b = versionTokens(right);
  for (let index = 0; index < Math.max(a.length, b.length); index++) {
    const x = a[index];
    const y = b[index];
    if (x === undefined || y === undefined) {
      const rest = (x === undefined ? b : a).slice(index);
      const first = rest.find((token) => token !== 0);
      if (first === undefined) return 0; // 1.2 == 1.2.0.0
      // The longer one is later (1.1.1 < 1.1.1a) unless it goes on with a pre-release word (1.0-rc1 < 1.0).
      const longerIsLater = !isPreWord(first);
      return (x === undefined) === longerIsLater ? -1 : 1;
    }
    const order = compareToken(x, y);
    if (order !== 0) return order;
  }
  return 0;
}

/** How to compare versions of an ecosystem: npm by semver, everything else generically. */
export interface VersionScheme {
  /** Null when the version cannot be read in this scheme. */
  parse(version: string): string | null;
  compare(left: string, right: string): number;
}

export const semverScheme: VersionScheme = {
  parse: (version) => semver.valid(version, { loose: true }) ?? null,
  compare: (left, right) => semver.compare(left, right, { loose: true }),
};

export const genericScheme: VersionScheme = {
  parse: (version) => (/\d/.test(version) ? version : null),
  compare: compareGeneric,
};

/** The scheme for an OSV ecosystem name (`npm`, `PyPI`, …); SEMVER ranges always use semver. */
export function schemeFor(ecosystem: string, rangeType: string): VersionScheme {
  if (rangeType === 'SEMVER' || ecosystem === 'npm' || ecosystem === 'Node.js') return semverScheme;
  return genericScheme;
}
