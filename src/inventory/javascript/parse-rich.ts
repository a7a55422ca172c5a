import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { parseDocument } from 'yaml';
import { yamlToJs } from '../../util/read-input.js';
import { InputError } from '../../errors.js';
import { foundAt, lineAt } from './parse-text.js';

// JSONC (bun.lock) and YAML (pnpm-lock.yaml): apart from parse-text.ts so only the projects
// that have these lockfiles load jsonc-parser and yaml.

/** JSON with comments and trailing commas (bun.lock), strict about anything else. */
export function parseJsoncStrict(text: string, file: string): unknown {
  const errors: ParseError[] = [];
  const value = withoutStackOverflow(file, 'JSONC', () => parseJsonc(text, errors, { allowTrailingComma: true, disallowComments: false }) as unknown);
  const first = errors[0];
  if (first) {
    const line = lineAt(text, first.offset);
    throw new InputError(`${file}:${line}: not valid JSONC (${printParseErrorCode(first.error)})${foundAt(text, line)}`, { file, line });
  }
  return value;
}

/** YAML into plain values; a syntax error names the line. */
export function parseYaml(text: string, file: string): unknown {
  const document = withoutStackOverflow(file, 'YAML', () => parseDocument(text, { uniqueKeys: false, merge: false }));
  const first = document.errors[0];
  if (first) {
    const line = first.linePos?.[0].line;
    const where = line === undefined ? file : `${file}:${line}`;
    throw new InputError(`${where}: not valid YAML (${first.message.split('\n')[0] ?? first.code})`, { file, ...(line === undefined ? {} : { line }) });
  }
  return yamlToJs(document, file);
}

/**
 * Recursive parsers (jsonc-parser, yaml) overflow the stack on input nested thousands deep (a
 * hostile or corrupt file, issue #20): that is bad input, not a bug in Vigil.
 */
export function withoutStackOverflow<T>(file: string, format: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof RangeError && /call stack/i.test(error.message)) throw new InputError(`${file}: not valid ${format}: nested too deeply to read`, { file, cause: error });
    throw error;
  }
}

