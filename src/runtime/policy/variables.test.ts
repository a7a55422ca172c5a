import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expandPath, generalisePath, minimisePaths, PolicyPathError } from './variables.js';

const variables = { project: '/home/ana/app', home: '/home/ana', tmp: '/tmp' };

test('variables expand at the start of a path; relative paths are relative to the project', () => {
  assert.equal(expandPath('${project}/data', variables), '/home/ana/app/data');
  assert.equal(expandPath('${tmp}', variables), '/tmp');
  assert.equal(expandPath('config/', variables), '/home/ana/app/config');
  assert.equal(expandPath('/etc/ssl/certs/', variables), '/etc/ssl/certs');
});

test('a relative path or variable path that escapes is refused', () => {
  assert.throws(() => expandPath('../secrets', variables), PolicyPathError);
  assert.throws(() => expandPath('${project}/../../etc', variables), /leaves \$\{project\}/);
  assert.throws(() => expandPath('${nope}/x', variables), /unknown variable/);
  assert.throws(() => expandPath('a/${tmp}', variables), /only start a path/);
});

test('generalising picks the longest variable: the project inside home stays ${project}', () => {
  assert.equal(generalisePath('/home/ana/app/lib/a.js', variables), '${project}/lib/a.js');
  assert.equal(generalisePath('/home/ana/.npmrc', variables), '${home}/.npmrc');
  assert.equal(generalisePath('/tmp', variables), '${tmp}');
  assert.equal(generalisePath('/etc/hosts', variables), '/etc/hosts');
});

test('minimising drops duplicates, trailing slashes and paths inside a granted directory', () => {
  assert.deepEqual(minimisePaths(['/a/b/c', '/a/b/', '/a/b', '/x/y', '/x/yz']), ['/a/b', '/x/y', '/x/yz']);
});
