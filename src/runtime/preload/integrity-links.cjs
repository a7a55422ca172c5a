'use strict';
// What the integrity preloads add around the loaders: the path a module was asked for (not only
// its real target) and addons loaded with process.dlopen directly (#18).
const fs = require('node:fs');
const path = require('node:path');
const { checkRequested } = require('./integrity-check.cjs');

/**
 * The CommonJS loader turns every path it found into the real one with
 * `fs.realpathSync(path, { [realpathCacheKey]: cache })` (lib/internal/modules/cjs/loader.js,
 * toRealPath); only the loader passes that symbol-keyed cache, so the wrapper sees exactly the
 * paths `require` asked for, and refuses a listed file that has become a link.
 */
function guardRequestedPaths(listed, manifestFile) {
  const realpathSync = fs.realpathSync;
  const wrapped = function vigilRealpath(file, options) {
    const real = realpathSync.apply(this, arguments);
    if (options && typeof options === 'object' && Object.getOwnPropertySymbols(options).length > 0 && typeof file === 'string') {
      checkRequested(listed, path.resolve(file), real, manifestFile);
    }
    return real;
  };
  Object.defineProperties(wrapped, Object.getOwnPropertyDescriptors(realpathSync)); // keeps realpathSync.native
  fs.realpathSync = wrapped;
}

/** process.dlopen is what `require` of a `.node` file calls, and an application may call it directly. */
function guardDlopen(check) {
  const dlopen = process.dlopen;
  process.dlopen = function vigilDlopen(module, filename, ...rest) {
    const file = path.resolve(String(filename));
    check(fs.realpathSync(file), fs.readFileSync(file));
    return dlopen.call(this, module, filename, ...rest);
  };
}

module.exports = { guardRequestedPaths, guardDlopen };
