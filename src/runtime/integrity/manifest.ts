import { readdir, readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import ssri from 'ssri';
import { InputError } from '../../errors.js';
import { MANIFEST_FILE_NAME, readAppIdentity, type IntegrityManifest } from './manifest-format.js';

export { MANIFEST_FILE_NAME, parseManifest, readAppIdentity, type IntegrityManifest } from './manifest-format.js';
export type Algorithm = 'sha256' | 'sha384' | 'sha512';

/** File types Node can load as modules (code, JSON, addons, WebAssembly). */
const MODULE_EXTENSION = /\.(js|mjs|cjs|json|node|wasm)$/;
/** Never part of the application: VCS metadata and Vigil's own files. */
const SKIP_DIRECTORIES = new Set(['.git', '.hg', '.svn']);

/** Every loadable file under `root`, skipping symbolic links (Node loads their real paths, which we list where they live). */
export async function listModuleFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP_DIRECTORIES.has(entry.name)) await walk(path);
      } else if (entry.isFile() && MODULE_EXTENSION.test(entry.name) && entry.name !== MANIFEST_FILE_NAME) found.push(path);
    }
  };
  await walk(root);
  return found.sort();
}

export interface GenerateOptions {
  /** The application root. */
  root: string;
  /** Where the manifest will be written (its `root` is stored relative to this directory). */
  manifestDir: string;
  /** Absolute paths to hash (from an infer run); default: every loadable file under root. */
  files?: string[];
  algorithms?: Algorithm[];
}

/** Hash the application's modules into a manifest. Files outside root are refused: they would not be portable. */
export async function generateManifest(options: GenerateOptions): Promise<IntegrityManifest> {
  const files = options.files ?? (await listModuleFiles(options.root));
  const entries: [string, string][] = [];
  for (const file of [...new Set(files)].sort()) {
    const rel = relative(options.root, file);
    if (rel.startsWith('..') || isAbsolute(rel)) throw new InputError(`${file}: outside the application root ${options.root}; cannot go in its manifest`, { file });
    const integrity = ssri.fromData(await readFile(file), { algorithms: options.algorithms ?? ['sha384'] });
    entries.push([rel.split(sep).join('/'), integrity.toString()]);
  }
  const root = relative(options.manifestDir, options.root).split(sep).join('/') || '.';
  return { version: 1, app: await readAppIdentity(options.root), root, files: Object.fromEntries(entries) };
}

/** Stable text: the bytes that get signed. */
export function serialiseManifest(manifest: IntegrityManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
