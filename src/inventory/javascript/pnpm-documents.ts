/**
 * pnpm 11 writes pnpm-lock.yaml as two YAML documents when the project has config dependencies or
 * pins its package manager: first the "env lockfile" (`configDependencies`,
 * `packageManagerDependencies`: pnpm itself and its platform binaries), then the lockfile proper.
 * pnpm tells them apart by text, not by YAML (lockfile/fs/src/yamlDocuments.ts): the file starts
 * with `---\n` and the main document follows the first `\n---\n` after it; a file that starts with
 * `---\n` and has no such separator is an env document only (when it pins anything for the env),
 * so it has no lockfile; CRLF counts as LF. Anything else is one document, the lockfile.
 *
 * Each part is returned with the lines before it blanked, so a line found in a part is the line
 * of the file.
 */
export interface PnpmDocuments {
  /** The env lockfile document, or null when the file has none. */
  env: string | null;
  /** The lockfile document; blank when the file holds only an env document (pnpm: no lockfile). */
  main: string;
}

const START = '---\n';
const SEPARATOR = '\n---\n';
const ENV_FIELD_LINE = /^\s+(configDependencies|packageManagerDependencies):/m;

export function splitPnpmDocuments(text: string): PnpmDocuments {
  const normalised = text.replace(/\r\n/g, '\n');
  if (!normalised.startsWith(START)) return { env: null, main: text };
  const separator = normalised.indexOf(SEPARATOR, START.length);
  if (separator === -1) {
    // A lone document that merely starts with `---` and pins nothing for the env is what pnpm 9/10
    // and any YAML reader take as the lockfile; only pnpm 11 would read it as an env document.
    return ENV_FIELD_LINE.test(normalised) ? { env: blankBefore(normalised, START.length), main: '' } : { env: null, main: text };
  }
  const env = blankBefore(normalised.slice(0, separator), START.length);
  return { env, main: blankBefore(normalised, separator + SEPARATOR.length) };
}

/** The text from `offset` on, preceded by as many empty lines as there were lines before it. */
const blankBefore = (text: string, offset: number): string => {
  let lines = 0;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) lines++;
  return '\n'.repeat(lines) + text.slice(offset);
};
