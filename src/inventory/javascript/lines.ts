import type { Package } from '../types.js';

/**
 * The line of a package's own entry in the lockfile it was read from, so reports (SARIF) can point
 * at it rather than at line 1. One pass over the lines collects the entry heads each format writes
 * (`"node_modules/<name>": {` for npm 7+, `"<name>": {` for npm v1, `<name>@…:` for yarn,
 * `/<name>@<v>`, `<name>@<v>`, `/<name>/<v>` for pnpm, `"…": ["<name>@<v>"` for bun) by name;
 * a package takes the first of its name whose entry states its version, so the right copy of a
 * package installed twice is named.
 */
export function entryLines(text: string, fileName: string, packages: readonly Package[]): void {
  const format = FORMATS[fileName];
  if (format === undefined) return;
  const lines = text.split('\n');
  const byName = new Map<string, number[]>();
  for (const [index, line] of lines.entries()) {
    const name = format.head.exec(line)?.[1];
    if (name === undefined) continue;
    const list = byName.get(name);
    if (list) list.push(index);
    else byName.set(name, [index]);
  }
  for (const pkg of packages) {
    const candidates = byName.get(pkg.name);
    if (candidates === undefined) continue;
    const found = pkg.version === null ? candidates[0] : candidates.find((index) => format.states(lines, index, pkg.version ?? ''));
    if (found !== undefined) pkg.line = found + 1;
  }
}

interface Format {
  /** A line that heads an entry, with the package name in group 1. */
  head: RegExp;
  /** Does the entry at this line state this version? */
  states: (lines: readonly string[], index: number, version: string) => boolean;
}

/** The version in the entry's own lines, before the next entry head or the end of the block. */
const statedWithin =
  (needle: (version: string) => string, ends: (line: string) => boolean) =>
  (lines: readonly string[], index: number, version: string): boolean => {
    for (let at = index + 1; at < lines.length && at < index + 40; at++) {
      const line = lines[at] ?? '';
      if (line.includes(needle(version))) return true;
      if (ends(line)) return false;
    }
    return false;
  };

/** The version in the head line itself (pnpm and bun keys hold it). */
const inHead = (lines: readonly string[], index: number, version: string): boolean => (lines[index] ?? '').includes(version);

const NPM: Format = {
  head: /^\s*"(?:[^"]*node_modules\/)?((?:@[^/"]+\/)?[^/"]+)": \{\s*$/,
  states: statedWithin((version) => `"version": "${version}"`, (line) => /^\s*\}/.test(line) || /": \{\s*$/.test(line)),
};

const FORMATS: Record<string, Format> = {
  'package-lock.json': NPM,
  'npm-shrinkwrap.json': NPM,
  'yarn.lock': { head: /^"?((?:@[^/@"]+\/)?[^@"]+)@/, states: statedWithin((version) => `version "${version}"`, (line) => line.trim() === '') },
  'pnpm-lock.yaml': { head: /^ {2}'?\/?(?:[a-z0-9.-]+\.[a-z]+\/)?((?:@[^/@']+\/)?[^/@(']+)[@/]/, states: inHead },
  'bun.lock': { head: /^\s*"[^"]*": \["((?:@[^/@"]+\/)?[^@"]+)@/, states: inHead },
};
