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
  // A file written on one line (Bun's tests write bun.lock minified) holds every entry on line 1.
  if (lines.length === 1 || (lines.length === 2 && lines[1] === '')) {
    for (const pkg of packages) pkg.line = 1;
    return;
  }
  const byName = new Map<string, number[]>();
  for (const [index, line] of lines.entries()) {
    for (const name of format.names?.(line) ?? [format.head.exec(line)?.[1]]) {
      if (name === undefined) continue;
      const list = byName.get(name);
      if (list) list.push(index);
      else byName.set(name, [index]);
    }
  }
  for (const pkg of packages) {
    // A yarn.lock tarball or git package is found by its own `resolved` URL (its key may name another package).
    const byResolved = fileName === 'yarn.lock' && (pkg.source === 'tarball' || pkg.source === 'git') && pkg.spec !== undefined ? headAbove(lines, lines.indexOf(`  resolved "${pkg.spec}"`)) : undefined;
    if (byResolved !== undefined) {
      pkg.line = byResolved + 1;
      continue;
    }
    // An alias (`pinned@npm:abbrev@1.1.1`) is found under the name it was asked for first: its own entry.
    const alias = pkg.source === 'alias' ? /^((?:@[^/@]+\/)?[^@]+)@npm:/.exec(pkg.spec ?? '')?.[1] : undefined;
    for (const name of alias === undefined ? [pkg.name] : [alias, pkg.name]) {
      const candidates = byName.get(name) ?? [];
      const found = pkg.version === null ? candidates[0] : candidates.find((index) => format.states(lines, index, pkg.version ?? ''));
      if (found === undefined) continue;
      pkg.line = found + 1;
      break;
    }
  }
}

/** The entry head (a line at column 0) above `index`, or undefined. */
function headAbove(lines: readonly string[], index: number): number | undefined {
  for (let at = index; at >= 0 && index - at < 40; at--) {
    const line = lines[at] ?? '';
    if (line !== '' && !line.startsWith(' ') && !line.startsWith('#')) return at;
  }
  return undefined;
}

interface Format {
  /** A line that heads an entry, with the package name in group 1. */
  head: RegExp;
  /** Every name an entry head line is found under, when one group is not enough (yarn's keys). */
  names?: (line: string) => (string | undefined)[];
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

/**
 * The names a yarn.lock entry key mentions: each descriptor's name, and the target of an `npm:`
 * alias (`"old@npm:abbrev@1.0.x"` is abbrev's entry too). Classic and Berry keys alike.
 */
function yarnKeyNames(line: string): string[] {
  if (line === '' || line.startsWith(' ') || line.startsWith('#') || !line.endsWith(':')) return [];
  const names: string[] = [];
  for (const part of line.slice(0, -1).split(/,\s*/)) {
    const descriptor = /^"?((?:@[^/@"]+\/)?[^@"]+)@(?:npm:((?:@[^/@"]+\/)?[^@"]+)@)?/.exec(part);
    if (descriptor?.[1] !== undefined) names.push(descriptor[1]);
    if (descriptor?.[2] !== undefined) names.push(descriptor[2]);
  }
  return names;
}

/** Classic states `version "1.0.0"`, Berry `version: 1.0.0`, within the entry's block (until a blank line). */
const yarnStates = (lines: readonly string[], index: number, version: string): boolean => {
  const forms = new Set([`version "${version}"`, `version: ${version}`, `version: "${version}"`]);
  for (let at = index + 1; at < lines.length && at < index + 40; at++) {
    const line = (lines[at] ?? '').trim();
    if (forms.has(line)) return true;
    if (line === '') return false;
  }
  return false;
};

const NPM: Format = {
  head: /^\s*"(?:[^"]*node_modules\/)?((?:@[^/"]+\/)?[^/"]+)": \{\s*$/,
  states: statedWithin((version) => `"version": "${version}"`, (line) => /^\s*\}/.test(line) || /": \{\s*$/.test(line)),
};

const FORMATS: Record<string, Format> = {
  'package-lock.json': NPM,
  'npm-shrinkwrap.json': NPM,
  'yarn.lock': { head: /^"?((?:@[^/@"]+\/)?[^@"]+)@/, names: yarnKeyNames, states: yarnStates },
  'pnpm-lock.yaml': { head: /^ {2}'?\/?(?:[a-z0-9.-]+\.[a-z]+\/)?((?:@[^/@']+\/)?[^/@(']+)[@/]/, states: inHead },
  'bun.lock': { head: /^\s*"[^"]*": \["((?:@[^/@"]+\/)?[^@"]+)@/, states: inHead },
};
