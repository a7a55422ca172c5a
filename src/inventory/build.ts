import { statSync, type Stats } from 'node:fs';
import { join, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { GitRefSource, WorkTreeSource, type FileSource } from './file-source.js';
import { scanJavaScriptProjects, type JavaScriptScan, type JavaScriptScanOptions } from './javascript/index.js';
import { mergeScans } from './merge.js';
import type { Inventory } from './types.js';
import { directoryLister } from './vendored/directories.js';

// Building an inventory, apart from the area's index: `vigil inventory` and `vigil review` import
// this, so they do not load the vendored registry (its parsers) that index.ts re-exports.

/** How an inventory is built. */
export interface InventoryOptions {
  /** Also walk installed node_modules trees (default true: the recursive part of issue #2). */
  installed?: boolean;
  /** Directories (relative, POSIX) to leave out of the JavaScript scan. */
  exclude?: string[];
  /** Lockfiles larger than this many bytes are reported as a problem, not read (default 64 MiB). */
  maxLockfileSize?: number;
  /** How the inputs were read, for --verbose (e.g. whether npm's hidden lockfile was used, and why not). */
  note?: (message: string) => void;
  /** The JavaScript scanner; replaceable in tests. */
  scanJavaScript?: (source: FileSource, options: JavaScriptScanOptions) => Promise<JavaScriptScan>;
}

/**
 * Node's test fixtures hold deliberately odd and fake packages (module-resolution tests), not
 * dependencies; the vendored registry reads the one it needs (postject) directly.
 */
const NODE_CORE_EXCLUDES = ['test', 'benchmark'];

/**
 * Every third-party component of a tree: Node.js core's vendored dependencies (when the tree is
 * a Node.js checkout) merged with every lockfile, installed node_modules tree and SBOM in it.
 */
export async function buildInventory(source: FileSource, options: InventoryOptions = {}): Promise<Inventory> {
  // Only a tree with directories under deps/ can be a Node.js checkout: the vendored scanner and
  // its parsers are loaded for those alone (scanVendored answers null for the others too).
  const deps = await directoryLister(source)('deps');
  const vendored = deps.length === 0 ? null : await (await import('./vendored/scan.js')).scanVendored(source);
  const scanJavaScript = options.scanJavaScript ?? scanJavaScriptProjects;
  const javascript = await scanJavaScript(source, {
    installed: options.installed ?? true,
    exclude: [...(vendored?.node ? NODE_CORE_EXCLUDES : []), ...(options.exclude ?? [])],
    ...(options.maxLockfileSize === undefined ? {} : { maxLockfileSize: options.maxLockfileSize }),
    ...(options.note ? { note: options.note } : {}),
  });
  return mergeScans(source, vendored, javascript);
}

/**
 * Open a path (and optionally a git ref in it), build its inventory, release the source.
 * A path that does not exist or is not a directory is unusable input (exit 2).
 */
export async function inventoryPath(path: string, options: InventoryOptions & { ref?: string } = {}): Promise<Inventory> {
  const root = resolve(path);
  // Synchronous, as every read of a work tree: a small project's review then never starts libuv's
  // thread pool (four threads, ~4 ms of wall time on Node 20, #15).
  const stats = statOrNull(root);
  if (!stats) throw new InputError(`${root}: no such directory`, { file: root });
  if (!stats.isDirectory()) throw new InputError(`${root}: not a directory (inventory scans a checkout; give the directory that holds the lockfile)`, { file: root });
  // A bare repository has no work tree to read: read the commit its HEAD names, as `git archive HEAD` would.
  const ref = options.ref ?? (isBareRepository(root) ? 'HEAD' : undefined);
  const source = ref ? await GitRefSource.open(root, ref) : new WorkTreeSource(root);
  try {
    return await buildInventory(source, options);
  } finally {
    source.close();
  }
}

/** `HEAD`, `objects/` and `refs/` at the top and no `.git`: a bare git directory (`git clone --bare`, a forge's mirror). */
function isBareRepository(root: string): boolean {
  const [head, objects, refs, dotGit] = ['HEAD', 'objects', 'refs', '.git'].map((name) => statOrNull(join(root, name)));
  return dotGit === null && head?.isFile() === true && objects?.isDirectory() === true && refs?.isDirectory() === true;
}

/** The stats of `path`, or null when it cannot be read (absent, a component not a directory, no permission). */
function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}
