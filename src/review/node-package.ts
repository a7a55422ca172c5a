/**
 * Node.js itself as a package of its own checkout: the inventory reports the runtime's version
 * (src/node_version.h) beside its dependencies, and its own advisories (security-wg vuln/core,
 * NVD `nodejs:node.js`) are findings of the review like any dependency's.
 */
import { cpe23 } from '../inventory/purl.js';
import type { Package } from '../inventory/types.js';
import { NODE_PRODUCT } from '../formats/openvex/write.js';

export function nodeCorePackage(version: string): Package {
  return {
    id: `vendored:src/node_version.h:node@${version}`,
    ecosystem: 'generic',
    name: 'node',
    version,
    purl: `${NODE_PRODUCT}@v${version}`,
    cpe: cpe23('nodejs', 'node.js', version),
    origin: 'vendored',
    foundIn: 'src/node_version.h',
    scope: 'prod',
    direct: true,
    flags: {},
    source: 'vendored',
    paths: [['src/node_version.h']],
  };
}
