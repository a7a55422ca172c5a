'use strict';
// Every way a process can start another one passes through here before it happens: the
// asynchronous family (spawn, exec, execFile, fork, and a raw `new ChildProcess().spawn()`) meets
// in ChildProcess#spawn with normalised options; spawnSync, execSync and execFileSync are each
// wrapped; `process.execve` (22.15+) too. `decide` may refuse (throw) or rewrite the program and
// its words; `forced` variables (NODE_OPTIONS and Vigil's own) are put on top of whatever
// environment the application passes, because Node's permission model is not inherited.
const childProcess = require('node:child_process');

/** spawnSync/execFileSync(file, args?, options?) and execSync(command, options?) as { file, args (argv0 first), options }. */
function normaliseSync(name, input) {
  const list = [...input];
  if (name === 'execSync') {
    const options = isOptions(list[1]) ? list[1] : {};
    const shell = typeof options.shell === 'string' ? options.shell : '/bin/sh';
    return { file: shell, args: [shell, '-c', String(list[0])], options };
  }
  const extra = Array.isArray(list[1]) ? list[1].map(String) : [];
  const options = isOptions(Array.isArray(list[1]) ? list[2] : list[1]) ? (Array.isArray(list[1]) ? list[2] : list[1]) : {};
  if (options.shell) {
    const shell = typeof options.shell === 'string' ? options.shell : '/bin/sh';
    return { file: shell, args: [shell, '-c', [String(list[0]), ...extra].join(' ')], options };
  }
  return { file: String(list[0]), args: [options.argv0 ?? String(list[0]), ...extra], options };
}

function isOptions(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function envFromPairs(pairs) {
  const env = {};
  for (const pair of pairs ?? []) {
    const at = String(pair).indexOf('=');
    if (at > 0) env[String(pair).slice(0, at)] = String(pair).slice(at + 1);
  }
  return env;
}

/**
 * Install the controls. `decide({ file, args, cwd })` returns `{ file, args }` (possibly
 * rewritten, plus `env` to put on top) or throws; `around` wraps the real call and the copy of
 * the environment (the tracer ignores both).
 */
function controlChildren({ forced, decide = (spawn) => spawn, around = (call) => call() }) {
  const { ChildProcess } = childProcess;
  const spawnChild = ChildProcess.prototype.spawn;
  ChildProcess.prototype.spawn = function vigilSpawn(options, ...rest) {
    if (!options || typeof options !== 'object') return spawnChild.call(this, options, ...rest);
    const decided = decide({ file: options.file, args: options.args, cwd: options.cwd ?? process.cwd() });
    return around(() => {
      const env = { ...envFromPairs(options.envPairs), ...forced, ...(decided.env ?? {}) };
      const settled = { ...options, file: decided.file, args: decided.args, envPairs: Object.entries(env).map(([key, value]) => `${key}=${value}`) };
      return spawnChild.call(this, settled, ...rest);
    });
  };
  const originals = { spawnSync: childProcess.spawnSync, execFileSync: childProcess.execFileSync };
  for (const name of ['spawnSync', 'execSync', 'execFileSync']) {
    childProcess[name] = function vigilSpawnSync(...input) {
      const { file, args, options } = normaliseSync(name, input);
      const decided = decide({ file, args, cwd: options.cwd ?? process.cwd() });
      return around(() => {
        const settled = { ...options, env: { ...(options.env ?? process.env), ...forced, ...(decided.env ?? {}) }, argv0: decided.args[0], shell: false };
        // execSync runs its string through a shell; once decided (the shell is in `file` if still needed), it is execFileSync.
        const call = name === 'spawnSync' ? originals.spawnSync : originals.execFileSync;
        return call.call(this, decided.file, decided.args.slice(1), settled);
      });
    };
  }
  if (typeof process.execve === 'function') {
    const execve = process.execve;
    process.execve = function vigilExecve(file, args = [], env = process.env) {
      const decided = decide({ file: String(file), args: [...args].map(String), cwd: process.cwd() });
      return execve.call(this, decided.file, decided.args, { ...env, ...forced, ...(decided.env ?? {}) });
    };
  }
}

module.exports = { controlChildren, normaliseSync };
