import type { Package } from '../types.js';

/**
 * The line of a package's own entry in the lockfile it was read from, so reports (SARIF) can point
 * at it rather than at line 1. One pass over the lines collects the entry heads each format writes
 * (`"node_modules/<name>": {` for npm 7+, `"<name>": {` for npm v1, `<name>@…:` for yarn,
 * `/<name>@<v>`, `<name>@<v>`, `/<name>/<v>` for pnpm, `"…": ["<name>@<v>"` for bun) by name;
 * a package takes the first of its name whose entry states its version, so the right copy of a
 * package installed twice is named.
 *
 * The text is not split: lines are offsets into it, and a line becomes a string only when a cheap
 * test of its characters says it may be an entry head (a 2,000-package package-lock.json has
 * 27,000 lines and 2,200 heads; splitting and matching every line was a twentieth of a review, #15).
 */
export function entryLines(text: string, fileName: string, packages: readonly Package[]): void {
  const format = FORMATS[fileName];
  if (format === undefined) return;
  const lines = new Lines(text);
  // A file written on one line (Bun's tests write bun.lock minified) holds every entry on line 1.
  if (lines.count === 1 || (lines.count === 2 && lines.isEmpty(1))) {
    for (const pkg of packages) pkg.line = 1;
    return;
  }
  const byName = new Map<string, number[]>();
  const add = (name: string | undefined, index: number): void => {
    if (name === undefined) return;
    const list = byName.get(name);
    if (list) list.push(index);
    else byName.set(name, [index]);
  };
  const mayHead = format.mayHead(text);
  for (let index = 0; index < lines.count; index++) {
    if (!mayHead(lines.start(index), lines.end(index))) continue;
    const line = lines.get(index);
    if (format.names === undefined) add(format.head.exec(line)?.[1], index);
    else for (const name of format.names(line)) add(name, index);
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
    const found = alias === undefined ? firstStating(format, lines, byName.get(pkg.name), pkg.version) : (firstStating(format, lines, byName.get(alias), pkg.version) ?? firstStating(format, lines, byName.get(pkg.name), pkg.version));
    if (found !== undefined) pkg.line = found + 1;
  }
}

/** The first of the candidate heads whose entry states `version` (the first at all when the version is unknown). */
function firstStating(format: Format, lines: Lines, candidates: readonly number[] | undefined, version: string | null): number | undefined {
  if (candidates === undefined) return undefined;
  if (version === null) return candidates[0];
  for (const index of candidates) if (format.states(lines, index, version)) return index;
  return undefined;
}

/**
 * The lines of a text as `text.split('\n')` gives them, kept as offsets: `get` makes the string
 * of one line when asked.
 */
export class Lines {
  private readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) this.starts.push(at + 1);
  }

  get count(): number {
    return this.starts.length;
  }

  /** Offset of the line's first character. */
  start(index: number): number {
    return this.starts[index] ?? this.text.length;
  }

  /** Offset just past the line's last character (its `\n`, or the end of the text). */
  end(index: number): number {
    const next = this.starts[index + 1];
    return next === undefined ? this.text.length : next - 1;
  }

  get(index: number): string {
    return index < 0 || index >= this.starts.length ? '' : this.text.slice(this.start(index), this.end(index));
  }

  isEmpty(index: number): boolean {
    return this.start(index) === this.end(index);
  }

  /** The first line that is exactly `line` (as `split('\n').indexOf`), or -1. */
  indexOf(line: string): number {
    if (line.includes('\n')) return -1;
    const text = this.text;
    for (let at = text.indexOf(line); at !== -1; at = text.indexOf(line, at + 1)) {
      const after = at + line.length;
      if ((at === 0 || text.charCodeAt(at - 1) === NEWLINE) && (after === text.length || text.charCodeAt(after) === NEWLINE)) return this.lineOf(at);
    }
    return -1;
  }

  /** The line that holds offset `at`. */
  private lineOf(at: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.starts[middle] ?? 0) <= at) low = middle;
      else high = middle - 1;
    }
    return low;
  }
}

const NEWLINE = 10;

/** The entry head (a line at column 0) above `index`, or undefined. */
function headAbove(lines: Lines, index: number): number | undefined {
  for (let at = index; at >= 0 && index - at < 40; at--) {
    const line = lines.get(at);
    if (line !== '' && !line.startsWith(' ') && !line.startsWith('#')) return at;
  }
  return undefined;
}

type MayHead = (start: number, end: number) => boolean;

interface Format {
  /**
   * For one text: can its line `text.slice(start, end)` be an entry head? A test of a few
   * characters that every head passes (others may too), so most lines never become strings.
   */
  mayHead: (text: string) => MayHead;
  /** A line that heads an entry, with the package name in group 1. */
  head: RegExp;
  /** Every name an entry head line is found under, when one group is not enough (yarn's keys). */
  names?: (line: string) => (string | undefined)[];
  /** Does the entry at this line state this version? */
  states: (lines: Lines, index: number, version: string) => boolean;
}

/** The code units `\s` matches in a JavaScript regular expression. */
function isSpace(code: number): boolean {
  return (code >= 9 && code <= 13) || code === 32 || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

/** Does the line end, before any trailing `\s`, with `": {` (an npm entry head)? */
const endsWithObjectKey = (text: string) => (start: number, end: number): boolean => {
  let at = end;
  while (at > start && isSpace(text.charCodeAt(at - 1))) at--;
  return at - start >= 4 && text.charCodeAt(at - 1) === 0x7b && text.charCodeAt(at - 2) === 0x20 && text.charCodeAt(at - 3) === 0x3a && text.charCodeAt(at - 4) === 0x22;
};

/** A yarn key line: not empty, at column 0, not a comment, ending with `:` (yarnKeyNames' own test). */
const mayBeYarnKey = (text: string) => (start: number, end: number): boolean => end > start && text.charCodeAt(start) !== 0x20 && text.charCodeAt(start) !== 0x23 && text.charCodeAt(end - 1) === 0x3a;

/** pnpm heads are indented by two spaces. */
const mayBePnpmKey = (text: string) => (start: number, end: number): boolean => end - start >= 3 && text.charCodeAt(start) === 0x20 && text.charCodeAt(start + 1) === 0x20;

/**
 * bun heads hold `": ["`: the text is searched for it forward, once, not once per line. Made per
 * text (it remembers where the last occurrence was).
 */
function containing(marker: string): (text: string) => MayHead {
  return (text) => {
    let found = text.indexOf(marker);
    return (start, end) => {
      while (found !== -1 && found < start) found = text.indexOf(marker, start);
      return found !== -1 && found + marker.length <= end;
    };
  };
}

/** The version in the entry's own lines, before the next entry head or the end of the block. */
const statedWithin =
  (needle: (version: string) => string, ends: (line: string) => boolean) =>
  (lines: Lines, index: number, version: string): boolean => {
    const wanted = needle(version);
    for (let at = index + 1; at < lines.count && at < index + 40; at++) {
      const line = lines.get(at);
      if (line.includes(wanted)) return true;
      if (ends(line)) return false;
    }
    return false;
  };

/** The version in the head line itself (pnpm and bun keys hold it). */
const inHead = (lines: Lines, index: number, version: string): boolean => lines.get(index).includes(version);

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
const yarnStates = (lines: Lines, index: number, version: string): boolean => {
  const forms = new Set([`version "${version}"`, `version: ${version}`, `version: "${version}"`]);
  for (let at = index + 1; at < lines.count && at < index + 40; at++) {
    const line = lines.get(at).trim();
    if (forms.has(line)) return true;
    if (line === '') return false;
  }
  return false;
};

const NPM: Format = {
  mayHead: endsWithObjectKey,
  head: /^\s*"(?:[^"]*node_modules\/)?((?:@[^/"]+\/)?[^/"]+)": \{\s*$/,
  states: statedWithin((version) => `"version": "${version}"`, (line) => /^\s*\}/.test(line) || /": \{\s*$/.test(line)),
};

const FORMATS: Record<string, Format> = {
  'package-lock.json': NPM,
  'npm-shrinkwrap.json': NPM,
  'yarn.lock': { mayHead: mayBeYarnKey, head: /^"?((?:@[^/@"]+\/)?[^@"]+)@/, names: yarnKeyNames, states: yarnStates },
  'pnpm-lock.yaml': { mayHead: mayBePnpmKey, head: /^ {2}'?\/?(?:[a-z0-9.-]+\.[a-z]+\/)?((?:@[^/@']+\/)?[^/@(']+)[@/]/, states: inHead },
  'bun.lock': { mayHead: containing('": ["'), head: /^\s*"[^"]*": \["((?:@[^/@"]+\/)?[^@"]+)@/, states: inHead },
};
