import { isMap, isScalar, parseDocument, type Document } from 'yaml';
import { InputError } from '../errors.js';
import { WrittenConfig } from './schema.js';
import { readInputTextSync, yamlToJs } from '../util/read-input.js';

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
    throw new InputError(`${path}: ${where}: ${detail}`, { file: path, line });
  }
  return parsed.data;
}
