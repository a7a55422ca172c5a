#!/usr/bin/env node
'use strict';
// The `vigil` executable. `vigil run ... -- cmd` loads one bundled CommonJS file
// (../runtime/launcher.cjs, see scripts/bundle-launcher.mjs) rather than the CLI's ES modules,
// because the launcher's start is added to every application's (#18); everything else, and any
// `run` the launcher does not take (help, unknown options, a config file), goes to the CLI bundle
// (./bundle/main.cjs or ./bundle/main.mjs, see scripts/bundle-cli.mjs): main.ts and everything it
// loads, in one file or a few rather than ~130 modules, because resolving and loading them was
// most of the start of `vigil review` and `vigil inventory` (#15).
const nodeModule = require('node:module');

// Node 22.1+ keeps the compiled code on disk; the application `vigil run` starts must not inherit
// the setting, so the variable Node sets for it is removed again (as in main.ts).
const hadCompileCache = process.env.NODE_COMPILE_CACHE !== undefined;
if (typeof nodeModule.enableCompileCache === 'function') nodeModule.enableCompileCache();
if (!hadCompileCache) delete process.env.NODE_COMPILE_CACHE;

async function start() {
  if (process.argv[2] === 'run') {
    const code = await require('../runtime/launcher.cjs').launch(process.argv.slice(3));
    if (code !== undefined) {
      process.exitCode = code;
      return;
    }
  }
  // One CommonJS file through V8's code cache (code-cache.cjs) where Node can require() the ES-only
  // packages the CLI leaves external (oxc-parser): Node 20.19+ and 22.12+. Elsewhere, the ES bundle.
  // A command with a file of its own (bundle/<command>.cjs) runs from it when it is the first word.
  if (process.features.require_module) {
    const codeCache = require('./code-cache.cjs');
    await codeCache.loadBundle(commonJsBundle(codeCache.commandKey(process.argv))).start();
  } else await import('./bundle/main.mjs');
}

/** `bundle/<command>.cjs` where the command (code-cache.cjs's key of the command line) has one; `bundle/main.cjs` otherwise. */
function commonJsBundle(command) {
  const path = require('node:path');
  const own = path.join(__dirname, 'bundle', `${command}.cjs`);
  return require('node:fs').existsSync(own) ? own : path.join(__dirname, 'bundle', 'main.cjs');
}

start().catch((error) => {
  process.stderr.write(`vigil: ${error && error.stack ? error.stack : String(error)}\n`);
  process.exitCode = 3;
});
