import { promises as fsPromises } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../errors.js';
import { parseStrictJson } from '../files/strict-json.js';

/**
 * An integrity manifest (`vigil-integrity.json`): SRI hashes of every module an application may
 * load, keyed by path relative to `root` (itself relative to the manifest's directory). `app`
 * ties it to one version of the application, so an old manifest cannot vouch for new code.
 *
 * The format is checked by hand (no schema library): `vigil run --integrity` reads it before
 * every start, and the launcher loads nothing it does not need (#18 launcher speed).
 */
export interface IntegrityManifest {
  version: 1;
  app: { name: string; version: string } | null;
  root: string;
  files: Record<string, string>;
}

export const MANIFEST_FILE_NAME = 'vigil-integrity.json';

const SRI = /^(sha256|sha384|sha512)-[A-Za-z0-9+/=]+(\s+(sha256|sha384|sha512)-[A-Za-z0-9+/=]+)*$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every problem in parsed manifest JSON, as `path: message`; empty when it is a manifest. */
export function checkManifest(raw: unknown): string[] {
  const problems: string[] = [];
  if (!isRecord(raw)) return ['(top level): expected an object'];
  const extra = Object.keys(raw).filter((key) => !['version', 'app', 'root', 'files'].includes(key));
  if (extra.length > 0) problems.push(`(top level): Unrecognized key(s) in object: ${extra.map((key) => `'${key}'`).join(', ')}`);
  if (raw.version !== 1) problems.push('version: expected 1');
  if (raw.app !== null) {
    if (!isRecord(raw.app)) problems.push('app: expected { name, version } or null');
    else {
      const appExtra = Object.keys(raw.app).filter((key) => key !== 'name' && key !== 'version');
      if (appExtra.length > 0) problems.push(`app: Unrecognized key(s) in object: ${appExtra.map((key) => `'${key}'`).join(', ')}`);
      if (typeof raw.app.name !== 'string') problems.push('app.name: expected a string');
      if (typeof raw.app.version !== 'string') problems.push('app.version: expected a string');
    }
  }
  if (typeof raw.root !== 'string') problems.push('root: expected a string');
  if (!isRecord(raw.files)) problems.push('files: expected an object of path: SRI hash');
  else for (const [path, hash] of Object.entries(raw.files)) if (typeof hash !== 'string' || !SRI.test(hash)) problems.push(`files.${path}: an SRI hash (sha256/384/512)`);
  return problems;
}

/** Parse and validate manifest bytes; problems name the file. */
export function parseManifest(text: string, file: string): IntegrityManifest {
  // Null-prototype objects; duplicate keys and `__proto__`/`constructor` refused (#18, #20).
  const raw = parseStrictJson(text, file, 'integrity manifest');
  const problems = checkManifest(raw);
  if (problems.length > 0) throw new InputError(`${file}: invalid integrity manifest: ${problems.join('; ')}`, { file });
  return raw as IntegrityManifest;
}

/** The application's name and version from `<root>/package.json`, or null when it has none. */
export async function readAppIdentity(root: string): Promise<{ name: string; version: string } | null> {
  try {
    const manifest = JSON.parse(await fsPromises.readFile(join(root, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
    return typeof manifest.name === 'string' && typeof manifest.version === 'string' ? { name: manifest.name, version: manifest.version } : null;
  } catch {
    return null;
  }
}
