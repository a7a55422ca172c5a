'use strict';
// Module integrity, loaded with --require by `vigil run --integrity` (so worker threads get it too): every module's bytes must
// match the manifest before they run. Newer Node: synchronous hooks (require and import alike).
// Node 20: ESM hooks on the hooks thread plus the CommonJS loader, so `require` is covered too.
const { readFileSync } = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const { fileURLToPath, pathToFileURL } = require('node:url');
const { checkRequested, integrityError, loadVerifier, requestedPath } = require('./integrity-check.cjs');
const { guardDlopen, guardRequestedPaths } = require('./integrity-links.cjs');

const config = JSON.parse(process.env.VIGIL_INTEGRITY ?? 'null');

function guardCommonJs(check) {
  // What _compile receives is exactly what runs; checking there leaves no gap between check and use.
  const compile = Module.prototype._compile;
  Module.prototype._compile = function vigilCompile(content, filename, ...rest) {
    // `[eval]-wrapper`, `[stdin]`: code from the command line, not a module file (newer Node compiles -e here).
    if (path.isAbsolute(filename)) check(filename, content);
    return compile.call(this, content, filename, ...rest);
  };
  Module._extensions['.json'] = function vigilJson(module, filename) {
    const bytes = readFileSync(filename);
    check(filename, bytes);
    const text = bytes.toString('utf8');
    try {
      module.exports = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    } catch (error) {
      error.message = `${filename}: ${error.message}`;
      throw error;
    }
  };
}

if (config) {
  const check = loadVerifier(config);
  guardCommonJs(check);
  guardRequestedPaths(check.listed, config.manifest);
  // `.node` files loaded by require go through process.dlopen too: one check covers both.
  guardDlopen(check);
  if (typeof Module.registerHooks === 'function') {
    Module.registerHooks({
      resolve(specifier, context, nextResolve) {
        const result = nextResolve(specifier, context);
        if (result.url.startsWith('file:')) {
          const real = fileURLToPath(result.url);
          const requested = requestedPath(specifier, context.parentURL, real);
          if (requested) checkRequested(check.listed, requested, real, config.manifest);
        }
        return result;
      },
      load(url, context, nextLoad) {
        const result = nextLoad(url, context);
        if (url.startsWith('node:')) return result;
        if (!url.startsWith('file:')) throw integrityError(`refusing to load ${url}: only files listed in the manifest may load`);
        if (result.source !== null && result.source !== undefined && result.format !== 'commonjs') {
          check(fileURLToPath(url), typeof result.source === 'string' ? result.source : Buffer.from(result.source));
        }
        return result;
      },
    });
  } else {
    Module.register('./integrity-hooks.mjs', { parentURL: pathToFileURL(__filename), data: config });
  }
}
