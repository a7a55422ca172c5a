'use strict';
// Runs the CommonJS CLI bundle (dist/cli/bundle/main.cjs, scripts/bundle-cli.mjs) with V8's code
// cache kept on disk, as `v8-compile-cache` does and as Node 22's `module.enableCompileCache()`
// does for the modules it loads itself: on Node 20 (no compile cache) V8 would otherwise parse and
// compile the 4 MB file at every start (#15).
//
// The cache holds the functions a run compiled (it is written as the process exits), so each
// command keeps its own file: a `vigil --version` first must not leave `review` compiling its code
// at every later start. V8 accepts cached code by the source's length alone, so the key is the
// bundle's SHA-256 (written into its first line at build time), with Node's version and the
// architecture; V8 itself rejects data made under other flags, and then the file is rewritten.
// Compiled code on disk is code that runs: the cache lives in the user's own cache directory
// (`$XDG_CACHE_HOME/vigil/compile-cache`, mode 0700) and is used only when that directory and the
// file belong to the user and nobody else can write to them. Every failure is silent: the
// bundle is then compiled as without a cache. NODE_DISABLE_COMPILE_CACHE=1 turns it off, as Node's.
const fs = require('node:fs');
const path = require('node:path');
const os = require('node:os');
const vm = require('node:vm');
const Module = require('node:module');

const HEADER = '// vigil-bundle ';
const DAY = 24 * 60 * 60 * 1000;

/** The cache directory, created (0700) when absent; null when it is not safely the user's own. */
function cacheDirectory() {
  if (process.env.NODE_DISABLE_COMPILE_CACHE || typeof process.getuid !== 'function') return null;
  const dir = path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'vigil', 'compile-cache');
  try {
    // Created only below a directory of this user's: `sudo vigil ...` with another user's HOME must
    // not leave root-owned folders in it (the default store lives in ~/.cache/vigil too).
    const existing = nearestExisting(dir);
    if (existing === null || existing.uid !== process.getuid()) return null;
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    return ownedByUser(fs.lstatSync(dir)) && fs.lstatSync(dir).isDirectory() ? dir : null;
  } catch {
    return null;
  }
}

/** The lstat of `dir` or of its nearest existing ancestor; null when none can be read. */
function nearestExisting(dir) {
  for (let current = dir; ; current = path.dirname(current)) {
    try {
      return fs.lstatSync(current);
    } catch {
      if (path.dirname(current) === current) return null;
    }
  }
}

/** Belongs to this user and cannot be written by the group or others. */
const ownedByUser = (stats) => stats.uid === process.getuid() && (stats.mode & 0o022) === 0;

/** The cached data in `file`, when it is a regular file of this user's; undefined otherwise. */
function readCache(file) {
  let fd;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
    const stats = fs.fstatSync(fd);
    if (!stats.isFile() || !ownedByUser(stats)) return undefined;
    // A file in use is touched once a day, so that other bundles' writes keep it (writeCache).
    if (Date.now() - stats.mtimeMs > DAY) fs.futimesSync(fd, new Date(), new Date());
    const data = fs.readFileSync(fd);
    return data.length === stats.size ? data : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Write `data` to `file` atomically (a concurrent start reads the old file or the new one). */
function writeCache(dir, file, data) {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temporary, data, { mode: 0o600, flag: 'wx' });
    fs.renameSync(temporary, file);
  } catch {
    fs.rmSync(temporary, { force: true });
  }
  // Files of other bundles (earlier builds or versions of Vigil) are removed once unused for a
  // week: two installed versions run in turn must not delete each other's files at every start.
  const current = path.basename(file).split('-')[0];
  try {
    for (const name of fs.readdirSync(dir)) {
      const other = path.join(dir, name);
      if (name.endsWith('.cache') && !name.startsWith(`${current}-`) && Date.now() - fs.lstatSync(other).mtimeMs > 7 * DAY) fs.rmSync(other, { force: true });
    }
  } catch {
    // best effort
  }
}

/** Which cache file a command line uses: one per command (the first word), `other` for the rest. */
function commandKey(argv) {
  const word = argv[2] ?? '';
  return /^[a-z][a-z-]{0,30}$/.test(word) ? word : 'other';
}

/** Load `file` (a CommonJS bundle) as require would, through V8's code cache; its exports. */
function loadBundle(file) {
  // The bundle is all ASCII (scripts/bundle-cli.mjs): Latin-1 reads it into a one-byte string
  // without UTF-8 decoding, which cost ~15 ms for the 4 MB file as a two-byte string.
  const source = fs.readFileSync(file, 'latin1');
  const hash = source.startsWith(HEADER) ? source.slice(HEADER.length, source.indexOf('\n')) : '';
  const dir = /^[0-9a-f]{64}$/.test(hash) ? cacheDirectory() : null;
  const cacheFile = dir && path.join(dir, `${hash.slice(0, 32)}-${process.version}-${process.arch}-${commandKey(process.argv)}.cache`);
  const cachedData = cacheFile ? readCache(cacheFile) : undefined;
  const script = new vm.Script(Module.wrap(source), { filename: file, ...(cachedData ? { cachedData } : {}) });
  if (cacheFile && (cachedData === undefined || script.cachedDataRejected)) {
    // After the command ran: the data then holds every function it compiled.
    process.once('exit', () => writeCache(dir, cacheFile, script.createCachedData()));
  }
  const dirname = path.dirname(file);
  const module = new Module(file, null);
  module.filename = file;
  module.paths = Module._nodeModulePaths(dirname);
  module.loaded = true;
  script.runInThisContext().call(module.exports, module.exports, Module.createRequire(file), module, file, dirname);
  return module.exports;
}

// The bundles load their vendor files (scripts/bundle-cli.mjs, VENDORED) through the same cache.
globalThis[Symbol.for('vigil.loadBundle')] = loadBundle;

module.exports = { loadBundle, commandKey };
