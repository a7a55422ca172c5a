import type { Package } from '../types.js';

/**
 * The line of a package's own entry in the lockfile it was read from, so reports (SARIF) can point
 * at it rather than at line 1. The entry heads each format writes (`"node_modules/<name>": {` for
 * npm 7+, `"<name>": {` for npm v1, `<name>@…:` for yarn, `/<name>@<v>`, `<name>@<v>`,
 * `/<name>/<v>` for pnpm, `"…": ["<name>@<v>"` for bun) are found by name; a package takes the
 * first of its name whose entry states its version, so the right copy of a package installed
 * twice is named.
 *
 * `line` is found when first read: a review reads it for the packages with findings only, and
 * finding it for the 2,200 packages of a 2,000-package lockfile was a tenth of that review's CPU
 * (#15). Until then it is an accessor (shared by the file's packages, so they keep V8's fast
 * properties), in the place among the keys where it was always added; a package whose entry is not
 * found loses the key when read, as it never had one. `inventory --format json` reads them all.
 */
export function entryLines(text: string, fileName: string, packages: readonly Package[]): void {
  const format = FORMATS[fileName];
  if (format === undefined) return;
  const firstBreak = text.indexOf('\n');
  // A file written on one line (Bun's tests write bun.lock minified) holds every entry on line 1.
  if (firstBreak === -1 || firstBreak === text.length - 1) {
    for (const pkg of packages) pkg.line = 1;
    return;
  }
  const finder = new EntryFinder(text, fileName, format);
  const descriptor: PropertyDescriptor = {
    get(this: Package): number | undefined {
      const line = finder.lineOf(this);
      settle(this, line);
      return line;
    },
    set(this: Package, line: number | undefined): void {
      settle(this, line);
    },
    enumerable: true,
    configurable: true,
  };
  for (const pkg of packages) Object.defineProperty(pkg, 'line', descriptor);
}

/** `line` as a plain property, or no property when there is no line. */
function settle(pkg: Package, line: number | undefined): void {
  if (line === undefined) delete pkg.line;
  else Object.defineProperty(pkg, 'line', { value: line, writable: true, enumerable: true, configurable: true });
}

/**
 * How many packages are looked up one by one (a search of the text for each name) before every
 * head of the file is collected in one pass and looked up from there.
 */
const ONE_BY_ONE = 64;

/**
 * A finder for one lockfile, for tests: `oneByOne` lookups by name before collecting every head
 * (both ways must find the same lines).
 */
export function entryFinder(text: string, fileName: string, oneByOne = ONE_BY_ONE): EntryFinder | undefined {
  const format = FORMATS[fileName];
  return format === undefined ? undefined : new EntryFinder(text, fileName, format, oneByOne);
}

/** The entry lines of one lockfile's packages. */
class EntryFinder {
  private heads: Map<string, number[]> | undefined;
  private asked = 0;
  private readonly lines: LineFinder;

  constructor(
    private readonly text: string,
    private readonly fileName: string,
    private readonly format: Format,
    private readonly oneByOne = ONE_BY_ONE,
  ) {
    this.lines = new LineFinder(text);
  }

  /** The 1-based line of the package's entry, or undefined. */
  lineOf(pkg: Pick<Package, 'name' | 'version' | 'source' | 'spec'>): number | undefined {
    const text = this.text;
    // A yarn.lock tarball or git package is found by its own `resolved` URL (its key may name another package).
    if (this.fileName === 'yarn.lock' && (pkg.source === 'tarball' || pkg.source === 'git') && pkg.spec !== undefined) {
      const head = headAbove(text, lineStartOf(text, `  resolved "${pkg.spec}"`));
      if (head !== undefined) return this.lines.lineOf(head);
    }
    // An alias (`pinned@npm:abbrev@1.1.1`) is found under the name it was asked for first: its own entry.
    const alias = pkg.source === 'alias' ? /^((?:@[^/@]+\/)?[^@]+)@npm:/.exec(pkg.spec ?? '')?.[1] : undefined;
    const found = alias === undefined ? this.firstStating(pkg.name, pkg.version) : (this.firstStating(alias, pkg.version) ?? this.firstStating(pkg.name, pkg.version));
    return found === undefined ? undefined : this.lines.lineOf(found);
  }

  /** The first head of `name` whose entry states `version` (the first at all when the version is unknown). */
  private firstStating(name: string, version: string | null): number | undefined {
    const candidates = this.headsOf(name);
    if (version === null) return candidates[0];
    for (const head of candidates) if (this.format.states(this.text, head, version)) return head;
    return undefined;
  }

  /** Where the lines that head an entry of `name` start, in line order. */
  private headsOf(name: string): readonly number[] {
    if (this.heads === undefined && ++this.asked > this.oneByOne) this.heads = findHeads(this.text, this.format);
    if (this.heads !== undefined) return this.heads.get(name) ?? [];
    return headsNamed(this.text, this.format, name);
  }
}

/** Offset of the start of the line holding offset `at`. */
const lineStart = (text: string, at: number): number => (at === 0 ? 0 : text.lastIndexOf('\n', at - 1) + 1);

/** Every head of a text, by the names it is found under, in line order (where each line starts). */
function findHeads(text: string, format: Format): Map<string, number[]> {
  const byName = new Map<string, number[]>();
  const candidate = new RegExp(format.candidate.source, format.candidate.flags);
  let previous = -1;
  for (let match = candidate.exec(text); match !== null; match = candidate.exec(text)) {
    if (match[0] === '') candidate.lastIndex++;
    const start = lineStart(text, match.index);
    if (start === previous) continue;
    previous = start;
    for (const name of format.names(lineAt(text, start))) {
      if (name === undefined) continue;
      const list = byName.get(name);
      if (list) list.push(start);
      else byName.set(name, [start]);
    }
  }
  return byName;
}

/**
 * The heads of one name, found by searching the text for what every head of that name holds
 * (`<name>": {` in npm's) and testing those lines only: the same lines findHeads gives it.
 */
function headsNamed(text: string, format: Format, name: string): number[] {
  const heads: number[] = [];
  const needle = format.needle(name);
  if (name === '' || needle.includes('\n')) return heads;
  let previous = -1;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
    const start = lineStart(text, at);
    if (start === previous) continue;
    previous = start;
    if (format.names(lineAt(text, start)).includes(name)) heads.push(start);
  }
  return heads;
}

/** Line numbers of offsets, from an index of line starts built on first use. */
class LineFinder {
  private starts: number[] | undefined;
  constructor(private readonly text: string) {}

  /** The 1-based line holding offset `at`. */
  lineOf(at: number): number {
    if (this.starts === undefined) {
      this.starts = [0];
      for (let found = this.text.indexOf('\n'); found !== -1; found = this.text.indexOf('\n', found + 1)) this.starts.push(found + 1);
    }
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.starts[middle] ?? 0) <= at) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  }
}

/** Offset of the first line that is exactly `line` (as `split('\n').indexOf` finds it), or -1. */
function lineStartOf(text: string, line: string): number {
  if (line.includes('\n')) return -1;
  for (let at = text.indexOf(line); at !== -1; at = text.indexOf(line, at + 1)) {
    const after = at + line.length;
    if ((at === 0 || text.charCodeAt(at - 1) === NEWLINE) && (after === text.length || text.charCodeAt(after) === NEWLINE)) return at;
  }
  return -1;
}

const NEWLINE = 10;

/** The line after the one starting at `start`, or -1 at the end of the text. */
function nextLine(text: string, start: number): number {
  const end = text.indexOf('\n', start);
  return end === -1 ? -1 : end + 1;
}

/** `text`'s line starting at `start`, without its `\n`. */
function lineAt(text: string, start: number): string {
  const end = text.indexOf('\n', start);
  return text.slice(start, end === -1 ? text.length : end);
}

/** Offset of the entry head (a line at column 0) starting at or above the line at `start`, within 40 lines, or undefined. */
function headAbove(text: string, start: number): number | undefined {
  let at = start;
  for (let seen = 0; at !== -1 && seen < 40; seen++) {
    const line = lineAt(text, at);
    if (line !== '' && !line.startsWith(' ') && !line.startsWith('#')) return at;
    if (at === 0) return undefined;
    at = at === 1 ? 0 : text.lastIndexOf('\n', at - 2) + 1;
  }
  return undefined;
}

interface Format {
  /**
   * Matches somewhere in every line that may head an entry (a global regular expression run over
   * the whole text); only the lines it matches in are made into strings and given to `names`.
   */
  candidate: RegExp;
  /** What every head line of `name` holds (for npm, `<name>": {`). */
  needle: (name: string) => string;
  /** The names a line is found under as an entry head (none for a line that is not one). */
  names: (line: string) => (string | undefined)[];
  /** Does the entry whose head line starts at `start` state this version? */
  states: (text: string, start: number, version: string) => boolean;
}

/** The version in the entry's own lines (the 39 after its head), before the next entry head or the end of the block. */
const statedWithin =
  (needle: (version: string) => string, ends: (line: string) => boolean) =>
  (text: string, start: number, version: string): boolean => {
    const wanted = needle(version);
    let at = nextLine(text, start);
    for (let seen = 1; at !== -1 && seen < 40; seen++) {
      const line = lineAt(text, at);
      if (line.includes(wanted)) return true;
      if (ends(line)) return false;
      at = nextLine(text, at);
    }
    return false;
  };

/** The version in the head line itself (pnpm and bun keys hold it). */
const inHead = (text: string, start: number, version: string): boolean => lineAt(text, start).includes(version);

/** The name in group 1 of `head`, when the line is one. */
const headName =
  (head: RegExp) =>
  (line: string): (string | undefined)[] =>
    [head.exec(line)?.[1]];

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
const yarnStates = (text: string, start: number, version: string): boolean => {
  const forms = new Set([`version "${version}"`, `version: ${version}`, `version: "${version}"`]);
  let at = nextLine(text, start);
  for (let seen = 1; at !== -1 && seen < 40; seen++) {
    const line = lineAt(text, at).trim();
    if (forms.has(line)) return true;
    if (line === '') return false;
    at = nextLine(text, at);
  }
  return false;
};

const NPM: Format = {
  // A head ends, before any other whitespace, with `": {`.
  candidate: /": \{[^\S\n]*(?![^\n])/g,
  needle: (name) => `${name}": {`,
  names: headName(/^\s*"(?:[^"]*node_modules\/)?((?:@[^/"]+\/)?[^/"]+)": \{\s*$/),
  states: statedWithin((version) => `"version": "${version}"`, (line) => /^\s*\}/.test(line) || /": \{\s*$/.test(line)),
};

const FORMATS: Record<string, Format> = {
  'package-lock.json': NPM,
  'npm-shrinkwrap.json': NPM,
  // A key is at column 0, is not a comment, and ends with `:`.
  'yarn.lock': { candidate: /^[^ #\n][^\n]*:$/gm, needle: (name) => `${name}@`, names: yarnKeyNames, states: yarnStates },
  // Keys are indented by two spaces.
  'pnpm-lock.yaml': { candidate: /^ {2}/gm, needle: (name) => name, names: headName(/^ {2}'?\/?(?:[a-z0-9.-]+\.[a-z]+\/)?((?:@[^/@']+\/)?[^/@(']+)[@/]/), states: inHead },
  'bun.lock': { candidate: /": \["/g, needle: (name) => `${name}@`, names: headName(/^\s*"[^"]*": \["((?:@[^/@"]+\/)?[^@"]+)@/), states: inHead },
};
