'use strict';
// The tracing preload of `vigil permissions infer` (loaded with --require, so worker threads are traced too): records every distinct file, process, worker,
// network, addon, WASI and environment access with the file whose code made it, and writes them
// to $VIGIL_TRACE_DIR when the process (or worker thread) exits. Children inherit it through
// NODE_OPTIONS. It observes only; it never changes what the application may do.
const fs = require('node:fs');
const dgram = require('node:dgram');
const Module = require('node:module');
const net = require('node:net');
const path = require('node:path');
const { fileURLToPath, pathToFileURL, URL } = require('node:url');
const threads = require('node:worker_threads');
const { forceChildEnv } = require('./child-env.cjs');

const outputDir = process.env.VIGIL_TRACE_DIR;
const selfDir = __dirname;
/** kind \0 target \0 by → record; the Map keeps each distinct access once, so tracing stays cheap. */
const records = new Map();
let quiet = 0;

/**
 * The first file on the stack that is neither Node's own code nor this preload. With `direct`,
 * a call made by Node's own code (console reading FORCE_COLOR) counts as Node's ('').
 */
function caller(direct) {
  const limit = Error.stackTraceLimit;
  const prepare = Error.prepareStackTrace;
  Error.stackTraceLimit = 30;
  Error.prepareStackTrace = (_, sites) => sites;
  const holder = {};
  Error.captureStackTrace(holder, caller);
  const sites = holder.stack;
  Error.prepareStackTrace = prepare;
  Error.stackTraceLimit = limit;
  if (!Array.isArray(sites)) return '';
  for (const site of sites) {
    let file = site.getFileName?.();
    if (file?.startsWith('file:')) file = fileURLToPath(file);
    if (file?.startsWith(selfDir)) continue;
    if (!file || file.startsWith('node:')) {
      if (direct) return '';
      continue;
    }
    return file; // a path, or `[eval]` for code given with -e
  }
  return '';
}

/** Stack captures per kind+target: after this many, a hot path (an env read in a loop) stops paying for them. */
const CAPTURES_PER_TARGET = 64;
const captures = new Map();

function record(kind, target) {
  if (quiet > 0) return;
  const pair = `${kind}\0${target}`;
  const count = captures.get(pair) ?? 0;
  if (count >= CAPTURES_PER_TARGET) return;
  captures.set(pair, count + 1);
  quiet++;
  try {
    const by = caller(kind === 'env');
    const key = `${kind}\0${target}\0${by}`;
    if (!records.has(key)) records.set(key, { kind, target, by });
  } finally {
    quiet--;
  }
}

/** Run a call without recording what it does inside (Node's fs calls its own exported functions). */
function silently(call) {
  quiet++;
  try {
    return call();
  } finally {
    quiet--;
  }
}

function asPath(value) {
  if (typeof value === 'string') return path.resolve(value);
  if (value instanceof URL) return value.protocol === 'file:' ? fileURLToPath(value) : null;
  if (Buffer.isBuffer(value)) return path.resolve(value.toString('utf8'));
  return null; // file descriptors and FileHandles: the open already went through a traced call
}

/** Open flags that write: w, a, +, or O_WRONLY/O_RDWR/O_CREAT bits. */
function opensForWrite(flags) {
  if (flags === undefined || flags === null) return false;
  if (typeof flags === 'number') return (flags & (fs.constants.O_WRONLY | fs.constants.O_RDWR | fs.constants.O_CREAT)) !== 0;
  return /[wa+]/.test(String(flags));
}

/** [name, kinds of the path arguments]: 'r' read, 'w' write, 'o' decided by the open flags. */
const FS_CALLS = [
  ...['readFile', 'readdir', 'opendir', 'stat', 'lstat', 'access', 'exists', 'realpath', 'readlink', 'statfs', 'watch', 'watchFile', 'createReadStream'].map((name) => [name, ['r']]),
  ...['writeFile', 'appendFile', 'mkdir', 'rm', 'rmdir', 'unlink', 'chmod', 'chown', 'lchown', 'utimes', 'lutimes', 'truncate', 'createWriteStream'].map((name) => [name, ['w']]),
  ['mkdtemp', ['t']],
  ['rename', ['w', 'w']],
  ['copyFile', ['r', 'w']],
  ['cp', ['r', 'w']],
  ['symlink', ['r', 'w']],
  ['link', ['r', 'w']],
  ['open', ['o']],
];

function recordFs(kinds, args) {
  kinds.forEach((kind, index) => {
    const file = asPath(args[index]);
    if (file === null) return;
    if (kind === 'o') {
      const flags = typeof args[1] === 'object' && args[1] !== null ? args[1].flags : args[1];
      record('read', file);
      if (opensForWrite(flags)) record('write', file);
    } else if (kind === 't') record('write', path.dirname(file)); // mkdtemp: a random name inside this directory
    else record(kind === 'r' ? 'read' : 'write', file);
  });
}

function wrap(target, name, kinds) {
  const original = target[name];
  if (typeof original !== 'function') return;
  const wrapped = function vigilTraced(...args) {
    recordFs(kinds, args);
    return silently(() => original.apply(this, args));
  };
  Object.defineProperties(wrapped, Object.getOwnPropertyDescriptors(original)); // keeps util.promisify.custom and friends
  target[name] = wrapped;
}

function traceFs() {
  for (const [name, kinds] of FS_CALLS) {
    wrap(fs, name, kinds);
    wrap(fs, `${name}Sync`, kinds);
    wrap(fs.promises, name, kinds);
  }
}

function socketTarget(args) {
  let first = args[0];
  if (Array.isArray(first)) first = first[0];
  if (first && typeof first === 'object') return first.path ? `unix:${first.path}` : `${first.host ?? 'localhost'}:${first.port}`;
  if (typeof first === 'string' && !/^\d+$/.test(first)) return `unix:${first}`;
  return `${typeof args[1] === 'string' ? args[1] : 'localhost'}:${first}`;
}

function traceNetwork() {
  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function vigilTracedConnect(...args) {
    record('net', socketTarget(args));
    return connect.apply(this, args);
  };
  const send = dgram.Socket.prototype.send;
  dgram.Socket.prototype.send = function vigilTracedSend(...args) {
    const numbers = args.slice(1).filter((value) => typeof value === 'number');
    const port = numbers.length >= 3 ? numbers[2] : numbers[0];
    const host = args.find((value, index) => index > 0 && typeof value === 'string') ?? 'localhost';
    if (port !== undefined) record('net', `${host}:${port}`);
    return send.apply(this, args);
  };
}

function traceTheRest() {
  forceChildEnv({ NODE_OPTIONS: process.env.NODE_OPTIONS ?? '', VIGIL_TRACE_DIR: outputDir }, (name, args) => {
    const words = [args[0], ...(Array.isArray(args[1]) ? args[1] : [])].map(String);
    record('spawn', words.join(' ').slice(0, 300));
    // Spawning copies the whole environment (ignored, see `silently`); only PATH is used to find the program.
    record('env', 'PATH');
  }, silently);
  // Node's own code took `spawn` before this preload ran (the test runner of `node --test` starts
  // each test file that way), so the wrappers above never see it; every asynchronous child still
  // goes through ChildProcess#spawn. Inside the wrappers `quiet` is up: each spawn is recorded once.
  const { ChildProcess } = require('node:child_process');
  const spawnChild = ChildProcess.prototype.spawn;
  ChildProcess.prototype.spawn = function vigilTracedChild(options, ...rest) {
    if (options && typeof options.file === 'string') record('spawn', (Array.isArray(options.args) ? options.args : [options.file]).map(String).join(' ').slice(0, 300));
    return spawnChild.call(this, options, ...rest);
  };
  const dlopen = process.dlopen;
  process.dlopen = function vigilTracedDlopen(module, filename, ...rest) {
    record('addon', String(filename));
    return dlopen.call(this, module, filename, ...rest);
  };
  const Worker = threads.Worker;
  threads.Worker = class TracedWorker extends Worker {
    constructor(file, options) {
      record('worker', file instanceof URL ? fileURLToPath(file) : String(file));
      super(file, options);
    }
  };
  // Importing node:wasi prints an ExperimentalWarning the application never asked for.
  const emitWarning = process.emitWarning;
  process.emitWarning = () => {};
  let wasi;
  try {
    wasi = require('node:wasi');
  } finally {
    process.emitWarning = emitWarning;
  }
  const WASI = wasi.WASI;
  wasi.WASI = class TracedWasi extends WASI {
    constructor(options) {
      record('wasi', 'WASI');
      super(options);
    }
  };
  const environment = process.env;
  process.env = new Proxy(environment, {
    get(target, key) {
      if (typeof key === 'string' && quiet === 0) record('env', key);
      return Reflect.get(target, key);
    },
    has(target, key) {
      if (typeof key === 'string' && quiet === 0) record('env', key);
      return Reflect.has(target, key);
    },
  });
}

/** Does this process start from an ES module (`.mjs`, or `.js` under `"type": "module"`), or preload one of its own? */
function entryIsEsm() {
  const imports = (process.env.NODE_OPTIONS ?? '').split(/\s+/).filter((word) => /^--(import|loader|experimental-loader)\b/.test(word) && !word.includes(selfDir));
  if (imports.length > 0 || process.execArgv.some((word) => /^--(import|loader|experimental-loader)\b/.test(word))) return true;
  const entry = process.argv[1];
  if (!entry || /\.cjs$/.test(entry)) return false;
  if (/\.mjs$/.test(entry)) return true;
  return silently(() => {
    for (let dir = path.dirname(path.resolve(entry)); ; dir = path.dirname(dir)) {
      try {
        return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).type === 'module';
      } catch {
        if (path.dirname(dir) === dir) return false;
      }
    }
  });
}

/** CommonJS and ESM module files, so infer can grant them and integrity can hash them. */
function traceModules() {
  const compile = Module.prototype._compile;
  Module.prototype._compile = function vigilTracedCompile(content, filename, ...rest) {
    if (path.isAbsolute(filename)) records.set(`module\0${filename}\0`, { kind: 'module', target: filename, by: '' });
    return compile.call(this, content, filename, ...rest);
  };
  const json = Module._extensions['.json'];
  Module._extensions['.json'] = function vigilTracedJson(module, filename) {
    if (path.isAbsolute(filename)) records.set(`module\0${filename}\0`, { kind: 'module', target: filename, by: '' });
    return json.call(this, module, filename);
  };
  // The hooks thread costs ~30 ms of CPU per process, most of a traced `node -e` child's start;
  // so only processes that start from ESM (or every process, with VIGIL_TRACE_ESM=all) get it.
  if (typeof Module.register === 'function' && (process.env.VIGIL_TRACE_ESM === 'all' || entryIsEsm())) {
    Module.register('./trace-hooks.mjs', { parentURL: pathToFileURL(__filename), data: { outputDir } });
  }
}

function writeTrace() {
  quiet++;
  const file = path.join(outputDir, `trace-${process.pid}-${threads.threadId}.json`);
  const body = { pid: process.pid, thread: threads.threadId, argv: process.argv, records: [...records.values()] };
  try {
    fs.writeFileSync(file, JSON.stringify(body));
  } catch (error) {
    process.stderr.write(`vigil: could not write the trace ${file}: ${error.message}\n`);
  }
}

if (outputDir) {
  traceFs();
  traceNetwork();
  traceTheRest();
  traceModules();
  Module.syncBuiltinESMExports();
  process.on('exit', writeTrace);
}
