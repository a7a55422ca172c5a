'use strict';
// V8 settings of the `vigil` executable (vigil.cjs), apart so that a test can check that the
// running Node knows every flag: V8 prints an error for an unknown one (on stdout or stderr).

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
 *   TurboFan-compiled in a small project's review (~14 ms of compiling).
 * Node 20 (and 21) is left as it is: its V8 has other names for the tiering counts (and prints an
 * error for unknown flags), it met #15's goals already, and the growth factor alone changed
 * nothing measurable there (2,223-entry lockfile 159.1 -> 158.1 ms CPU, small project +1 ms).
 */
function v8Flags(nodeMajor = Number(process.versions.node.split('.')[0])) {
  if (nodeMajor < 22) return [];
  return ['--semi-space-growth-factor=4', '--invocation-count-for-maglev=2000', '--invocation-count-for-maglev-osr=500', '--invocation-count-for-turbofan=15000', '--invocation-count-for-osr=4000'];
}

/** Sets them: called by vigil.cjs before it loads the CLI bundle. */
function tuneV8() {
  const flags = v8Flags();
  if (flags.length === 0) return;
  const v8 = require('node:v8');
  for (const flag of flags) v8.setFlagsFromString(flag);
}

module.exports = { v8Flags, tuneV8 };
