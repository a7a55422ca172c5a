import type * as Crypto from 'node:crypto';
import { createRequire } from 'node:module';

/**
 * node:crypto when a document is written: `vigil review` loads every reporter to pick one, and
 * Node's crypto modules cost ~3 ms of each review's start (#15).
 */
const sha256 = (text: string): string => (createRequire(import.meta.url)('node:crypto') as typeof Crypto).createHash('sha256').update(text).digest('hex');

/** The product id the WG's OpenVEX generator uses for Node.js (tools/vex: pkg:generic/nodejs/node). */
export const NODE_PRODUCT = 'pkg:generic/nodejs/node';

export interface VexStatement {
  vulnerability: { '@id'?: string; name: string; description?: string; aliases?: string[] };
  /** The product, and (review) the component inside it the statement is about. */
  products: { '@id': string; subcomponents?: { '@id': string }[] }[];
  status: 'fixed' | 'not_affected' | 'affected' | 'under_investigation';
  justification?: string;
  impact_statement?: string;
  /** How the status was decided, in words (where a reason goes when a justification is given). */
  status_notes?: string;
  action_statement?: string;
}

export interface VexDocument {
  '@context': 'https://openvex.dev/ns/v0.2.0';
  '@id': string;
  author: string;
  role: string;
  timestamp: string;
  version: number;
  statements: VexStatement[];
}

/** A whole OpenVEX 0.2.0 document; its @id is derived from the statements, so it is stable across runs. */
export function vexDocument(statements: VexStatement[], options: { author: string; role: string; now: Date }): VexDocument {
  const digest = sha256(JSON.stringify(statements));
  return {
    '@context': 'https://openvex.dev/ns/v0.2.0',
    '@id': `https://openvex.dev/docs/public/vex-${digest}`,
    author: options.author,
    role: options.role,
    timestamp: options.now.toISOString(),
    version: 1,
    statements,
  };
}

/** Merge this release's statements into an existing document: same vulnerability name replaced, others kept. */
export function mergeStatements(existing: VexStatement[], added: VexStatement[]): VexStatement[] {
  const replaced = new Set(added.map((statement) => statement.vulnerability.name));
  return [...existing.filter((statement) => !replaced.has(statement.vulnerability.name)), ...added];
}
