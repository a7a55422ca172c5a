/**
 * Node's module resolution (https://nodejs.org/api/modules.html#all-together and the ESM
 * resolver), as a graph needs it: relative files with CommonJS extension and index lookup,
 * `node_modules` up the directory tree, `exports` and `imports` maps (every condition, see
 * exports-map.ts), self-references by package name, and realpaths, so a workspace symlink is one
 * package wherever it is linked from. TypeScript sources are found behind `.js` specifiers.
 */
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, resolve, sep } from 'node:path';
import { aliasTargets, type PathAliases } from './aliases.js';
import { mapTargets, type MapValue } from './exports-map.js';

export interface PackageJson {
  name?: string;
  main?: string;
  module?: string;
  exports?: MapValue;
  imports?: MapValue;
  bin?: string | Record<string, string>;
  browser?: unknown;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  workspaces?: string[] | { packages?: string[] };
}

const EXTENSIONS = ['.js', '.json', '.node', '.cjs', '.mjs', '.ts', '.tsx', '.mts', '.cts', '.jsx'];
const BUILTINS = new Set(builtinModules);

/** A resolver with its caches; one per graph (files do not change while it is built). */
export class Resolver {
  private readonly stats = new Map<string, 'file' | 'dir' | null>();
  private readonly manifests = new Map<string, PackageJson | null>();
  private readonly roots = new Map<string, string | null>();
  private readonly reals = new Map<string, string>();
  private readonly resolved = new Map<string, string[]>();
  /** tsconfig/jsconfig `paths` and `baseUrl` of the project, applied to its own files (not to node_modules). */
  aliases: PathAliases | null = null;

  kind(path: string): 'file' | 'dir' | null {
    let kind = this.stats.get(path);
    if (kind === undefined) {
      const stat = statSync(path, { throwIfNoEntry: false });
      kind = stat ? (stat.isDirectory() ? 'dir' : 'file') : null;
      this.stats.set(path, kind);
    }
    return kind;
  }

  real(path: string): string {
    let real = this.reals.get(path);
    if (real === undefined) {
      try {
        real = realpathSync(path);
      } catch {
        real = path;
      }
      this.reals.set(path, real);
    }
    return real;
  }

  /** The package.json of a directory (null when none, or when it is not JSON). */
  manifest(dir: string): PackageJson | null {
    let manifest = this.manifests.get(dir);
    if (manifest === undefined) {
      manifest = null;
      if (this.kind(join(dir, 'package.json')) === 'file') {
        try {
          const parsed: unknown = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
          manifest = parsed && typeof parsed === 'object' ? (parsed as PackageJson) : null;
        } catch {
          manifest = null;
        }
      }
      this.manifests.set(dir, manifest);
    }
    return manifest;
  }

  /** The nearest directory at or above `dir` whose package.json names a package (or has exports/imports). */
  packageRoot(dir: string): string | null {
    let root = this.roots.get(dir);
    if (root === undefined) {
      const manifest = this.manifest(dir);
      const parent = dirname(dir);
      // A package.json that only sets `type` (lib/esm/package.json) does not start a package.
      const starts = manifest !== null && (manifest.name !== undefined || manifest.exports !== undefined || manifest.imports !== undefined);
      root = starts ? dir : parent === dir ? null : this.packageRoot(parent);
      this.roots.set(dir, root);
    }
    return root;
  }

  private file(path: string): string | null {
    if (this.kind(path) === 'file') return path;
    for (const extension of EXTENSIONS) if (this.kind(path + extension) === 'file') return path + extension;
    // TypeScript's ESM convention: `./x.js` names the source `./x.ts`.
    const js = /\.(c|m)?jsx?$/.exec(path);
    if (js) {
      const base = path.slice(0, js.index);
      for (const extension of ['.ts', '.tsx', '.mts', '.cts']) if (this.kind(base + extension) === 'file') return base + extension;
    }
    return null;
  }

  /** LOAD_AS_FILE, then LOAD_AS_DIRECTORY (package.json main, then index). */
  fileOrDirectory(path: string): string | null {
    const file = this.file(path);
    if (file) return file;
    if (this.kind(path) !== 'dir') return null;
    const manifest = this.manifest(path);
    if (manifest && typeof manifest.main === 'string') {
      const main = this.file(resolve(path, manifest.main)) ?? this.file(join(resolve(path, manifest.main), 'index'));
      if (main) return main;
    }
    return this.file(join(path, 'index'));
  }

  /** Targets of an exports/imports map entry, as files (a bare target in `imports` is resolved as a package). */
  private mapped(packageDir: string, targets: string[], from: string): string[] {
    const out: string[] = [];
    for (const target of targets) {
      if (target.startsWith('./')) {
        const file = this.fileOrDirectory(resolve(packageDir, target));
        if (file) out.push(file);
      } else if (!target.startsWith('../') && !target.startsWith('/')) out.push(...(this.resolve(target, from) ?? []));
    }
    return out;
  }

  private packageEntry(packageDir: string, subpath: string, from: string): string[] {
    const manifest = this.manifest(packageDir);
    if (manifest?.exports !== undefined && manifest.exports !== null) {
      const targets = mapTargets(manifest.exports, subpath === '' ? '.' : `.${subpath}`);
      if (targets !== null) return this.mapped(packageDir, targets, from);
      return [];
    }
    const file = this.fileOrDirectory(subpath === '' ? packageDir : packageDir + subpath);
    return file ? [file] : [];
  }

  /**
   * Files a specifier loads from `from` (realpaths; several when conditions name different
   * files), [] when it resolves to nothing, null for a Node builtin.
   */
  resolve(specifier: string, from: string): string[] | null {
    if (specifier.startsWith('node:') || BUILTINS.has(specifier)) return null;
    const base = dirname(from);
    // The answer depends on the directory, not the file (whether `from` is under node_modules is
    // read from its path, and the directory's path says the same): the files of a directory share
    // their many `require('same-package')`.
    const key = `${base}\0${specifier}`;
    let found = this.resolved.get(key);
    if (found === undefined) {
      found = this.resolveFrom(specifier, from, base);
      this.resolved.set(key, found);
    }
    return found;
  }

  private resolveFrom(specifier: string, from: string, base: string): string[] {
    if (specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..' || specifier.startsWith('/')) {
      const file = this.fileOrDirectory(resolve(base, specifier));
      return file ? [this.real(file)] : [];
    }
    if (specifier.startsWith('file:')) return [];
    const own = this.packageRoot(base);
    if (specifier.startsWith('#')) {
      const imports = own ? this.manifest(own)?.imports : undefined;
      const targets = imports ? mapTargets(imports, specifier) : null;
      return own && targets ? this.mapped(own, targets, join(own, 'package.json')).map((file) => this.real(file)) : [];
    }
    // The project's own files may use tsconfig aliases; the union with node_modules is taken (never a miss).
    const aliased: string[] = [];
    if (this.aliases && !from.includes(`${sep}node_modules${sep}`)) {
      for (const target of aliasTargets(this.aliases, specifier)) {
        const file = this.fileOrDirectory(target);
        if (file) aliased.push(this.real(file));
      }
    }
    const found = this.packageResolve(specifier, from, base, own);
    return aliased.length > 0 ? [...new Set([...aliased, ...found])] : found;
  }

  private packageResolve(specifier: string, from: string, base: string, own: string | null): string[] {
    const parts = specifier.split('/');
    const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
    const subpath = specifier.slice(name.length);
    // Self-reference: a package may import itself by name when it has `exports`.
    const ownManifest = own ? this.manifest(own) : null;
    if (own && ownManifest?.name === name && ownManifest.exports !== undefined) return this.packageEntry(own, subpath, from).map((file) => this.real(file));
    for (let dir = base; ; dir = dirname(dir)) {
      if (!dir.endsWith(`${sep}node_modules`)) {
        const candidate = join(dir, 'node_modules', name);
        if (this.kind(candidate) === 'dir') return this.packageEntry(this.real(candidate), subpath, from).map((file) => this.real(file));
      }
      if (dirname(dir) === dir) return [];
    }
  }
}
