import type { Finding } from '../src/review/types.js';
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';

/** The project root, whichever file imports this. */
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** `../shared/fixtures` beside the checkout (DESIGN.md: never copy them into the project). */
export const sharedFixtures = resolve(projectRoot, '..', 'shared', 'fixtures');

/** A path inside the shared fixtures. */
export function fixture(...parts: string[]): string {
  return join(sharedFixtures, ...parts);
}

/**
 * A temporary directory holding `files` (path relative to it -> text), its real path (macOS's
 * /tmp is a link). `prefix` names the directory; the caller removes it.
 */
export function tempTree(files: Record<string, string>, prefix = 'vigil-tree-'): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

/**
 * A review finding for tests: a high-severity npm advisory CVE-1 on `package`@1.0.0 matched by an
 * OSV range, with nothing else known; `fields` override any part.
 */
export function testFinding(fields: Partial<Finding> & { package: string }): Finding {
  return {
    id: 'CVE-1', aliases: ['CVE-1'], advisoryIds: [], summary: '', ecosystem: 'npm', version: '1.0.0', purl: null,
    severity: { level: 'high', score: null, vector: null, basis: 'none' }, fixedIn: [], nearestFix: null, basis: ['osv-range'], notes: [], locations: [], line: null, references: [],
    ...fields,
  };
}
