// Makes every child process start with the same NODE_OPTIONS (and Vigil variables) as this one:
// Node's permission model is not inherited by children, so the launcher's flags must travel in
// the environment, and an application that passes its own `env` must not drop them.
'use strict';
const childProcess = require('node:child_process');

/** Positions of the options argument: (file, args?, options?) or (command, options?). */
const SHAPES = {
  spawn: 'file',
  spawnSync: 'file',
  execFile: 'file',
  execFileSync: 'file',
  fork: 'file',
  exec: 'command',
  execSync: 'command',
};

function isOptions(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Return the arguments with `options.env` carrying `forced` on top of the env the child would get. */
function withForcedEnv(shape, args, forced) {
  const list = [...args];
  let index = 1;
  if (shape === 'file' && Array.isArray(list[1])) index = 2;
  if (!isOptions(list[index])) list.splice(index, 0, {});
  const options = list[index];
  list[index] = { ...options, env: { ...(options.env ?? process.env), ...forced } };
  return list;
}

/**
 * Patch child_process so `forced` variables reach every child; `onSpawn` sees each call first,
 * and `around` wraps the real call (the tracer uses it to ignore the environment copy).
 */
function forceChildEnv(forced, onSpawn, around = (call) => call()) {
  for (const [name, shape] of Object.entries(SHAPES)) {
    const original = childProcess[name];
    if (typeof original !== 'function') continue;
    childProcess[name] = function vigilChild(...args) {
      if (onSpawn) onSpawn(name, args);
      return around(() => original.apply(this, withForcedEnv(shape, args, forced)));
    };
  }
}

module.exports = { withForcedEnv, forceChildEnv };
