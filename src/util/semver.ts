// node-semver's functions, each from its own module. `import semver from 'semver'` loads all 47
// of its files (and builds the comparators of `ranges/subset.js` at load time); the everyday
// commands (`vigil inventory`, `vigil review`) need a handful, so they import them from here.
export { default as coerce } from 'semver/functions/coerce.js';
export { default as compare } from 'semver/functions/compare.js';
export { default as gt } from 'semver/functions/gt.js';
export { default as major } from 'semver/functions/major.js';
export { default as minor } from 'semver/functions/minor.js';
export { default as satisfies } from 'semver/functions/satisfies.js';
export { default as valid } from 'semver/functions/valid.js';
export { default as validRange } from 'semver/ranges/valid.js';
