import { readdir, readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import ssri from 'ssri';
import { z } from 'zod';
import { InputError } from '../../errors.js';
import { parseStrictJson } from '../files/strict-json.js';

/**
 * An integrity manifest (`vigil-integrity.json`): SRI hashes of every module an application may
 * load, keyed by path relative to `root` (itself relative to the manifest's directory). `app`
 * ties it to one version of the application, so an old manifest cannot vouch for new code.
 */
export const IntegrityManifest = z.strictObject({
  version: z.literal(1),
  app: z.strictObject({ name: z.string(), version: z.string() }).nullable(),
  root: z.string(),
  files: z.record(z.string(), z.string().regex(/^(sha256|sha384|sha512)-[A-Za-z0-9+/=]+(\s+(sha256|sha384|sha512)-[A-Za-z0-9+/=]+)*$/, 'an SRI hash (sha256/384/512)')),
});
export type IntegrityManifest = z.infer<typeof IntegrityManifest>;

export const MANIFEST_FILE_NAME = 'vigil-integrity.json';
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

/** The application's name and version from `<root>/package.json`, or null when it has none. */
export async function readAppIdentity(root: string): Promise<{ name: string; version: string } | null> {
  try {
    const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
    return typeof manifest.name === 'string' && typeof manifest.version === 'string' ? { name: manifest.name, version: manifest.version } : null;
  } catch {
    return null;
  }
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

/** Parse and validate manifest bytes; problems name the file. */
export function parseManifest(text: string, file: string): IntegrityManifest {
  // Null-prototype objects; duplicate keys and `__proto__`/`constructor` refused (#18, #20).
  const raw = parseStrictJson(text, file, 'integrity manifest');
  const parsed = IntegrityManifest.safeParse(raw);
  if (!parsed.success) {
    throw new InputError(`${file}: invalid integrity manifest: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(top level)'}: ${issue.message}`).join('; ')}`, { file });
  }
  return parsed.data;
}
