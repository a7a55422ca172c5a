import { printParseErrorCode, visit, type ParseError } from 'jsonc-parser';
import { InputError, quote } from '../../errors.js';

/** Keys that reach an object's prototype when assigned (#20: `__proto__` granted `childProcess`). */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Line (1-based) of a character offset, for messages. */
export function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

/**
 * Parse a file Vigil's protections rely on (permissions file, integrity manifest): strict JSON
 * into null-prototype objects, a duplicate key is an error (last-wins once turned
 * `childProcess: false` into true, #18), and `__proto__`/`constructor`/`prototype` keys are
 * refused outright. Every problem names the file, the line and the key.
 */
export function parseStrictJson(text: string, file: string, what: string): unknown {
  const stack: { value: Record<string, unknown> | unknown[]; keys: Set<string> | null; pending: string | null }[] = [];
  let root: unknown;
  let rootSet = false;
  const fail = (message: string, offset: number): never => {
    throw new InputError(`${file}: ${what}: ${message}`, { file, line: lineOf(text, offset) });
  };
  const place = (value: unknown) => {
    const top = stack[stack.length - 1];
    if (!top) {
      root = value;
      rootSet = true;
    } else if (Array.isArray(top.value)) top.value.push(value);
    else if (top.pending !== null) {
      top.value[top.pending] = value;
      top.pending = null;
    }
  };
  const errors: ParseError[] = [];
  visit(
    text,
    {
      onObjectBegin: () => {
        const value = Object.create(null) as Record<string, unknown>;
        place(value);
        stack.push({ value, keys: new Set(), pending: null });
      },
      onObjectProperty: (key, offset) => {
        const top = stack[stack.length - 1];
        if (!top?.keys) return;
        if (FORBIDDEN_KEYS.has(key)) fail(`the key ${quote(key)} is not allowed (it could change how the file is read)`, offset);
        if (top.keys.has(key)) fail(`duplicate key ${quote(key)} (a second value would silently replace the first)`, offset);
        top.keys.add(key);
        top.pending = key;
      },
      onObjectEnd: () => void stack.pop(),
      onArrayBegin: () => {
        const value: unknown[] = [];
        place(value);
        stack.push({ value, keys: null, pending: null });
      },
      onArrayEnd: () => void stack.pop(),
      onLiteralValue: (value) => place(value),
      onError: (error, offset) => errors.push({ error, offset, length: 0 }),
    },
    { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
  );
  const first = errors[0];
  if (first) fail(`not valid JSON: ${printParseErrorCode(first.error)}`, first.offset);
  if (!rootSet) fail('not valid JSON: empty', 0);
  return root;
}
