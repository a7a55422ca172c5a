import { VigilError } from '../../errors.js';
import type { FileSource } from '../file-source.js';
import type { Inventory, InventoryProblem, InventorySource, Package } from '../types.js';
import { directoryLister, expandPattern } from './directories.js';
import { nestedDependency, nestedRoots } from './nested.js';
import { parseNodeVersion } from './node-version.js';
import { vendoredDependencies } from './registry.js';
import { toPackage, type Resolved } from './to-package.js';
import type { VendoredDependency } from './types.js';

/** What the vendored scanner found in a Node.js core checkout. */
export interface VendoredScan {
  node: Inventory['node'];
  packages: Package[];
  sources: InventorySource[];
  problems: InventoryProblem[];
  /** Directories under deps/ that no registry entry recognises. */
  unrecognised: string[];
}

const NODE_VERSION_FILE = 'src/node_version.h';

/** How a file path is reported: relative to the root, or `<ref>:<path>` when reading a git ref. */
function reported(source: FileSource, path: string): string {
  return source.ref ? `${source.ref.name}:${path}` : path;
}

/** Read one entry's version: the first candidate file that yields one, or the reason none did. */
async function resolveEntry(source: FileSource, entry: VendoredDependency, listDirectories: (directory: string) => Promise<string[]>): Promise<(Resolved & { problem?: InventoryProblem; present: boolean }) | null> {
  const absent: string[] = [];
  // The first file that is there but says nothing usable (`Version: 0`): reported only when no later candidate gives a version.
  let firstUnexpected: { path: string; reason: string; stated: boolean } | null = null;
  for (const candidate of entry.versionFiles) {
    for (const path of await expandPattern(candidate.path, listDirectories)) {
      let text: string | null;
      try {
        text = await source.read(path);
      } catch (error) {
        // Unreadable is not absent: say so and stop, rather than fall back to a file that may disagree.
        const reason = `cannot read ${path}: ${error instanceof VigilError ? error.message : String(error)}`;
        return { version: null, foundIn: reported(source, path), reason, present: true, problem: { path: reported(source, path), message: `${entry.name}: version unknown: ${reason}`, severity: 'error' } };
      }
      if (text === null) continue;
      const outcome = candidate.parser(text);
      if (outcome.kind === 'found') return { version: outcome.version, foundIn: reported(source, path), present: true };
      if (outcome.kind === 'absent') {
        absent.push(`${path}: ${outcome.reason}`);
        continue;
      }
      // Fall through to the next source (METADATA, then README.chromium, ...) rather than stop at the first file.
      firstUnexpected ??= { path, reason: outcome.reason, stated: outcome.stated === true };
    }
  }
  if (firstUnexpected !== null) {
    const { path, reason, stated } = firstUnexpected;
    // A file that itself says "unknown" is what the tree records (a warning); one we cannot read is an error.
    return { version: null, foundIn: reported(source, path), reason: `${path}: ${reason}`, present: true, problem: { path: reported(source, path), message: `${entry.name}: version unknown: ${reason}`, severity: stated ? 'warning' : 'error' } };
  }
  const parent = entry.directory.slice(0, entry.directory.lastIndexOf('/'));
  const name = entry.directory.slice(entry.directory.lastIndexOf('/') + 1);
  const present = (await listDirectories(parent)).includes(name);
  if (!present && absent.length === 0) return null; // not vendored in this release line
  const foundIn = reported(source, entry.directory);
  if (entry.noVersionMarker) return { version: null, foundIn, reason: entry.noVersionMarker, present, problem: { path: foundIn, message: `${entry.name}: version unknown: ${entry.noVersionMarker}`, severity: 'warning' } };
  const looked = entry.versionFiles.map((file) => file.path).join(', ');
  const reason = `no version file found (looked for ${looked})${absent.length ? `; ${absent.join('; ')}` : ''}`;
  return { version: null, foundIn, reason, present, problem: { path: foundIn, message: `${entry.name}: version unknown: ${reason}`, severity: 'error' } };
}

/** A mirror that disagrees with the version found: a warning naming both files and both versions. */
async function checkMirrors(source: FileSource, entry: VendoredDependency, resolved: Resolved): Promise<InventoryProblem[]> {
  const problems: InventoryProblem[] = [];
  if (resolved.version === null) return problems;
  for (const mirror of entry.mirrors ?? []) {
    // The version's own file is read again: a second parser (nbytes' enum) may see another version in it.
    const text = await source.read(mirror.path).catch(() => null);
    const outcome = text === null ? null : mirror.parser(text);
    if (outcome?.kind === 'found' && outcome.version !== resolved.version) {
      problems.push({
        path: reported(source, mirror.path),
        message: `${entry.name}: ${mirror.path} says ${outcome.version} but ${resolved.foundIn} says ${resolved.version}; ${mirror.note ?? 'Node reports the first and ships the second'}`,
        severity: 'warning',
      });
    }
  }
  return problems;
}

/**
 * The vendored dependencies of a Node.js core checkout (recognised by src/node_version.h and
 * deps/), and of a partial tree whose deps/ holds directories the registry knows. Null when the
 * tree is neither. Never throws for one bad file: it becomes a problem and a version-unknown package.
 */
export async function scanVendored(source: FileSource, registry: VendoredDependency[] = vendoredDependencies): Promise<VendoredScan | null> {
  const listDirectories = directoryLister(source);
  const depsDirectories = await listDirectories('deps');
  const known = new Set(registry.map((entry) => entry.directory.split('/')[1]).filter((name) => name !== undefined));
  const nodeText = await source.read(NODE_VERSION_FILE).catch(() => null);
  if (depsDirectories.length === 0 || (nodeText === null && !depsDirectories.some((name) => known.has(name)))) return null;

  const problems: InventoryProblem[] = [];
  const node = nodeText === null ? null : parseNodeVersion(nodeText);
  if (nodeText === null) problems.push({ path: reported(source, NODE_VERSION_FILE), message: 'no src/node_version.h: the Node.js version of this tree is unknown', severity: 'warning' });
  else if (node === null) problems.push({ path: reported(source, NODE_VERSION_FILE), message: 'NODE_MAJOR_VERSION/MINOR/PATCH are not in a known form', severity: 'error' });

  const entries: VendoredDependency[] = [...registry];
  const parents = new Map(registry.map((entry) => [entry.id, entry.directory]));
  for (const root of nestedRoots) {
    for (const name of await listDirectories(root.directory)) if (!root.own.includes(name)) entries.push(nestedDependency(root.parent, root.directory, name));
  }
  const resolved = await Promise.all(entries.map((entry) => resolveEntry(source, entry, listDirectories)));
  const packages: Package[] = [];
  for (const [index, entry] of entries.entries()) {
    const result = resolved[index];
    if (!result) continue;
    if (result.problem) problems.push(result.problem);
    problems.push(...(await checkMirrors(source, entry, result)));
    const parentDirectory = entry.nestedIn ? parents.get(entry.nestedIn) : undefined;
    packages.push(toPackage(entry, { ...result, ...(parentDirectory ? { parentDirectory } : {}) }));
  }

  const unrecognised = depsDirectories.filter((name) => !known.has(name)).map((name) => `deps/${name}`);
  for (const directory of unrecognised) {
    problems.push({ path: reported(source, directory), message: `${directory}: no registry entry recognises this directory, so its version is not reported (add it to src/inventory/vendored/registry.ts)`, severity: 'warning' });
  }
  return {
    node,
    packages,
    sources: [{ kind: 'vendored', path: 'deps', format: node ? `Node.js ${node.version} deps/` : 'deps/ (no src/node_version.h)', packageCount: packages.length }],
    problems,
    unrecognised,
  };
}
