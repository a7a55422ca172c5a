'use strict';
// The tracing preload of `vigil permissions infer` (loaded with --require, so worker threads are traced too): records every distinct file, process, worker,
// network, addon, WASI and environment access with the file whose code made it, and writes them
// to $VIGIL_TRACE_DIR when the process (or worker thread) exits. Children inherit it through
// NODE_OPTIONS. It observes only; it never changes what the application may do.
const fs = require('node:fs');
const dgram = require('node:dgram');
const dns = require('node:dns');
const Module = require('node:module');
const net = require('node:net');
const path = require('node:path');
const { fileURLToPath, pathToFileURL, URL } = require('node:url');
const threads = require('node:worker_threads');
const { controlChildren } = require('./child-control.cjs');
const { commandLine, describeSpawn } = require('./commands.cjs');

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

/**
 * The name each looked-up address came from (dns.lookup, callback and promise): a library that
 * resolves first and then connects to the address is recorded as `name:port`, as if it had
 * connected by name, so the inferred policy names the host (which `vigil run` lets it look up,
 * then reach at that address) rather than an address that changes with DNS.
 */
const lookedUp = new Map();

function traceLookups() {
  const remember = (name, answer) => {
    for (const entry of Array.isArray(answer) ? answer : [answer]) if (entry?.address) lookedUp.set(String(entry.address).toLowerCase(), String(name).toLowerCase());
  };
  const lookup = dns.lookup;
  dns.lookup = function vigilTracedLookup(hostname, ...rest) {
    const at = rest.findLastIndex((value) => typeof value === 'function');
    if (at >= 0 && hostname && net.isIP(String(hostname)) === 0) {
      const callback = rest[at];
      rest[at] = function tracedAnswer(error, address) {
        if (!error && address) remember(hostname, Array.isArray(address) ? address : { address });
        return callback.apply(this, arguments);
      };
    }
    return lookup.call(this, hostname, ...rest);
  };
  const promiseLookup = dns.promises.lookup;
  dns.promises.lookup = async function vigilTracedPromiseLookup(hostname, options) {
    const answer = await promiseLookup.call(this, hostname, options);
    if (hostname && net.isIP(String(hostname)) === 0) remember(hostname, answer);
    return answer;
  };
}

/** `address:port` as `name:port` when the address was looked up by name in this process. */
function byName(target) {
  const match = /^(?<host>.*):(?<port>\d+)$/.exec(target);
  const name = match?.groups && net.isIP(match.groups.host) !== 0 ? lookedUp.get(match.groups.host.toLowerCase()) : undefined;
  return name ? `${name}:${match.groups.port}` : target;
}

function traceNetwork() {
  traceLookups();
  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function vigilTracedConnect(...args) {
    record('net', byName(socketTarget(args)));
    return connect.apply(this, args);
  };
  const listen = net.Server.prototype.listen;
  net.Server.prototype.listen = function vigilTracedListen(...args) {
    const first = args[0];
    if (first && typeof first === 'object' && (first.port !== undefined || first.host !== undefined)) record('listen', `${first.host ?? '*'}:${first.port ?? 0}`);
    else if (typeof first === 'string' && !/^\d+$/.test(first)) record('write', path.resolve(first));
    else if (typeof first === 'number' || typeof first === 'string' || first === undefined || typeof first === 'function') {
      record('listen', `${typeof args[1] === 'string' ? args[1] : '*'}:${typeof first === 'function' || first === undefined ? 0 : first}`);
    }
    return listen.apply(this, args);
  };
  const send = dgram.Socket.prototype.send;
  dgram.Socket.prototype.send = function vigilTracedSend(...args) {
    // As dgram decides: (msg, offset, length, port, address) when a port is in fourth place, else (msg, port, address).
    const explicit = args[4] || (args[3] && typeof args[3] !== 'function');
    const [port, address] = explicit ? [args[3], args[4]] : [args[1], args[2]];
    if (port !== undefined && port !== null && typeof port !== 'function') record('net', byName(`${typeof address === 'string' && address ? address : 'localhost'}:${port}`));
    return send.apply(this, args);
  };
}

/** Is this program the Node running us (its children get the policy again: the allow-list says `node`)? */
function isNode(file, cwd) {
  if (!String(file).includes('/')) return /^node(js)?$/.test(String(file));
  return silently(() => {
    try {
      return fs.realpathSync(path.resolve(cwd, String(file))) === fs.realpathSync(process.execPath);
    } catch {
      return false;
    }
  });
}

function traceTheRest() {
  // The exact command line each child runs, as the allow-list of `vigil run` compares it.
  controlChildren({
    forced: { NODE_OPTIONS: process.env.NODE_OPTIONS ?? '', VIGIL_TRACE_DIR: outputDir },
    decide(spawn) {
      const described = describeSpawn(spawn.file, spawn.args);
      const node = described.shell === null && isNode(spawn.file, spawn.cwd);
      record('spawn', commandLine(described, node).slice(0, 300));
      // Spawning copies the whole environment (ignored, see `silently`); only PATH is used to find the program.
      record('env', 'PATH');
      return spawn;
    },
    around: silently,
  });
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
  // A variable counts when the program read it and it was there when the process started; one
  // the program set (or removed) itself is not something the policy must pass in.
  const changed = new Set();
  const seen = (target, key) => typeof key === 'string' && quiet === 0 && !changed.has(key) && Object.prototype.hasOwnProperty.call(target, key);
  process.env = new Proxy(environment, {
    get(target, key) {
      if (seen(target, key)) record('env', key);
      return Reflect.get(target, key);
    },
    has(target, key) {
      if (seen(target, key)) record('env', key);
      return Reflect.has(target, key);
    },
    // process.env is exotic: a write through the proxy must land on it directly (no receiver), or Node throws.
    set(target, key, value) {
      if (typeof key === 'string') changed.add(key);
      target[key] = value;
      return true;
    },
    deleteProperty(target, key) {
      if (typeof key === 'string') changed.add(key);
      return delete target[key];
    },
    defineProperty(target, key, descriptor) {
      if (typeof key === 'string') changed.add(key);
      return Reflect.defineProperty(target, key, descriptor);
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
