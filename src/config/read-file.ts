import { isMap, isScalar, parseDocument, type Document } from 'yaml';
import { InputError } from '../errors.js';
import { WrittenConfig } from './schema.js';
import { readInputTextSync, yamlToJs } from '../util/read-input.js';
import { nearestCommand } from '../util/nearest.js';

// Reading a config file needs yaml and zod; load.ts gets this module only when a file exists.

/** The 1-based line of the node at `path` (or of its child key `key`), for error messages. */
export function lineOfKey(document: Document, text: string, path: PropertyKey[], key?: string): number | undefined {
  const node = (path.length === 0 ? document.contents : document.getIn(path, true)) as unknown;
  let offset: number | undefined;
  if (key !== undefined && isMap(node)) {
    const pair = node.items.find((item) => isScalar(item.key) && item.key.value === key);
    offset = isScalar(pair?.key) ? pair.key.range?.[0] : undefined;
  }
  offset ??= (node as { range?: [number, number] } | undefined)?.range?.[0];
  return offset === undefined ? undefined : text.slice(0, offset).split('\n').length;
}

/** The keys the schema allows at `path` (`['review']` → failOn, triageFile …), through optionals and records. */
function keysAt(path: PropertyKey[]): string[] {
  let schema: unknown = WrittenConfig;
  const step = (value: unknown): unknown => {
    const def = (value as { def?: { type?: string; innerType?: unknown; valueType?: unknown } }).def;
    return def?.type === 'optional' || def?.type === 'nullable' || def?.type === 'default' ? step(def.innerType) : value;
  };
  for (const key of path) {
    schema = step(schema);
    const def = (schema as { def?: { type?: string; valueType?: unknown } }).def;
    if (def?.type === 'record') schema = def.valueType;
    else schema = (schema as { shape?: Record<string, unknown> }).shape?.[String(key)];
    if (schema === undefined) return [];
  }
  return Object.keys((step(schema) as { shape?: Record<string, unknown> }).shape ?? {});
}

/** Read and validate one config file; unknown keys and wrong types name the file, key and line. */
export function readConfigFile(path: string): WrittenConfig {
  const text = readInputTextSync(path, { kind: 'config' });
  const document = parseDocument(text, { prettyErrors: false });
  const yamlError = document.errors[0];
  if (yamlError) {
    const line = yamlError.linePos?.[0].line;
    throw new InputError(`${path}: not valid YAML: ${yamlError.message.split('\n')[0]}`, { file: path, line });
  }
  const parsed = WrittenConfig.safeParse(yamlToJs(document, path) ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const keyPath = issue?.path ?? [];
    const line = lineOfKey(document, text, keyPath, issue?.code === 'unrecognized_keys' ? issue.keys[0] : undefined);
    const where = keyPath.join('.') || '(root)';
    const detail = issue?.code === 'unrecognized_keys' ? `unknown key ${issue.keys.join(', ')}` : (issue?.message ?? 'invalid');
    // `failon` → "did you mean failOn?"; else the keys that section takes (issue #17).
    const known = issue?.code === 'unrecognized_keys' ? keysAt(keyPath) : [];
    const nearest = issue?.code === 'unrecognized_keys' && issue.keys[0] !== undefined ? nearestCommand(issue.keys[0], known) : undefined;
    const hint = nearest ? `did you mean ${nearest}?` : known.length > 0 ? `${where} takes ${known.join(', ')}` : undefined;
    throw new InputError(`${path}: ${where}: ${detail}`, { file: path, line, ...(hint ? { hint } : {}) });
  }
  return parsed.data;
}
