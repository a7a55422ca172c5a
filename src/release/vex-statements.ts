import type { CoreEntry } from '../formats/security-wg/core-entry.js';
import { NODE_PRODUCT, type VexStatement } from '../formats/openvex/write.js';
import { fixedVersions } from './finalize.js';

/**
 * `fixed` statements for core entries: one per CVE, one product per fixed version. Unlike the WG's
 * generator, a range that is not an exact lower bound never becomes a product id; it is reported.
 */
export function fixedStatements(entries: CoreEntry[]): { statements: VexStatement[]; problems: string[] } {
  const statements: VexStatement[] = [];
  const problems: string[] = [];
  for (const entry of entries) {
    const { versions, unreadable } = fixedVersions(entry.patched);
    for (const part of unreadable) problems.push(`${entry.cve.join(', ')}: patched range part ${JSON.stringify(part)} names no fixed version`);
    if (versions.length === 0) continue;
    for (const cve of entry.cve) {
      statements.push({
        vulnerability: { '@id': `https://www.cve.org/CVERecord?id=${cve}`, name: cve, description: entry.overview || entry.description },
        products: versions.map((version) => ({ '@id': `${NODE_PRODUCT}@v${version}` })),
        status: 'fixed',
      });
    }
  }
  return { statements, problems };
}

