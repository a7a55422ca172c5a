import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as CDX from '@cyclonedx/cyclonedx-library';
import { fixture } from '../../../test/fixtures.js';
import { WorkTreeSource } from '../file-source.js';
import { buildInventory } from '../index.js';
import type { JavaScriptScan } from '../javascript/index.js';
import { findWriter, inventoryWriters } from './registry.js';

const options = { color: false, toolVersion: '0.1.0', now: new Date('2026-11-23T12:00:00.000Z'), documentId: '3e671687-395b-41f5-a30f-a58921a69b79' };
const noJavaScript = async (): Promise<JavaScriptScan> => ({ packages: [], sources: [], problems: [] });

describe('inventory writers', async () => {
  const inventory = await buildInventory(new WorkTreeSource(fixture('node-tree')), { scanJavaScript: noJavaScript });

  it('offers exactly the formats of issue #2', () => {
    assert.deepEqual(inventoryWriters.map((writer) => writer.id), ['table', 'json', 'cyclonedx', 'spdx']);
  });

  it('CycloneDX 1.6 JSON that passes the CycloneDX JSON schema', async () => {
    const text = await findWriter('cyclonedx')!.write(inventory, options);
    const errors = await new CDX.Validation.JsonStrictValidator(CDX.Spec.Version.v1dot6).validate(text);
    assert.equal(errors, null, JSON.stringify(errors));
    const bom = JSON.parse(text) as { specVersion: string; metadata: { component: { name: string; version: string } }; components: { name: string; version?: string; cpe?: string; purl?: string; properties?: { name: string; value: string }[] }[]; dependencies: { ref: string; dependsOn?: string[] }[] };
    assert.equal(bom.specVersion, '1.6');
    assert.deepEqual([bom.metadata.component.name, bom.metadata.component.version], ['node', '20.5.1']);
    const openssl = bom.components.find((component) => component.name === 'openssl');
    assert.equal(openssl?.cpe, 'cpe:2.3:a:openssl:openssl:3.0.10:*:*:*:*:*:*:*');
    assert.equal(openssl?.version, '3.0.10+quic');
    const nestedZlib = bom.components.find((component) => component.name === 'zlib' && component.properties?.some((property) => property.name === 'vigil:nested-in'));
    assert.ok(nestedZlib?.properties?.some((property) => property.name === 'vigil:dependency-path' && property.value === 'deps/v8 › deps/v8/third_party/zlib'));
    const v8 = bom.dependencies.find((dependency) => dependency.ref.includes(':v8@'));
    assert.equal(v8?.dependsOn?.length, 6);
  });

  it('CycloneDX is reproducible with a fixed time and serial number', async () => {
    const writer = findWriter('cyclonedx')!;
    assert.equal(await writer.write(inventory, options), await writer.write(inventory, options));
  });

  it('SPDX 2.3 JSON: required fields, purl and CPE references, DESCRIBES and CONTAINS', async () => {
    const text = await findWriter('spdx')!.write(inventory, options);
    const document = JSON.parse(text) as {
      spdxVersion: string;
      dataLicense: string;
      SPDXID: string;
      documentNamespace: string;
      creationInfo: { created: string; creators: string[] };
      packages: { SPDXID: string; name: string; versionInfo?: string; downloadLocation: string; externalRefs?: { referenceType: string; referenceLocator: string }[] }[];
      relationships: { spdxElementId: string; relationshipType: string; relatedSpdxElement: string }[];
    };
    assert.equal(document.spdxVersion, 'SPDX-2.3');
    assert.equal(document.dataLicense, 'CC0-1.0');
    assert.equal(document.creationInfo.created, '2026-11-23T12:00:00Z');
    assert.match(document.documentNamespace, /^https:\/\/.+3e671687-395b-41f5-a30f-a58921a69b79$/);
    const ids = new Set(document.packages.map((pkg) => pkg.SPDXID));
    assert.equal(ids.size, document.packages.length, 'SPDXIDs are unique');
    for (const id of ids) assert.match(id, /^SPDXRef-[A-Za-z0-9.-]+$/);
    for (const relationship of document.relationships) {
      assert.ok(relationship.spdxElementId === 'SPDXRef-DOCUMENT' || ids.has(relationship.spdxElementId));
      assert.ok(ids.has(relationship.relatedSpdxElement));
    }
    const zlib = document.packages.find((pkg) => pkg.name === 'zlib' && pkg.versionInfo === '1.2.13.1-motley');
    assert.deepEqual(zlib?.externalRefs?.map((ref) => ref.referenceType), ['purl', 'cpe23Type']);
    assert.ok(document.relationships.some((relationship) => relationship.relationshipType === 'CONTAINS'));
  });

  it('table groups by origin and shows unknown versions and problems', async () => {
    const text = await findWriter('table')!.write({ ...inventory, packages: [{ ...inventory.packages[0]!, version: null, versionUnknownReason: 'deps/x.h: odd' }], problems: [{ path: 'deps/x.h', message: 'openssl: version unknown: odd', severity: 'error' }], partial: true }, options);
    assert.match(text, /^Node\.js 20\.5\.1/);
    assert.match(text, /vendored \(1\)/);
    assert.match(text, /unknown/);
    assert.match(text, /error: deps\/x\.h: openssl: version unknown: odd/);
    assert.match(text, /partial/);
  });
});

describe('product and tooling in a Node.js core tree', async () => {
  const toolingPackage = { id: 'lockfile:tools/doc/package-lock.json:unified@11.0.5', ecosystem: 'npm' as const, name: 'unified', version: '11.0.5', purl: 'pkg:npm/unified@11.0.5', cpe: null, origin: 'lockfile' as const, foundIn: 'tools/doc/package-lock.json', scope: 'prod' as const, direct: true, flags: {}, source: 'registry' as const, paths: [['tools/doc', 'unified@11.0.5']] };
  const scanJavaScript = async (): Promise<JavaScriptScan> => ({ packages: [toolingPackage], sources: [], problems: [] });
  const inventory = await buildInventory(new WorkTreeSource(fixture('node-tree')), { scanJavaScript });

  it('a tooling lockfile package is tooling: CycloneDX scope excluded with vigil:tooling, SPDX DEV_TOOL_OF; vendored ones stay required', async () => {
    assert.equal(inventory.packages.find((pkg) => pkg.name === 'unified')?.tooling, true);
    assert.equal(inventory.packages.find((pkg) => pkg.name === 'openssl')?.tooling, undefined);
    const bom = JSON.parse(await findWriter('cyclonedx')!.write(inventory, options)) as { components: { name: string; scope?: string; properties?: { name: string; value: string }[] }[] };
    const unified = bom.components.find((component) => component.name === 'unified');
    assert.equal(unified?.scope, 'excluded');
    assert.ok(unified?.properties?.some((property) => property.name === 'vigil:tooling' && property.value === 'true'));
    assert.equal(bom.components.find((component) => component.name === 'openssl')?.scope, 'required');
    const spdx = JSON.parse(await findWriter('spdx')!.write(inventory, options)) as { packages: { SPDXID: string; name: string }[]; relationships: { spdxElementId: string; relationshipType: string; relatedSpdxElement: string }[] };
    const id = spdx.packages.find((pkg) => pkg.name === 'unified')?.SPDXID;
    assert.deepEqual(spdx.relationships.filter((relationship) => relationship.spdxElementId === id || relationship.relatedSpdxElement === id).map((relationship) => relationship.relationshipType), ['DEV_TOOL_OF']);
  });
});
