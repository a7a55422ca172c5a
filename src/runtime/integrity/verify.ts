import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { InputError } from '../../errors.js';
import type { IntegrityLaunch } from '../run.js';
import { currentUid, readProtectedFile } from '../files/protected-file.js';
import { parseManifest, readAppIdentity, type IntegrityManifest } from './manifest-format.js';
import { manifestResources } from './node-policy.js';
import { keyFingerprint, readPublicKey, SIGNATURE_SUFFIX, verifyBytes } from './sign.js';

export interface PrepareIntegrityOptions {
  manifest: string;
  /** Require `<manifest>.sig` to verify under this PEM public key. */
  publicKey?: string;
  /** Our uid (tests pass one); files owned by another user (root excepted) are refused. */
  uid?: number;
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
  const uid = 'uid' in options ? options.uid : currentUid();
  // Same rules as the permissions file: not a link, not writable by others, nor any directory above it.
  const bytes = readProtectedFile(options.manifest, 'integrity manifest', { uid });
  const manifest = parseManifest(bytes.toString('utf8'), options.manifest);
  const sidecar = `${options.manifest}${SIGNATURE_SUFFIX}`;
  let signedBy: string | undefined;
  if (!options.publicKey && existsSync(sidecar)) {
    // A signature nobody checks would read as protection; an unsigned or stale one must not pass silently.
    throw new InputError(
      `${sidecar}: the manifest is signed but no public key was given to check the signature; refusing to start (the key comes from --public-key <pem>, or runtime.publicKey in your configuration: ~/.config/vigil/config.yaml)`,
      { file: sidecar },
    );
  }
  if (options.publicKey) {
    const key = readPublicKey(readProtectedFile(options.publicKey, 'public key', { uid }).toString('utf8'), options.publicKey);
    if (!existsSync(sidecar)) throw new InputError(`${options.manifest}: the manifest is not signed (no ${sidecar}) and a signature is required`, { file: options.manifest });
    const signature = readProtectedFile(sidecar, 'manifest signature', { uid }).toString('utf8');
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
  // Loaded here, not at the top: `vigil run` imports this module and never needs it.
  const { default: ssri } = await import('ssri');
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
