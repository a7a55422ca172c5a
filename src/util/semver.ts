// node-semver's functions, each from its own module. `import semver from 'semver'` loads all 47
// of its files (and builds the comparators of `ranges/subset.js` at load time); the everyday
// commands (`vigil inventory`, `vigil review`) need a handful, so they take them from here.
// They are required, not imported: importing a CommonJS file makes Node's ESM loader lex it for
// its exports first, once per file (node-semver's functions pull in some 25 of them).
import { createRequire } from 'node:module';
import type Coerce from 'semver/functions/coerce.js';
import type Compare from 'semver/functions/compare.js';
import type Gt from 'semver/functions/gt.js';
import type Major from 'semver/functions/major.js';
import type RangeClass from 'semver/classes/range.js';
import type Minor from 'semver/functions/minor.js';
import type Satisfies from 'semver/functions/satisfies.js';
import type Valid from 'semver/functions/valid.js';
import type ValidRange from 'semver/ranges/valid.js';

const require = createRequire(import.meta.url);

export const coerce = require('semver/functions/coerce.js') as typeof Coerce;
export const compare = require('semver/functions/compare.js') as typeof Compare;
export const gt = require('semver/functions/gt.js') as typeof Gt;
export const major = require('semver/functions/major.js') as typeof Major;
export const minor = require('semver/functions/minor.js') as typeof Minor;
export const satisfies = require('semver/functions/satisfies.js') as typeof Satisfies;
export const valid = require('semver/functions/valid.js') as typeof Valid;
export const validRange = require('semver/ranges/valid.js') as typeof ValidRange;
export const Range = require('semver/classes/range.js') as typeof RangeClass;
export type Range = RangeClass;
