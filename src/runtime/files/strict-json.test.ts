import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../../errors.js';
import { parsePolicy } from '../policy/load.js';
import { parseManifest } from '../integrity/manifest.js';
import { parseStrictJson } from './strict-json.js';

const variables = { project: '/srv/app', home: '/home/ana', tmp: '/tmp' };

/** The InputError a text raises, with its message and line. */
function failure(text: string): InputError {
  try {
    parseStrictJson(text, '/srv/app/vigil-permissions.json', 'permissions file');
  } catch (error) {
    assert.ok(error instanceof InputError, String(error));
    return error;
  }
  assert.fail(`accepted: ${text}`);
}

test('a duplicate key is an error naming the file, the key and its line, at any depth (last-wins once turned childProcess: false into true)', () => {
  const top = failure('{\n  "version": 1,\n  "childProcess": false,\n  "childProcess": true\n}');
  assert.match(top.message, /^\/srv\/app\/vigil-permissions\.json: permissions file: duplicate key "childProcess" \(a second value would silently replace the first\)$/);
  assert.equal(top.line, 4);
  const nested = failure('{"version":1,"fs":{"read":["${project}"],\n"read":["/"]}}');
  assert.match(nested.message, /duplicate key "read"/);
  assert.equal(nested.line, 2);
  // Keys equal after JSON unescaping are the same key.
  assert.match(failure('{"childProcess":false,"child\\u0050rocess":true}').message, /duplicate key "childProcess"/);
  // The same key in two sibling objects is not a duplicate.
  assert.deepEqual(JSON.parse(JSON.stringify(parseStrictJson('[{"a":1},{"a":2}]', 'f', 'x'))), [{ a: 1 }, { a: 2 }]);
});

test('__proto__, constructor and prototype keys are refused wherever they appear, also written with escapes', () => {
  for (const text of [
    '{"__proto__":{"childProcess":true},"version":1}',
    '{"version":1,"fs":{"__proto__":{"write":["/"]}}}',
    '{"version":1,"constructor":{"prototype":{"childProcess":true}}}',
    '{"version":1,"net":[{"prototype":1}]}',
    '{"\\u005f_proto__":{"childProcess":true}}',
  ]) {
    const error = failure(text);
    assert.match(error.message, /the key "(__proto__|constructor|prototype)" is not allowed \(it could change how the file is read\)/, text);
  }
  // Nothing leaked onto Object.prototype while reading them.
  assert.equal(({} as Record<string, unknown>).childProcess, undefined);
  assert.equal(({} as Record<string, unknown>).write, undefined);
});

test('objects come back without a prototype, so inherited names are never grants', () => {
  const value = parseStrictJson('{"fs":{"read":["a"]}}', 'f', 'x') as Record<string, Record<string, unknown>>;
  assert.equal(Object.getPrototypeOf(value), null);
  assert.equal(Object.getPrototypeOf(value.fs), null);
  assert.equal('toString' in value, false);
  assert.equal('hasOwnProperty' in (value.fs as object), false);
});

test('not strict JSON is refused: comments, trailing commas, empty text, two documents', () => {
  assert.match(failure('{"version":1 // comment\n}').message, /not valid JSON: InvalidCommentToken/);
  assert.match(failure('{"version":1,}').message, /not valid JSON/);
  assert.match(failure('').message, /not valid JSON/);
  assert.match(failure('   ').message, /not valid JSON/);
  assert.match(failure('{"version":1}{"childProcess":true}').message, /not valid JSON/);
});

test('the permissions file and the integrity manifest both go through it', () => {
  assert.throws(() => parsePolicy('{"version":1,"childProcess":false,"childProcess":true}', 'p.json', variables), /p\.json: permissions file: duplicate key "childProcess"/);
  assert.throws(() => parsePolicy('{"version":1,"__proto__":{"addons":true}}', 'p.json', variables), /p\.json: permissions file: the key "__proto__" is not allowed/);
  assert.equal(parsePolicy('{"version":1,"childProcess":false}', 'p.json', variables).childProcess, false);
  const files = '"files":{"app.js":"sha384-AAAA","app.js":"sha384-BBBB"}';
  assert.throws(() => parseManifest(`{"version":1,"root":".",${files}}`, 'm.json'), /m\.json: integrity manifest: duplicate key "app\.js"/);
});
