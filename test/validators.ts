/**
 * Schema validators for the documents Vigil publishes, so tests check "valid", not "looks right".
 * SARIF uses the official 2.1.0 schema shipped in node_modules; OpenVEX has no schema package on
 * npm, so its normative rules (OpenVEX spec 0.2.0, "Document" and "Statement" fields) are written
 * out here as a JSON Schema.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { projectRoot } from './fixtures.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function compiler(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  return ajv;
}

/** The SARIF 2.1.0 schema shipped by @microsoft/jest-sarif (draft-04; its `id` is the only draft-04-ism). */
export function sarifValidator(): ValidateFunction {
  const schema = JSON.parse(readFileSync(`${projectRoot}/node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json`, 'utf8')) as Record<string, unknown>;
  delete schema.$schema;
  delete schema.id;
  return compiler().compile(schema);
}

const iri = { type: 'string', format: 'uri' };
const timestamp = { type: 'string', format: 'date-time' };
const text = { type: 'string', minLength: 1 };

/** A product or subcomponent: named by an IRI (a purl here). */
const component = {
  type: 'object',
  required: ['@id'],
  additionalProperties: false,
  properties: {
    '@id': iri,
    identifiers: { type: 'object' },
    hashes: { type: 'object' },
    subcomponents: { type: 'array', uniqueItems: true, items: { type: 'object', required: ['@id'], additionalProperties: false, properties: { '@id': iri, identifiers: { type: 'object' }, hashes: { type: 'object' } } } },
  },
};

/**
 * One statement. The spec's MUSTs: a status from the four, a justification from the five
 * (or an impact statement) for not_affected, an action statement for affected. The official
 * schema (openvex/spec) also forbids a justification and an impact statement together, so that
 * is checked too: a document it rejects is not "valid" to the tools that use it.
 */
const statement = {
  type: 'object',
  required: ['vulnerability', 'status'],
  additionalProperties: false,
  properties: {
    '@id': iri,
    version: { type: 'integer', minimum: 1 },
    vulnerability: { type: 'object', required: ['name'], additionalProperties: false, properties: { '@id': iri, name: text, description: { type: 'string' }, aliases: { type: 'array', uniqueItems: true, items: text } } },
    timestamp,
    last_updated: timestamp,
    products: { type: 'array', uniqueItems: true, minItems: 1, items: component },
    status: { enum: ['not_affected', 'affected', 'fixed', 'under_investigation'] },
    supplier: { type: 'string' },
    status_notes: { type: 'string' },
    justification: { enum: ['component_not_present', 'vulnerable_code_not_present', 'vulnerable_code_not_in_execute_path', 'vulnerable_code_cannot_be_controlled_by_adversary', 'inline_mitigations_already_exist'] },
    impact_statement: text,
    action_statement: text,
    action_statement_timestamp: timestamp,
  },
  allOf: [
    { if: { properties: { status: { const: 'not_affected' } } }, then: { oneOf: [{ required: ['justification'], not: { required: ['impact_statement'] } }, { required: ['impact_statement'], not: { required: ['justification'] } }] } },
    { if: { properties: { status: { const: 'affected' } } }, then: { required: ['action_statement'] } },
    { if: { properties: { status: { not: { const: 'not_affected' } } } }, then: { not: { anyOf: [{ required: ['justification'] }, { required: ['impact_statement'] }] } } },
  ],
};

/** An OpenVEX 0.2.0 document. */
export function openVexValidator(): ValidateFunction {
  return compiler().compile({
    type: 'object',
    required: ['@context', '@id', 'author', 'timestamp', 'version', 'statements'],
    additionalProperties: false,
    properties: {
      '@context': { const: 'https://openvex.dev/ns/v0.2.0' },
      '@id': iri,
      author: text,
      role: { type: 'string' },
      timestamp,
      last_updated: timestamp,
      version: { type: 'integer', minimum: 1 },
      tooling: { type: 'string' },
      statements: { type: 'array', uniqueItems: true, minItems: 1, items: statement },
    },
  });
}
