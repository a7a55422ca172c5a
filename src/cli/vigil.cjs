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
  tuneV8();
  // One CommonJS file through V8's code cache (code-cache.cjs) where Node can require() the ES-only
  // packages the CLI leaves external (oxc-parser): Node 20.19+ and 22.12+. Elsewhere, the ES bundle.
  // A command with a file of its own (bundle/<command>.cjs) runs from it when it is the first word.
  if (process.features.require_module) await require('./code-cache.cjs').loadBundle(commonJsBundle(process.argv[2])).start();
  else await import('./bundle/main.mjs');
}

/**
 * V8 settings for a command that runs ~100 ms (set at run time: the only form a `bin` script has;
 * both are read by V8 as it runs, #15):
 * - What a review or inventory allocates mostly stays alive until it ends (a lockfile's parsed
 *   JSON, its graph, the packages), so each scavenge of the small young generation (1 MB, doubled
 *   at each growth) copies it again: 7 scavenges of a 2,223-entry lockfile's review on Node 22.
 *   Growing it four times at each step (the maximum, 16 MB, unchanged) leaves 5 and ~15 ms less
 *   CPU with the setting below. Faster growth (32: 2 scavenges) saved ~5 ms more there but cost a
 *   small project's review as much (fresh pages touched for nothing).
 * - Maglev (Node 24) and TurboFan compile on other threads whatever gets hot (addEdges, resolve,
 *   walkChains, InstallLocations of that lockfile: ~20-30 ms of compiling, counted in the
 *   process's CPU) for loops that end before the code is ready: ~15 ms CPU more and no wall time
 *   gained. Five times the calls and loop iterations before either: a command that runs for
 *   seconds is still optimised, a little later (a 50,000-package lockfile's review: a few % more
 *   CPU; the everyday 100-2,000-package ones up to ~18% less, docs/BENCHMARKS.md). Turning
 *   Maglev off instead saved as much on the big lockfile but made Node's own path functions
 *   TurboFan-compiled in a small project's review (~14 ms of compiling). Node 20's V8 has other
 *   names for these counts (and prints an error for these), and met the goals already: left as
 *   it is.
 */
function tuneV8() {
  const v8 = require('node:v8');
  v8.setFlagsFromString('--semi-space-growth-factor=4');
  if (Number(process.versions.node.split('.')[0]) < 22) return;
  for (const flag of ['--invocation-count-for-maglev=2000', '--invocation-count-for-maglev-osr=500', '--invocation-count-for-turbofan=15000', '--invocation-count-for-osr=4000']) v8.setFlagsFromString(flag);
}

function commonJsBundle(word) {
  const path = require('node:path');
  const own = /^[a-z]+$/.test(word || '') ? path.join(__dirname, 'bundle', `${word}.cjs`) : null;
  return own !== null && require('node:fs').existsSync(own) ? own : path.join(__dirname, 'bundle', 'main.cjs');
}

start().catch((error) => {
  process.stderr.write(`vigil: ${error && error.stack ? error.stack : String(error)}\n`);
  process.exitCode = 3;
});
