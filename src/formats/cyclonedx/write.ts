import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import * as CDX from '@cyclonedx/cyclonedx-library';
import type { Inventory, Package } from '../../inventory/types.js';

/** What the writer needs beyond the inventory; `now` and `serialNumber` make output reproducible. */
export interface BomOptions {
  toolVersion: string;
  now?: Date;
  serialNumber?: string;
}

function scopeOf(pkg: Package): CDX.Enums.ComponentScope {
  if (pkg.tooling) return CDX.Enums.ComponentScope.Excluded;
  if (pkg.scope === 'dev' || pkg.scope === 'dev-optional') return CDX.Enums.ComponentScope.Excluded;
  if (pkg.scope === 'optional' || pkg.scope === 'peer') return CDX.Enums.ComponentScope.Optional;
  return CDX.Enums.ComponentScope.Required;
}

/** Facts the CycloneDX model has no field for, as `vigil:` properties (CycloneDX property taxonomy). */
function properties(pkg: Package): CDX.Models.Property[] {
  const list = [new CDX.Models.Property('vigil:origin', pkg.origin), new CDX.Models.Property('vigil:found-in', pkg.foundIn), new CDX.Models.Property('vigil:source', pkg.source)];
  for (const chain of pkg.paths) list.push(new CDX.Models.Property('vigil:dependency-path', chain.join(' › ')));
  if (pkg.direct) list.push(new CDX.Models.Property('vigil:direct', 'true'));
  if (pkg.tooling) list.push(new CDX.Models.Property('vigil:tooling', 'true'));
  if (pkg.nestedIn) list.push(new CDX.Models.Property('vigil:nested-in', pkg.nestedIn));
  if (pkg.fork) list.push(new CDX.Models.Property('vigil:fork-of', pkg.fork.of), new CDX.Models.Property('vigil:fork-note', pkg.fork.note));
  if (pkg.version === null && pkg.versionUnknownReason) list.push(new CDX.Models.Property('vigil:version-unknown', pkg.versionUnknownReason));
  if (pkg.spec) list.push(new CDX.Models.Property('vigil:spec', pkg.spec));
  if (pkg.flags.bundled) list.push(new CDX.Models.Property('cdx:npm:package:bundled', 'true'));
  return list;
}

function component(pkg: Package): CDX.Models.Component {
  const scoped = pkg.ecosystem === 'npm' && pkg.name.startsWith('@') ? pkg.name.split('/') : null;
  const result = new CDX.Models.Component(CDX.Enums.ComponentType.Library, scoped ? (scoped[1] ?? pkg.name) : pkg.name, {
    bomRef: pkg.id,
    ...(scoped ? { group: scoped[0] } : {}),
    ...(pkg.version === null ? {} : { version: pkg.version }),
    ...(pkg.purl ? { purl: pkg.purl } : {}),
    ...(pkg.cpe ? { cpe: pkg.cpe } : {}),
    scope: scopeOf(pkg),
  });
  for (const property of properties(pkg)) result.properties.add(property);
  if (pkg.upstream?.startsWith('http')) result.externalReferences.add(new CDX.Models.ExternalReference(pkg.upstream, CDX.Enums.ExternalReferenceType.VCS));
  return result;
}

/** The root the SBOM describes: Node.js itself for a core checkout, else the scanned directory. */
function rootComponent(inventory: Inventory): CDX.Models.Component {
  if (inventory.node) {
    return new CDX.Models.Component(CDX.Enums.ComponentType.Application, 'node', {
      bomRef: 'root',
      version: inventory.node.version,
      purl: `pkg:github/nodejs/node@v${inventory.node.version}`,
      cpe: `cpe:2.3:a:nodejs:node.js:${inventory.node.version}:*:*:*:*:*:*:*`,
    });
  }
  return new CDX.Models.Component(CDX.Enums.ComponentType.Application, basename(inventory.root), { bomRef: 'root' });
}

/** The inventory as CycloneDX 1.6 JSON, built and serialised by the CycloneDX library. */
export function writeCycloneDx(inventory: Inventory, options: BomOptions): string {
  const root = rootComponent(inventory);
  const bom = new CDX.Models.Bom({
    serialNumber: options.serialNumber ?? `urn:uuid:${randomUUID()}`,
    metadata: new CDX.Models.Metadata({
      timestamp: options.now ?? new Date(),
      component: root,
      tools: new CDX.Models.Tools({ components: new CDX.Models.ComponentRepository([new CDX.Models.Component(CDX.Enums.ComponentType.Application, 'vigil', { version: options.toolVersion })]) }),
    }),
  });
  if (inventory.ref) bom.metadata.properties.add(new CDX.Models.Property('vigil:git-ref', `${inventory.ref.name} ${inventory.ref.commit}`));
  if (inventory.partial) bom.metadata.properties.add(new CDX.Models.Property('vigil:partial', 'true'));
  const byId = new Map<string, CDX.Models.Component>();
  for (const pkg of inventory.packages) {
    if (byId.has(pkg.id)) continue; // one component per bom-ref
    const made = component(pkg);
    byId.set(pkg.id, made);
    bom.components.add(made);
  }
  // Direct dependencies hang off the root; nested vendored components off their parent.
  const vendoredByName = new Map(inventory.packages.filter((pkg) => pkg.origin === 'vendored' && !pkg.nestedIn).map((pkg) => [pkg.name, byId.get(pkg.id)]));
  for (const pkg of inventory.packages) {
    const made = byId.get(pkg.id);
    if (!made) continue;
    const parent = pkg.nestedIn ? vendoredByName.get(pkg.nestedIn) : pkg.direct ? root : undefined;
    parent?.dependencies.add(made.bomRef);
  }
  const serializer = new CDX.Serialize.JsonSerializer(new CDX.Serialize.JSON.Normalize.Factory(CDX.Spec.Spec1dot6));
  return `${serializer.serialize(bom, { sortLists: true, space: 2 })}\n`;
}
