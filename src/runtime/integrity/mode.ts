import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../../errors.js';
import { entryPoint } from '../run.js';
import { MANIFEST_FILE_NAME } from './manifest-format.js';

/**
 * The two modes the WG discussed for #856, plus "optional": `require-manifest` refuses to start
 * without a manifest, `require-signature` also refuses one without a detached signature by the
 * configured key.
 */
export type IntegrityMode = 'optional' | 'require-manifest' | 'require-signature';

export interface IntegrityRequest {
  mode: IntegrityMode;
  /** `--integrity <manifest>` */
  manifest?: string;
  /** `--public-key <pem>`, else the configured key */
  publicKey?: string;
  command: string[];
  cwd: string;
}

/** What `vigil run` must enforce: a manifest (or none) and the key its signature must verify with (or none). */
export interface IntegrityChoice {
  manifest: string | null;
  publicKey: string | null;
}

/**
 * A configured or given key always requires a signature; a required manifest defaults to
 * `vigil-integrity.json` beside the entry point (never a parent directory), like the policy.
 */
export function chooseIntegrity(request: IntegrityRequest): IntegrityChoice {
  const publicKey = request.publicKey ? resolve(request.cwd, request.publicKey) : null;
  if (request.mode === 'require-signature' && !publicKey) {
    throw new UsageError('integrity mode require-signature needs a public key: --public-key <pem> or runtime.publicKey in the configuration');
  }
  if (request.manifest) return { manifest: resolve(request.cwd, request.manifest), publicKey };
  if (request.mode === 'optional') return { manifest: null, publicKey: null };
  const entry = entryPoint(request.command, request.cwd);
  if (!entry) throw new UsageError(`integrity mode ${request.mode} needs a manifest and the entry point is unknown: give --integrity <manifest>`);
  return { manifest: join(dirname(entry), MANIFEST_FILE_NAME), publicKey };
}
