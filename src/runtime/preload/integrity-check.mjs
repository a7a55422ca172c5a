// The integrity decision, shared by the CommonJS wrapper (main thread) and the ESM hooks (hooks
// thread): the manifest the launcher checked (same sha256), and a check of the exact bytes that
// are about to run.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Load the manifest named in the config; refuse if it is not the one the launcher verified. */
export function loadVerifier(config) {
  const bytes = readFileSync(config.manifest);
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== config.sha256) throw integrityError(`the manifest ${config.manifest} changed after vigil checked it`);
  const manifest = JSON.parse(bytes.toString('utf8'));
  const root = path.resolve(path.dirname(config.manifest), manifest.root ?? '.');
  const expected = new Map();
  for (const [file, integrity] of Object.entries(manifest.files)) {
    const hashes = String(integrity)
      .split(/\s+/)
      .filter(Boolean)
      .map((entry) => {
        const dash = entry.indexOf('-');
        return { algorithm: entry.slice(0, dash), digest: entry.slice(dash + 1).split('?')[0] };
      });
    expected.set(path.join(root, file), hashes);
  }
  const trusted = (config.trusted ?? []).map((dir) => dir + path.sep);
  return function check(filename, source) {
    if (trusted.some((dir) => filename.startsWith(dir))) return;
    const hashes = expected.get(filename);
    if (!hashes) throw integrityError(`refusing to load ${filename}: it is not in the integrity manifest ${config.manifest}`);
    for (const candidate of sourceVariants(source)) {
      for (const { algorithm, digest } of hashes) {
        if (createHash(algorithm).update(candidate).digest('base64') === digest) return;
      }
    }
    throw integrityError(`refusing to load ${filename}: its bytes differ from the integrity manifest ${config.manifest} (expected ${hashes.map((hash) => `${hash.algorithm}-${hash.digest}`).join(' ')})`);
  };
}

/** The bytes as loaded: Buffers as they are; strings (CommonJS `_compile`) with and without the BOM Node strips. */
function sourceVariants(source) {
  if (typeof source !== 'string') return [source];
  return [Buffer.from(source, 'utf8'), Buffer.from(`\uFEFF${source}`, 'utf8')];
}

export function integrityError(message) {
  return Object.assign(new Error(`vigil integrity: ${message}`), { code: 'ERR_VIGIL_INTEGRITY' });
}
