import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import type { Inventory, Package } from '../../inventory/types.js';

/** What the writer needs beyond the inventory; `now` and `namespaceId` make output reproducible. */
export interface SpdxOptions {
  toolVersion: string;
  now?: Date;
  namespaceId?: string;
}

interface SpdxExternalRef {
  referenceCategory: 'PACKAGE-MANAGER' | 'SECURITY' | 'OTHER';
  referenceType: string;
  referenceLocator: string;
}

interface SpdxPackage {
  SPDXID: string;
  name: string;
  versionInfo?: string;
  downloadLocation: string;
  filesAnalyzed: false;
  licenseConcluded: 'NOASSERTION';
  licenseDeclared: 'NOASSERTION';
  copyrightText: 'NOASSERTION';
  primaryPackagePurpose: 'LIBRARY' | 'APPLICATION';
  externalRefs?: SpdxExternalRef[];
  comment?: string;
}

/** SPDX 2.3 §3.2: an SPDXID is `SPDXRef-` followed by letters, digits, `.` and `-`. */
const spdxId = (value: string): string => `SPDXRef-${value.replace(/[^A-Za-z0-9.-]+/g, '-')}`;

/** Where the package was found and why; SPDX has no field for dependency chains, so a comment. */
function comment(pkg: Package): string {
  const lines = [`${pkg.origin}, found in ${pkg.foundIn}`];
  for (const chain of pkg.paths) lines.push(`path: ${chain.join(' › ')}`);
  if (pkg.nestedIn) lines.push(`vendored inside ${pkg.nestedIn}`);
  if (pkg.fork) lines.push(`fork of ${pkg.fork.of}: ${pkg.fork.note}`);
  if (pkg.version === null && pkg.versionUnknownReason) lines.push(`version unknown: ${pkg.versionUnknownReason}`);
  return lines.join('\n');
}

function spdxPackage(pkg: Package, index: number): SpdxPackage {
  const refs: SpdxExternalRef[] = [];
  if (pkg.purl) refs.push({ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: pkg.purl });
  if (pkg.cpe) refs.push({ referenceCategory: 'SECURITY', referenceType: 'cpe23Type', referenceLocator: pkg.cpe });
  return {
    SPDXID: spdxId(`Package-${index}-${pkg.name}`),
    name: pkg.name,
    ...(pkg.version === null ? {} : { versionInfo: pkg.version }),
    downloadLocation: pkg.upstream?.startsWith('http') ? pkg.upstream : 'NOASSERTION',
    filesAnalyzed: false,
    licenseConcluded: 'NOASSERTION',
    licenseDeclared: 'NOASSERTION',
    copyrightText: 'NOASSERTION',
    primaryPackagePurpose: 'LIBRARY',
    ...(refs.length ? { externalRefs: refs } : {}),
    comment: comment(pkg),
  };
}

/** SPDX 2.3 §9.1.1: creation time in UTC, `YYYY-MM-DDThh:mm:ssZ` (no fractions). */
const spdxTime = (date: Date): string => `${date.toISOString().slice(0, 19)}Z`;

/** The inventory as an SPDX 2.3 JSON document: the root DESCRIBED, DEPENDS_ON its direct packages, nested ones CONTAINED in their parent. */
export function writeSpdx(inventory: Inventory, options: SpdxOptions): string {
  const rootName = inventory.node ? 'node' : basename(inventory.root);
  const root: SpdxPackage = {
    SPDXID: 'SPDXRef-Root',
    name: rootName,
    ...(inventory.node ? { versionInfo: inventory.node.version } : {}),
    downloadLocation: inventory.node ? 'https://github.com/nodejs/node' : 'NOASSERTION',
    filesAnalyzed: false,
    licenseConcluded: 'NOASSERTION',
    licenseDeclared: 'NOASSERTION',
    copyrightText: 'NOASSERTION',
    primaryPackagePurpose: 'APPLICATION',
    ...(inventory.node ? { externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: `pkg:github/nodejs/node@v${inventory.node.version}` }] } : {}),
  };
  const packages = inventory.packages.map((pkg, index) => spdxPackage(pkg, index + 1));
  const vendoredIds = new Map<string, string>();
  for (const [index, pkg] of inventory.packages.entries()) {
    if (pkg.origin === 'vendored' && !pkg.nestedIn) vendoredIds.set(pkg.name, packages[index]?.SPDXID ?? '');
  }
  const relationships = [{ spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: 'SPDXRef-Root' }];
  for (const [index, pkg] of inventory.packages.entries()) {
    const id = packages[index]?.SPDXID ?? '';
    const parent = pkg.nestedIn ? vendoredIds.get(pkg.nestedIn) : undefined;
    // Transitive packages depend on the root too, through chains SPDX cannot express; the comment keeps the chain.
    // Tooling (a Node core tree's tools/ lockfiles) and dev dependencies are not part of the product: SPDX 2.3 says so with DEV_TOOL_OF / DEV_DEPENDENCY_OF.
    if (parent) relationships.push({ spdxElementId: parent, relationshipType: 'CONTAINS', relatedSpdxElement: id });
    else if (pkg.tooling) relationships.push({ spdxElementId: id, relationshipType: 'DEV_TOOL_OF', relatedSpdxElement: 'SPDXRef-Root' });
    else if (pkg.scope === 'dev') relationships.push({ spdxElementId: id, relationshipType: 'DEV_DEPENDENCY_OF', relatedSpdxElement: 'SPDXRef-Root' });
    else relationships.push({ spdxElementId: 'SPDXRef-Root', relationshipType: 'DEPENDS_ON', relatedSpdxElement: id });
  }
  const document = {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: `${rootName} inventory`,
    documentNamespace: `https://spdx.org/spdxdocs/vigil-${rootName.replace(/[^A-Za-z0-9.-]+/g, '-')}-${options.namespaceId ?? randomUUID()}`,
    creationInfo: { created: spdxTime(options.now ?? new Date()), creators: [`Tool: vigil-${options.toolVersion}`] },
    ...(inventory.partial ? { comment: 'partial: some inputs could not be read completely; see the problems Vigil reported' } : {}),
    packages: [root, ...packages],
    relationships,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
