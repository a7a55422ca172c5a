/**
 * Node's lookup of `require(name)` from a package's location (`node_modules/a/node_modules/b`):
 * the first `<dir>/node_modules/<name>` that exists, walking up from the package's own directory.
 * walkUp (below) builds and looks up each candidate path; on a 2,000-package
 * lockfile that is ~20,000 strings made and hashed for ~9,000 dependencies (#15). Here every
 * location is filed once under the name it installs and the directory it is in, and a lookup
 * compares the few directories that install that name with the walk's.
 */
export class InstallLocations {
  /** name → [directory, location] pairs (`node_modules/a/node_modules/b` is b in `node_modules/a`). */
  private readonly byName = new Map<string, string[]>();
  /** The walk of each package location, made once for all its dependencies. */
  private readonly walks = new Map<string, string[]>();

  constructor(
    locations: Iterable<string>,
    /** Is this location installed? For names the index cannot hold (see `resolve`). */
    private readonly has: (location: string) => boolean,
  ) {
    for (const location of locations) {
      const at = location.lastIndexOf('node_modules/');
      // `x/node_modules/n` is n in `x`, `node_modules/n` is n at the top; `/node_modules/n` and
      // `xnode_modules/n` are no candidate path of any directory.
      if (at === -1 || at === 1 || (at > 0 && location.charCodeAt(at - 1) !== SLASH)) continue;
      const name = location.slice(at + MARKER.length);
      const list = this.byName.get(name);
      const entry = [at === 0 ? '' : location.slice(0, at - 1), location];
      if (list) list.push(...entry);
      else this.byName.set(name, entry);
    }
  }

  /** The location Node would load `name` from when required at `from`, or null (as walkUp). */
  resolve(from: string, name: string): string | null {
    // A name holding `node_modules/` is filed under its last part: walk as Node does instead.
    if (name.includes(MARKER)) return walkUp(this.has, from, name);
    const installed = this.byName.get(name);
    if (installed === undefined) return null;
    let walk = this.walks.get(from);
    if (walk === undefined) {
      walk = directoriesUp(from);
      this.walks.set(from, walk);
    }
    for (const dir of walk) {
      for (let index = 0; index < installed.length; index += 2) if (installed[index] === dir) return installed[index + 1] ?? null;
    }
    return null;
  }
}

const MARKER = 'node_modules/';
const SLASH = 0x2f;

/** The directories whose node_modules Node looks in from `from`, nearest first, ending with the root (''). */
export function directoriesUp(from: string): string[] {
  const dirs: string[] = [];
  let dir = from;
  for (;;) {
    dirs.push(dir);
    if (dir === '') return dirs;
    dir = directoryAbove(dir);
  }
}

/** Candidate paths walked up from `from` (the directories of directoriesUp), each looked up. */
export function walkUp(has: (location: string) => boolean, from: string, name: string): string | null {
  let dir = from;
  for (;;) {
    const candidate = dir === '' ? `node_modules/${name}` : `${dir}/node_modules/${name}`;
    if (has(candidate)) return candidate;
    if (dir === '') return null;
    dir = directoryAbove(dir);
  }
}

/** The next directory Node looks in above `dir` (not the root ''): the package holding its node_modules, or its parent folder. */
export function directoryAbove(dir: string): string {
  const nested = dir.lastIndexOf('/node_modules/');
  if (nested !== -1) return dir.slice(0, nested);
  if (dir.startsWith('node_modules/')) return '';
  return dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '';
}
