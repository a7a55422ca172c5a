'use strict';
// Loaded with --require by `vigil run --integrity` when Node itself enforces the manifest (Node's
// policy manifests, `--experimental-policy`, Node 20 and 21). Node does the checking; this only
// says it in Vigil's words, naming the file and the manifest, as the hooks do on newer Node:
// - CommonJS: Node's policy error becomes ERR_VIGIL_INTEGRITY (with Node's error as its cause),
//   thrown where `require` was called, so an application that catches it sees the same code;
// - ESM: the loader's error cannot be rethrown from here, so when it goes uncaught a Vigil line
//   is written before Node prints its own.
// Nothing here hashes or reads the manifest: that would be paid twice.
const Module = require('node:module');
const { fileURLToPath } = require('node:url');
const { listedPaths, loadVerifier } = require('./integrity-check.cjs');
const { guardDlopen, guardRequestedPaths } = require('./integrity-links.cjs');

const config = JSON.parse(process.env.VIGIL_INTEGRITY ?? 'null');
const manifest = config?.manifest ?? 'the integrity manifest';

function fileOf(url) {
  try {
    return url.startsWith('file:') ? fileURLToPath(url) : url;
  } catch {
    return url;
  }
}

/** Vigil's sentence for one of Node's policy errors, or null for any other error. */
function describe(error) {
  if (!error || typeof error.message !== 'string') return null;
  if (error.code === 'ERR_MANIFEST_ASSERT_INTEGRITY') {
    const url = /The content of "([^"]+)"/.exec(error.message)?.[1];
    if (!url) return null;
    const found = /Integrities found are: (.*)$/.exec(error.message)?.[1];
    return found
      ? `refusing to load ${fileOf(url)}: its bytes differ from the integrity manifest ${manifest} (found ${found})`
      : `refusing to load ${fileOf(url)}: it is not in the integrity manifest ${manifest}`;
  }
  if (error.code === 'ERR_MANIFEST_DEPENDENCY_MISSING') {
    // Node's ESM resolver reports a resolved file missing from the policy this way (by specifier).
    const match = /Manifest resource (.*) does not list (.*) as a dependency specifier/.exec(error.message);
    return match ? `refusing to load ${match[2]} (from ${fileOf(match[1])}): it is not in the integrity manifest ${manifest}` : null;
  }
  return null;
}

if (config) {
  // Node's policy keys resources by real path, so a listed path swapped for a link is checked here (names only, no hashing).
  guardRequestedPaths(listedPaths(config.manifest), manifest);
  // Node's policy does not see process.dlopen called directly; the verifier (which hashes) loads only then.
  let check = null;
  guardDlopen((file, bytes) => (check ??= loadVerifier(config))(file, bytes));
  // Module.prototype.load runs the extension handlers, where Node checks .js, .json and .node.
  const load = Module.prototype.load;
  Module.prototype.load = function vigilLoad(...args) {
    try {
      return load.apply(this, args);
    } catch (error) {
      const message = describe(error);
      if (message === null) throw error;
      throw Object.assign(new Error(`vigil integrity: ${message}`, { cause: error }), { code: 'ERR_VIGIL_INTEGRITY' });
    }
  };
  process.on('uncaughtExceptionMonitor', (error) => {
    const message = describe(error);
    if (message !== null) process.stderr.write(`vigil integrity: ${message}\n`);
    // Node turns require(esm) and module syntax detection off under a policy manifest (20.19+ has
    // them on by default): say so, and how to run with Vigil's own hooks instead.
    else if (error?.code === 'ERR_REQUIRE_ESM' || (error instanceof SyntaxError && /\b(export|import)\b/.test(error.message))) {
      process.stderr.write(`vigil integrity: Node's policy manifests (which enforce ${manifest} here) turn off require() of ES modules and module syntax detection; if this application relies on them, run vigil run --integrity-hooks\n`);
    }
  });
}
