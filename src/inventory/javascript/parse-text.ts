import { createRequire } from 'node:module';
import type { ParseError, parse as parseJsoncType } from 'jsonc-parser';
import { InputError, quote } from '../../errors.js';

/**
 * Parsing with errors that name the file and the line (issue #2: "malformed JSON/YAML
 * lockfiles: the error names the file and line"). Parsers stay pure; only these throw. JSONC and
 * YAML are in parse-rich.ts, so that an npm project does not load their libraries.
 */

/** 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) line++;
  return line;
}

const lineText = (text: string, line: number): string => text.split('\n', line)[line - 1] ?? '';

/** `; found "<the line>"`, or nothing for an empty line (the end of a truncated file). */
export const foundAt = (text: string, line: number | undefined): string => {
  const found = line === undefined ? '' : lineText(text, line).trim();
  return found === '' ? '' : `; found ${quote(found, 120)}`;
};

/** JSON.parse, with a malformed file reported as `file:line: reason`, quoting the line. */
export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message)?.[1];
    // V8 gives no position for "Unexpected token" (it quotes the text instead) nor for a truncated
    // file: find the offset with a strict JSON scanner then, so the line is always named.
    const line = position === undefined ? firstJsonErrorLine(text) : lineAt(text, Number(position));
    const where = line === undefined ? file : `${file}:${line}`;
    throw new InputError(`${where}: not valid JSON (${jsonReason(message)})${foundAt(text, line)}`, { file, ...(line === undefined ? {} : { line }), cause: error });
  }
}

/** V8's reason on one line, without the copy of the text it may quote (`Unexpected token '}', "{..." is not valid JSON`). */
const jsonReason = (message: string): string => (message.split('\n')[0] ?? message).replace(/, (\.\.\.)?".*$/, '');

/** The line of the first syntax error a strict JSON scan finds (no comments, no trailing commas). */
function firstJsonErrorLine(text: string): number | undefined {
  const errors: ParseError[] = [];
  // Only a malformed file gets here: load the scanner then (synchronously; it is CommonJS).
  const { parse: parseJsonc } = createRequire(import.meta.url)('jsonc-parser') as { parse: typeof parseJsoncType };
  try {
    parseJsonc(text, errors, { allowTrailingComma: false, disallowComments: true });
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
  return errors[0] === undefined ? undefined : lineAt(text, errors[0].offset);
}

/** A plain object, or an empty one: lockfile fields are optional and often absent. */
export function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** A `{ name: range }` map with string values only. */
export function stringMap(value: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  const source = record(value);
  // Keys, not entries: no [key, value] array per dependency (6,600 maps on a 1,600-package tree, #15).
  for (const key of Object.keys(source)) {
    const entry = source[key];
    if (typeof entry === 'string') result[key] = entry;
  }
  return result;
}

/** A string field or undefined. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** What a value is, for messages: `null`, `an array`, `a string`. */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** The document of a lockfile must be an object: `null`, an array or a scalar is not a lockfile. */
export function documentObject(value: unknown, file: string, format: string): Record<string, unknown> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  throw new InputError(`${file}: not a ${format}: the document is ${kindOf(value)}, expected an object`, { file });
}

/** An optional section (`packages`, `importers`): absent is empty; anything but an object is an error. */
export function section(lock: Record<string, unknown>, field: string, file: string, text?: string): Record<string, unknown> {
  const value = lock[field];
  if (value === undefined || value === null) return {};
  if (typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  const line = text === undefined ? undefined : lineOfKey(text, field, 0);
  throw new InputError(`${line === undefined ? file : `${file}:${line}`}: \`${field}\` is ${kindOf(value)}, expected an object`, { file, ...(line === undefined ? {} : { line }) });
}

/**
 * The line of a mapping key written at `indent` spaces (a YAML key, a JSON property as npm and
 * Bun format them), found only when a message needs it: `key:`, `'key':`, `"key":`.
 */
export function lineOfKey(text: string, key: string, indent: number): number | undefined {
  const pad = ' '.repeat(indent);
  for (const form of [`${key}:`, `'${key}':`, `"${key}":`, JSON.stringify(key) + ':']) {
    const needle = `\n${pad}${form}`;
    if (text.startsWith(`${pad}${form}`)) return 1;
    const at = text.indexOf(needle);
    if (at !== -1) return lineAt(text, at + 1);
  }
  return undefined;
}
