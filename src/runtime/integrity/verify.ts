import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import ssri from 'ssri';
import { InputError } from '../../errors.js';
import type { IntegrityLaunch } from '../run.js';
import { parseManifest, readAppIdentity, type IntegrityManifest } from './manifest.js';
import { manifestResources } from './node-policy.js';
import { keyFingerprint, readPublicKey, SIGNATURE_SUFFIX, verifyBytes } from './sign.js';

export interface PrepareIntegrityOptions {
  manifest: string;
  /** Require `<manifest>.sig` to verify under this PEM public key. */
  publicKey?: string;
}

async function readOrFail(file: string, what: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new InputError(`${file}: ${what} not found; refusing to start without it`, { file, cause: error });
  }
}

/** The application root a manifest describes. */
export function manifestRoot(file: string, manifest: IntegrityManifest): string {
  return resolve(dirname(file), manifest.root);
}

/**
 * What `vigil run --integrity` checks before starting: the manifest exists and parses, it is
 * signed by the configured key when one is required, and it belongs to the application's
 * current version. The sha256 handed to the preload pins these exact bytes.
 */
export async function prepareIntegrity(options: PrepareIntegrityOptions): Promise<IntegrityLaunch> {
  const bytes = await readOrFail(options.manifest, 'integrity manifest');
  const manifest = parseManifest(bytes.toString('utf8'), options.manifest);
  let signedBy: string | undefined;
  if (options.publicKey) {
    const key = readPublicKey((await readOrFail(options.publicKey, 'public key')).toString('utf8'), options.publicKey);
    const sidecar = `${options.manifest}${SIGNATURE_SUFFIX}`;
    let signature: string;
    try {
      signature = await readFile(sidecar, 'utf8');
    } catch (error) {
      throw new InputError(`${options.manifest}: the manifest is not signed (no ${sidecar}) and a signature is required`, { file: options.manifest, cause: error });
    }
    if (!verifyBytes(bytes, signature, key)) {
      throw new InputError(`${sidecar}: the signature does not verify with ${options.publicKey} (${keyFingerprint(key)}): signed by another key, or the manifest changed since`, { file: sidecar });
    }
    signedBy = keyFingerprint(key);
  }
  const root = manifestRoot(options.manifest, manifest);
  const app = await readAppIdentity(root);
  if (manifest.app && app && (manifest.app.name !== app.name || manifest.app.version !== app.version)) {
    throw new InputError(`${options.manifest}: the manifest is for ${manifest.app.name}@${manifest.app.version}, but ${root} is ${app.name}@${app.version}; generate a manifest for this version`, {
      file: options.manifest,
    });
  }
  return {
    manifest: options.manifest,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    modules: Object.keys(manifest.files).length,
    resources: manifestResources(manifest, options.manifest),
    ...(signedBy ? { signedBy } : {}),
  };
}

export interface FileMismatch {
  file: string;
  problem: 'missing' | 'changed';
}

/** Check every listed file on disk (for `vigil integrity verify`): what is missing, what changed. */
export async function verifyFilesOnDisk(file: string, manifest: IntegrityManifest): Promise<FileMismatch[]> {
  const root = manifestRoot(file, manifest);
  const problems: FileMismatch[] = [];
  for (const [rel, integrity] of Object.entries(manifest.files)) {
    let bytes: Buffer;
    try {
      bytes = await readFile(join(root, rel));
    } catch {
      problems.push({ file: rel, problem: 'missing' });
      continue;
    }
    if (!ssri.checkData(bytes, integrity)) problems.push({ file: rel, problem: 'changed' });
  }
  return problems;
}
