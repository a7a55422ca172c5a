import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InstallLocations, walkUp } from './install-locations.js';

test('install locations resolve as walking up node_modules does, odd paths and names included', () => {
  const locations = new Set([
    'node_modules/a',
    'node_modules/b',
    'node_modules/b/node_modules/a',
    'node_modules/@s/c',
    'node_modules/b/node_modules/@s/c/node_modules/a',
    'packages/w',
    'packages/w/node_modules/a',
    'packages/w/node_modules/b/node_modules/c',
    // Not candidate paths of any directory, or filed under a name holding node_modules/.
    '/node_modules/a',
    'xnode_modules/a',
    'node_modules/node_modules/a',
    'node_modules/',
  ]);
  const has = (location: string): boolean => locations.has(location);
  const index = new InstallLocations(locations, has);
  const froms = [...locations, '', 'packages', 'packages/w/node_modules/b', 'elsewhere/deep', 'node_modules/b/node_modules/@s/c/node_modules/a'];
  const names = ['a', 'b', 'c', '@s/c', 'missing', '', 'node_modules/a', 'a/b'];
  let resolved = 0;
  for (const from of froms) {
    for (const name of names) {
      const expected = walkUp(has, from, name);
      if (expected !== null) resolved++;
      assert.equal(index.resolve(from, name), expected, `${name} from ${JSON.stringify(from)}`);
    }
  }
  assert.ok(resolved > 40);
  assert.equal(index.resolve('node_modules/b', 'a'), 'node_modules/b/node_modules/a');
  assert.equal(index.resolve('packages/w/node_modules/b', 'a'), 'packages/w/node_modules/a');
  assert.equal(index.resolve('packages/w/node_modules/b', '@s/c'), 'node_modules/@s/c');
});
