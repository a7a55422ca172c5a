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
  const check = function check(filename, source) {
    if (trusted.some((dir) => filename.startsWith(dir))) return;
    const hashes = expected.get(filename);
    if (!hashes) throw integrityError(`refusing to load ${filename}: it is not in the integrity manifest ${config.manifest}`);
    // Strings come from CommonJS `_compile`, which Node hands the file without its BOM.
    if (typeof source === 'string' ? matches(hashes, source, 'utf8') || matches(hashes, `\uFEFF${source}`, 'utf8') : matches(hashes, source)) return;
    throw integrityError(`refusing to load ${filename}: its bytes differ from the integrity manifest ${config.manifest} (expected ${hashes.map((hash) => `${hash.algorithm}-${hash.digest}`).join(' ')})`);
  };
  check.listed = expected;
  return check;
}

/** The absolute paths a manifest lists, without hashing anything (for Node's own policy mode). */
function listedPaths(manifestFile) {
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  const root = path.resolve(path.dirname(manifestFile), manifest.root ?? '.');
  return new Set(Object.keys(manifest.files).map((file) => path.join(root, file)));
}

/**
 * The manifest lists real files (generation skips links). A path it lists must still be that
 * file: loading it through a link swapped in since (to another listed file, #18) is refused,
 * though the bytes the link leads to are approved.
 */
function checkRequested(listed, requested, real, manifestFile) {
  if (requested !== real && listed.has(requested)) {
    throw integrityError(`refusing to load ${requested}: the manifest ${manifestFile} lists it as a file, but it now leads to ${real} (a link was put in its place)`);
  }
}

/** The path a specifier asked for before links were resolved, or null when it cannot be told (builtins, data:). */
function requestedPath(specifier, parentURL, real) {
  const { fileURLToPath, pathToFileURL, URL } = require('node:url');
  if (/^(\.{1,2}\/|\/|file:)/.test(specifier)) {
    try {
      return fileURLToPath(new URL(specifier, parentURL ?? pathToFileURL(process.cwd() + path.sep)));
    } catch {
      return null;
    }
  }
  if (!parentURL || !parentURL.startsWith('file:') || /^[a-z]+:/.test(specifier)) return null;
  // A bare specifier: the package directory Node found, as written, then the rest of the real path inside it.
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  for (let dir = path.dirname(fileURLToPath(parentURL)); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    let realPackage = null;
    try {
      realPackage = require('node:fs').realpathSync(candidate);
    } catch {
      // not here
    }
    if (realPackage && (real === realPackage || real.startsWith(realPackage + path.sep))) return candidate + real.slice(realPackage.length);
    if (path.dirname(dir) === dir) return null;
  }
}

function integrityError(message) {
  return Object.assign(new Error(`vigil integrity: ${message}`), { code: 'ERR_VIGIL_INTEGRITY' });
}

module.exports = { loadVerifier, integrityError, listedPaths, checkRequested, requestedPath };
