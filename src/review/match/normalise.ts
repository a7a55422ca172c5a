/**
 * Per-dependency version knowledge for NVD matching (STYLE.md rule 7: knowledge is data). NVD
 * names upstream releases; what Node.js vendors is sometimes a build (`3.0.10+quic`), an embedder
 * suffix (`11.3.244.8-node.10`) or a fork (`1.2.13.1-motley`, Chromium's zlib). Each rule says how
 * to get the upstream version to compare, and whether a match must be flagged as a fork.
 */

export interface VersionRule {
  /** CPE `vendor:product` the rule applies to. */
  cpe: string;
  /** Turn the vendored version into the upstream version NVD ranges speak about. */
  normalise(version: string): string;
  /** When the vendored copy is a fork, the note every finding carries. */
  fork?(version: string): string | null;
}

export const VERSION_RULES: VersionRule[] = [
  {
    // quictls tracks OpenSSL releases; `+quic` is semver build metadata naming the QUIC patches.
    cpe: 'openssl:openssl',
    normalise: (version) => version.replace(/\+quic$/i, ''),
    fork: (version) => (/\+quic$/i.test(version) ? 'quictls (OpenSSL with QUIC patches): matched against OpenSSL ranges' : null),
  },
  {
    // Chromium's zlib ("1.2.13.1-motley") is a fork of zlib 1.2.13 with its own fixes and bugs.
    cpe: 'zlib:zlib',
    normalise: (version) => version.replace(/-motley.*$/i, ''),
    fork: (version) => (/-motley/i.test(version) ? 'Chromium zlib fork: an upstream zlib range may not apply, review by hand' : null),
  },
  {
    // Node reports V8 as 11.3.244.8-node.10: the embedder suffix counts Node's own patches.
    cpe: 'google:v8',
    normalise: (version) => version.replace(/-node\.\d+$/, ''),
  },
  {
    cpe: 'nodejs:node.js',
    normalise: (version) => version.replace(/^v/, ''),
  },
];

const byCpe = new Map(VERSION_RULES.map((rule) => [rule.cpe, rule]));

/** The version to compare against NVD ranges, and a fork note when the copy is a fork. */
export function normaliseForNvd(vendor: string, product: string, version: string): { version: string; fork: string | null } {
  const rule = byCpe.get(`${vendor}:${product}`.toLowerCase());
  if (!rule) return { version: version.replace(/\+.*$/, ''), fork: null };
  return { version: rule.normalise(version), fork: rule.fork?.(version) ?? null };
}
