import { parseSyml } from '@yarnpkg/parsers';
import { InputError } from '../../errors.js';
import { lineAt, record } from './parse-text.js';

/** yarn.lock text (classic or Berry) through Yarn's own parser; a syntax error names the line. */
export function parseYarnLockText(text: string, file: string): Record<string, unknown> {
  try {
    return record(parseSyml(text));
  } catch (error) {
    const failure = error as { message?: string; location?: { start?: { line?: number } }; mark?: { line?: number } };
    const line = failure.location?.start?.line ?? (failure.mark?.line === undefined ? undefined : failure.mark.line + 1) ?? lineFromMessage(failure.message);
    const reason = (failure.message ?? String(error)).split('\n')[0];
    throw new InputError(`${line === undefined ? file : `${file}:${line}`}: not a valid yarn.lock (${reason})`, { file, ...(line === undefined ? {} : { line }), cause: error });
  }
}

const lineFromMessage = (message: string | undefined): number | undefined => {
  const match = /\((\d+):\d+\)/.exec(message ?? '');
  return match?.[1] === undefined ? undefined : Number(match[1]);
};

/** The descriptors of one entry key: `"a@^1, a@^2"` → `['a@^1', 'a@^2']`. */
export function splitDescriptors(key: string): string[] {
  return key.split(/,\s*/).map((part) => part.trim().replace(/^"|"$/g, '')).filter((part) => part !== '');
}

/** `name@range` of a descriptor (scoped names keep their `@`). */
export function splitDescriptor(descriptor: string): { name: string; range: string } {
  const at = descriptor.indexOf('@', 1);
  return at === -1 ? { name: descriptor, range: '' } : { name: descriptor.slice(0, at), range: descriptor.slice(at + 1) };
}

/** The line of the entry a descriptor heads (`a@1:`, `"a@1", a@^1:`, `a@1 "scalar"`), found only for messages. */
export function yarnEntryLine(text: string, descriptor: string): number | undefined {
  for (const form of [descriptor, `"${descriptor}"`]) {
    for (let at = text.indexOf(`\n${form}`); at !== -1; at = text.indexOf(`\n${form}`, at + 1)) {
      if (/[:, ]/.test(text[at + 1 + form.length] ?? '')) return lineAt(text, at + 1);
    }
  }
  return undefined;
}
