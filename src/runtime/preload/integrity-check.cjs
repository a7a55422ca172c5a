// The integrity decision, shared by the CommonJS wrapper (main thread) and the ESM hooks (hooks
// thread): the manifest the launcher checked (same sha256), and a check of the exact bytes that
// are about to run.
'use strict';
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const path = require('node:path');

/** Load the manifest named in the config; refuse if it is not the one the launcher verified. */
function loadVerifier(config) {
  const bytes = readFileSync(config.manifest);
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== config.sha256) throw integrityError(`the manifest ${config.manifest} changed after vigil checked it`);
  const manifest = JSON.parse(bytes.toString('utf8'));
  const root = path.resolve(path.dirname(config.manifest), manifest.root ?? '.');
  const expected = new Map();
  const prefix = root.endsWith(path.sep) ? root : root + path.sep;
  for (const [file, integrity] of Object.entries(manifest.files)) {
    const hashes = String(integrity)
      .split(/\s+/)
      .filter(Boolean)
      .map((entry) => {
        const dash = entry.indexOf('-');
        return { algorithm: entry.slice(0, dash), digest: entry.slice(dash + 1).split('?')[0] };
      });
    // Manifest paths are normalised and '/'-separated (generateManifest writes them so); on POSIX a
    // concatenation is the joined path, and much cheaper than path.join for thousands of entries.
    expected.set(path.sep === '/' ? prefix + file : path.join(root, file), hashes);
  }
  const trusted = (config.trusted ?? []).map((dir) => dir + path.sep);
  const matches = (hashes, source, encoding) =>
    hashes.some(({ algorithm, digest }) => createHash(algorithm).update(source, encoding).digest('base64') === digest);
  return function check(filename, source) {
    if (trusted.some((dir) => filename.startsWith(dir))) return;
    const hashes = expected.get(filename);
    if (!hashes) throw integrityError(`refusing to load ${filename}: it is not in the integrity manifest ${config.manifest}`);
    // Strings come from CommonJS `_compile`, which Node hands the file without its BOM.
    if (typeof source === 'string' ? matches(hashes, source, 'utf8') || matches(hashes, `\uFEFF${source}`, 'utf8') : matches(hashes, source)) return;
    throw integrityError(`refusing to load ${filename}: its bytes differ from the integrity manifest ${config.manifest} (expected ${hashes.map((hash) => `${hash.algorithm}-${hash.digest}`).join(' ')})`);
  };
}

function integrityError(message) {
  return Object.assign(new Error(`vigil integrity: ${message}`), { code: 'ERR_VIGIL_INTEGRITY' });
}

module.exports = { loadVerifier, integrityError };
