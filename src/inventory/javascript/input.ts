/**
 * What a lockfile parser is given: the file's text and the package.json files of the project
 * it locks (some formats, yarn and npm v1, do not record which dependencies are direct or dev).
 * Parsers are pure functions of this input (STYLE.md: pure core, I/O at the edges).
 */

/** The parts of a package.json that say what a project depends on. */
export interface Manifest {
  /** Directory relative to the scanned root (`.` for the root). */
  dir: string;
  name?: string;
  version?: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  optionalDependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  /** Workspace globs (`workspaces` as an array or `{ packages }`). */
  workspaces: string[];
  /** `bundleDependencies` / `bundledDependencies`. */
  bundled: string[];
  /** Yarn's `resolutions` (the root's apply to the whole project), when there are any. */
  resolutions?: Record<string, string>;
}

export interface LockfileInput {
  /** The lockfile, relative to the scanned root. */
  path: string;
  /** Its directory, relative to the scanned root (`.` for the root). */
  dir: string;
  text: string;
  /** The project's own package.json (dir === input.dir) and its workspaces', when found. */
  manifests: Manifest[];
}

/** `dir` joined with a relative path, POSIX, `.` for empty. */
export function joinDir(dir: string, relative: string): string {
  const parts = [...(dir === '.' ? [] : dir.split('/')), ...relative.split('/')].filter((part) => part !== '' && part !== '.');
  const out: string[] = [];
  for (const part of parts) {
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out.length === 0 ? '.' : out.join('/');
}

/** Does a workspace glob (`packages/*`, `apps/**`) match a relative directory? */
export function matchesWorkspace(patterns: readonly string[], dir: string): boolean {
  return patterns.some((pattern) => globToRegExp(pattern.replace(/\/+$/, '').replace(/^\.\//, '')).test(dir));
}

const globToRegExp = (pattern: string): RegExp =>
  new RegExp(
    `^${pattern
      .split('/')
      .map((part) => (part === '**' ? '.*' : part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')))
      .join('/')}$`,
  );
